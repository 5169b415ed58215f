"""The round page's forms drawn in Python (`pairing_forms.quick_form`) read as crispy-forms
draws them: the same elements, attributes and words, in both languages."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.utils import translation

from pairing import services
from pairing.forms import SELECT_LIMIT, RunRoundForm, SetByHandForm
from pairing.models import PairingRound
from pairing.templatetags.pairing_forms import quick_form

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr")


def same(form) -> None:  # noqa: ANN001 (a form)
    """The two drawings, with each run of white space read as one space (as a browser does
    between these tags)."""
    assert " ".join(str(quick_form(form)).split()) == " ".join(str(as_crispy_form(form)).split())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "initial",
    [
        None,
        {"complementarity": 60, "affinity": 20, "diversity": 20, "goal": "most_pairs"},
        {
            "complementarity": 50,
            "affinity": 25,
            "diversity": 25,
            "goal": "quality",
            "min_score": 60,
        },
    ],
)
def test_the_round_form_reads_as_crispy_draws_it(language, initial):
    with translation.override(language):
        same(RunRoundForm(initial=initial))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lists_of_volunteers_read_as_crispy_draws_them(language, programme, cohort):
    counts = services.approved_counts(programme)
    with translation.override(language):
        same(SetByHandForm(programme=programme, counts=counts))
        assert "Yann Junior" in quick_form(SetByHandForm(programme=programme, counts=counts))


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_typed_in_read_as_crispy_draws_them(language, programme, cohort):
    with translation.override(language):
        same(SetByHandForm(programme=programme, counts={"mentor": SELECT_LIMIT + 1}))


def test_a_form_with_errors_is_drawn_by_crispy():
    form = RunRoundForm(
        {"complementarity": "70", "affinity": "20", "diversity": "20", "goal": "quality"}
    )
    assert not form.is_valid()
    assert str(quick_form(form)) == str(as_crispy_form(form))
    assert PairingRound.Goal.QUALITY.value in str(quick_form(form))
