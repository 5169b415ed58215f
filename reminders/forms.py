from django import forms

from .models import ProgrammeReminderSettings, ReminderPreferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = ReminderPreferences
        fields = ["upcoming_session", "log_nudge", "feedback_request"]


class DaysBeforeForm(forms.ModelForm):
    class Meta:
        model = ProgrammeReminderSettings
        fields = ["days_before"]
