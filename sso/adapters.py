"""allauth's adapters with single sign-on: who may sign in how, and what the provider says.

- A domain that requires single sign-on refuses the password (sign-in, sign-up, reset).
- An identity provider is trusted for the email domains HR gave it: its addresses there
  count as verified, and an account is matched by that address.
- An account is created at someone's first sign-in only when HR allowed it for the domain;
  the provider's claims fill in the directory attributes then, and update them at every
  later sign-in.
"""

import logging

from allauth.account.utils import user_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from people.adapters import AccountAdapter as PeopleAccountAdapter
from people.models import User

from . import services
from .models import EmailDomain, domain_of

logger = logging.getLogger(__name__)


class AccountAdapter(PeopleAccountAdapter):
    def clean_email(self, email: str) -> str:
        if self._signing_up():
            refusal = services.password_refusal(email)
            if refusal:
                raise forms.ValidationError(refusal, code="sso_required")
        return super().clean_email(email)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_email_verified(self, provider, email: str) -> bool:
        """A provider vouches for the addresses of the domains HR gave it."""
        domain = EmailDomain.objects.for_email(email)
        if domain is not None and domain.provider_id == provider.app.provider_id:
            return True
        return super().is_email_verified(provider, email)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Refuse, with words, whoever may not come in; update the others' attributes."""
        if sociallogin.state.get("process") == "connect":
            # An account is tied to its provider at sign-in, by the address the provider
            # vouches for: linking another identity by hand could hand the account to it.
            _refuse(
                request, _("Your account is linked to your company's provider when you sign in.")
            )
        provider_id = sociallogin.provider.app.provider_id
        email = (user_email(sociallogin.user) or "").lower()
        domain = EmailDomain.objects.for_email(email) if email else None
        if domain is not None and domain.provider_id != provider_id:
            _refuse(
                request,
                _("Addresses at %(domain)s sign in through another identity provider.")
                % {"domain": domain.domain},
            )
        person = sociallogin.user if sociallogin.is_existing else None
        if person is None and email:
            person = User.objects.filter(email__iexact=email).first()
        if person is None:
            if not email or domain is None or not domain.create_accounts:
                logger.info("Single sign-on refused %s: no account, domain not open.", email)
                _refuse(
                    request,
                    _(
                        "Tandem has no account for %(email)s, and does not create accounts for "
                        "addresses at %(domain)s. Ask HR to add you to the directory."
                    )
                    % {"email": email or "?", "domain": domain_of(email) if email else "?"},
                )
            return
        verified = any(
            address.verified and address.email.lower() == email
            for address in sociallogin.email_addresses
        )
        if not sociallogin.is_existing and not verified:
            _refuse(
                request,
                _(
                    "Your identity provider did not vouch for the address %(email)s, so Tandem "
                    "cannot tell that the account is yours. Ask HR to link the address to your "
                    "company's identity provider."
                )
                % {"email": email},
            )
        if not person.is_active:
            _refuse(
                request, _("This account is closed. If you think this is a mistake, contact HR.")
            )
        if sociallogin.is_existing:
            services.update_from_provider(person, sociallogin)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # pre_social_login has refused everyone who may not get an account.
        return True

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict) -> User:
        person = super().populate_user(request, sociallogin, data)
        person.email = (person.email or "").lower()
        person.name = (data.get("name") or "").strip() or person.email.split("@")[0]
        language = getattr(request, "LANGUAGE_CODE", "")[:2]
        if language in dict(settings.LANGUAGES):
            person.preferred_language = language
        return person

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None) -> User:
        person = super().save_user(request, sociallogin, form)
        logger.info(
            "Account created at first sign-in through %s.", sociallogin.provider.app.provider_id
        )
        services.update_from_provider(person, sociallogin)
        return person


def _refuse(request: HttpRequest, message: str) -> None:
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))
