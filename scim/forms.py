from django import forms
from django.utils.translation import gettext_lazy as _

VALIDITY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (365, _("One year")),
    (0, _("No expiry (revoke it by hand)")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Who uses it, for example “Entra ID provisioning”."),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"), choices=VALIDITY_CHOICES, coerce=int, initial=365
    )
