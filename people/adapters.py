from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.SIGNUP_EMAIL_DOMAINS


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to the company's own email domains only."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).lower()
        request = getattr(self, "request", None)
        signing_up = (
            request is not None
            and request.resolver_match is not None
            and (request.resolver_match.url_name == "account_signup")
        )
        if signing_up and not email_domain_allowed(email):
            raise forms.ValidationError(
                _("Sign-up is open to addresses at %(domains)s only. Ask HR if you need access.")
                % {"domains": ", ".join(settings.SIGNUP_EMAIL_DOMAINS)}
            )
        return email

    def save_user(self, request, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "").strip()
        language = getattr(request, "LANGUAGE_CODE", "")[:2]
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
        return user
