"""`|text_areas` writes the session page's journal form as crispy-forms writes it, in both
languages, empty or not, and leaves a form that comes back with errors to crispy-forms."""

import pytest
from django.template import engines
from django.utils import translation

from meetings.forms import FeedbackForm, JournalForm
from meetings.templatetags.journal_field import text_areas

CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
TEXTS = ["", "Plain words.", "Line one\nLine <two> & \"three\" 'four'", "  spaces  \n\n"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_journal_reads_as_crispy_forms_writes_it(language):
    with translation.override(language):
        for text in TEXTS:
            form = JournalForm(initial={"text": text})

            assert str(text_areas(form)) == CRISPY.render({"form": form})


def test_a_form_posted_or_of_other_fields_goes_to_crispy_forms():
    posted = JournalForm({"text": "x" * 5000})
    other = FeedbackForm()

    assert str(text_areas(posted)) == CRISPY.render({"form": posted})
    assert "is-invalid" in str(text_areas(posted))
    assert str(text_areas(other)) == CRISPY.render({"form": other})
