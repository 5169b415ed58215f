"""The enrolments' emails, each in its recipient's language (see common/emails.py)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from common.emails import make_message

from .models import Enrolment


def decision(enrolment: Enrolment) -> EmailMultiAlternatives:
    """HR's decision on the enrolment, with a link to it (and to withdrawing)."""
    return make_message(
        "enrolments/emails/decision",
        to=enrolment.person,
        context={
            "enrolment": enrolment,
            "programme": enrolment.programme,
            "link": settings.SITE_URL + reverse("enrolments:detail", args=[enrolment.code]),
        },
    )
