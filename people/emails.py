"""The people app's email, written with `common.emails.make_message`, and its sending."""

from collections.abc import Sequence

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from common.emails import make_message, send

from .models import User


def invitation(person: User) -> EmailMultiAlternatives:
    """A link for someone the directory import added to choose their password."""
    key = {"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)}
    return make_message(
        "emails/invitation",
        to=person,
        context={
            "link": settings.SITE_URL + reverse("account_reset_password_from_key", kwargs=key),
            "sign_in_link": settings.SITE_URL + reverse("account_login"),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


def send_invitations(user_ids: Sequence[int]) -> int:
    """Invite each person over one connection; returns how many went out.

    People who have set a password meanwhile are skipped, so that a retried task
    does not invite them again.
    """
    people = User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
    return send([invitation(person) for person in people if not person.has_usable_password()])
