"""The review queue's fields write the markup crispy-forms' Bootstrap 5 pack writes for them."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.utils import translation

from enrolments.forms import BulkDecisionForm, ReviewFilterForm
from enrolments.models import Enrolment
from enrolments.templatetags.review_fields import review_field

pytestmark = pytest.mark.django_db


def same_markup(html: str) -> str:
    """The markup without the whitespace around tags and inside them, which crispy's
    templates leave and a browser ignores."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"role": "mentor", "status": "submitted", "topic": "generative-ai"},
        {"role": "nobody", "status": "bogus", "topic": "no-such-topic"},
    ],
)
def test_the_filters_read_as_crispy_writes_them(programme, language, data):
    with translation.override(language):
        for name in ("role", "status", "topic"):
            written = ReviewFilterForm(data, programme=programme)[name]
            by_crispy = ReviewFilterForm(data, programme=programme)[name]
            assert same_markup(review_field(written)) == same_markup(as_crispy_field(by_crispy))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"decision": "declined", "reason": ""},
        {"decision": "approved", "reason": 'Welcome <b>aboard</b> & "see you"'},
        {"decision": "maybe", "reason": "x" * 2000},
        {"reason": "\nA line first"},
    ],
)
def test_the_decision_reads_as_crispy_writes_it(programme, language, data):
    enrolments = Enrolment.objects.filter(programme=programme)
    with translation.override(language):
        for name in ("decision", "reason"):
            written = BulkDecisionForm(data, enrolments=enrolments)
            by_crispy = BulkDecisionForm(data, enrolments=enrolments)
            written.is_valid(), by_crispy.is_valid()
            assert same_markup(review_field(written[name])) == same_markup(
                as_crispy_field(by_crispy[name])
            )


def test_another_widget_is_left_to_crispy():
    class Other(forms.Form):
        ticked = forms.BooleanField(label="Ticked")

    assert same_markup(review_field(Other()["ticked"])) == same_markup(
        as_crispy_field(Other()["ticked"])
    )
