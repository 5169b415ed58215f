import zoneinfo

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class SignupForm(forms.Form):
    """The extra field of allauth's sign-up form (allauth's own fields follow)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth's hook; AccountAdapter.save_user has already saved the name."""


def time_zone_choices() -> list[tuple[str, str]]:
    return [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["name", "preferred_language", "time_zone"]


class DirectoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Directory file (CSV)"),
        help_text=_(
            "Saved as “CSV UTF-8 (comma delimited)”, with the columns described on this page."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    send_invitations = forms.BooleanField(
        label=_("Email an invitation to the people this file adds"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
            )
        return upload


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
