from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import User


class ErasureForm(forms.Form):
    """HR types the person's address: a deliberate act, on the right person."""

    email = forms.CharField(
        label=_("Type the person's email address to confirm"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, person: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.person.email.lower():
            raise forms.ValidationError(
                _("This is not %(name)s's address."), params={"name": self.person.name}
            )
        return email
