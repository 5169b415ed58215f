from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .middleware import remember_language, use_language_of
from .models import User

# The pages where someone creates an account. Adding an address to an existing
# account, resetting a password or signing in are not restricted: HR's directory
# may hold addresses outside the sign-up domains.
SIGNUP_URL_NAMES = {"account_signup"}


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.SIGNUP_EMAIL_DOMAINS


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to the company's own email domains only; emails go out in
    the recipient's language; failed sign-ins are counted per account and address."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).lower()
        if self._signing_up() and not email_domain_allowed(email):
            raise forms.ValidationError(
                _("Sign-up is open to addresses at %(domains)s only. Ask HR if you need access.")
                % {"domains": ", ".join(settings.SIGNUP_EMAIL_DOMAINS)},
                code="email_domain_not_allowed",
            )
        return email

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The key of allauth's "login_failed" limit per key: the account *and* the client
        address together (as allauth counts addresses: an IPv6 /64 is one), so that wrong
        guesses lock out the guesser's address, never the owner signing in from another.
        The limit per address (ACCOUNT_RATE_LIMITS) stops one address trying many accounts.
        allauth 65 names this hook with an underscore: people/tests/test_sign_in_throttling.py
        would fail on an upgrade that dropped it."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{get_ip(request)}"

    def _signing_up(self) -> bool:
        match = getattr(self.request, "resolver_match", None)
        return match is not None and match.url_name in SIGNUP_URL_NAMES

    def save_user(self, request: HttpRequest, user: User, form: forms.Form, commit: bool = True):
        """The name and the language of the sign-up page are saved with the account."""
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "").strip()
        language = getattr(request, "LANGUAGE_CODE", "")[:2]
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
        return user

    def login(self, request: HttpRequest, user: User) -> None:
        """Signed in: the rest of this request speaks the person's language, from the
        “signed in” message on (LocaleMiddleware chose the visitor's before)."""
        super().login(request, user)
        use_language_of(request, user)

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        """The language cookie follows the person, so that the pages they read after
        signing out (the sign-in page, “You have signed out”) stay in their language."""
        response = super().post_login(request, user, **kwargs)
        language = getattr(request, "LANGUAGE_CODE", "")
        if response is not None and language in dict(settings.LANGUAGES):
            remember_language(response, language)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """A known recipient reads the email in the language of their profile."""
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
