"""Two-factor authentication: open to everyone, required of HR admins and executives.

allauth.mfa provides the authenticator app (TOTP) and recovery codes. HR admins
read the directory and every programme, executives read every dashboard: with
MFA_REQUIRED_FOR_ROLES on, they must activate an authenticator app before any
other page opens, and cannot deactivate it while they hold the role.
"""

from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import User

# Pages a person who must still set up an authenticator app can open: allauth's own
# (sign-in and out, email, password, the MFA set-up), the language switch, the probe.
ALLOWED_URL_NAME_PREFIXES = ("account_", "mfa_")
ALLOWED_URL_NAMES = {"set_language", "healthz"}


def must_use_mfa(user: User) -> bool:
    """The roles given by HR that must sign in with a second factor (when the setting is on)."""
    return bool(
        settings.MFA_REQUIRED_FOR_ROLES
        and user.is_authenticated
        and (user.is_hr_admin or user.is_executive)
    )


def signed_in_through_provider(request: HttpRequest) -> bool:
    """Single sign-on: the company's identity provider asked for the second factor."""
    return any(
        record.get("method") == "socialaccount" for record in get_authentication_records(request)
    )


def has_authenticator_app(user: User) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return "Tandem"

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """An HR admin or an executive keeps their authenticator app while the rule applies."""
        if authenticator.type == Authenticator.Type.TOTP and must_use_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)


class RequireMFAMiddleware:
    """Sends an HR admin or an executive without an authenticator app to its set-up page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if not must_use_mfa(request.user) or signed_in_through_provider(request):
            return None
        match = request.resolver_match
        name = match.url_name if match else None
        if name and (name in ALLOWED_URL_NAMES or name.startswith(ALLOWED_URL_NAME_PREFIXES)):
            return None
        if has_authenticator_app(request.user):
            return None
        messages.warning(
            request,
            _(
                "Your role gives you access to personal data: protect your account with an "
                "authenticator app before you go on."
            ),
        )
        return redirect("mfa_activate_totp")
