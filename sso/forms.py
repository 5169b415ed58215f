from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import EmailDomain


class LoginForm(AllauthLoginForm):
    """A domain that requires single sign-on is refused before any password is checked."""

    def clean_login(self) -> str:
        login = super().clean_login()
        refusal = services.password_refusal(login)
        if refusal:
            raise forms.ValidationError(refusal, code="sso_required")
        return login


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        refusal = services.password_refusal(self.data.get("email", ""))
        if refusal:
            raise forms.ValidationError(refusal, code="sso_required")
        return super().clean_email()


class EmailDomainForm(forms.ModelForm):
    provider_id = forms.ChoiceField(label=_("Identity provider"))

    class Meta:
        model = EmailDomain
        fields = ["domain", "provider_id", "create_accounts", "sso_required"]

    def __init__(self, *args, providers: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider_id"].choices = providers

    def clean_domain(self) -> str:
        return self.cleaned_data["domain"].strip().lower().lstrip("@")
