"""`|checkboxes` writes the person's reminders as crispy-forms writes them, in both languages,
ticked or not, and leaves any other form to crispy-forms."""

import itertools

import pytest
from django.template import engines
from django.utils import translation

from reminders.forms import DaysBeforeForm, PreferencesForm
from reminders.models import ReminderPreferences
from reminders.templatetags.reminder_fields import checkboxes

FIELDS = ("upcoming_session", "log_nudge", "feedback_request")
CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_reminders_read_as_crispy_forms_writes_them_ticked_or_not(language):
    with translation.override(language):
        for ticked in itertools.product([True, False], repeat=len(FIELDS)):
            preferences = ReminderPreferences(**dict(zip(FIELDS, ticked, strict=True)))
            posted = {name: "on" for name, on in zip(FIELDS, ticked, strict=True) if on}
            for form in (
                PreferencesForm(instance=preferences),
                PreferencesForm(posted, instance=preferences),
            ):
                assert str(checkboxes(form)) == CRISPY.render({"form": form})


def test_another_form_goes_to_crispy_forms():
    form = DaysBeforeForm({"days_before": "not a number"})

    assert str(checkboxes(form)) == CRISPY.render({"form": form})
    assert "is-invalid" in str(checkboxes(form))
