"""Sending what the sweep queued: a survey's invitation, its reminders, the closing email.

Each send first claims its row with a conditional update, so that a duplicate beat, a
second sweep or a retry never sends twice; a send that fails gives its claim back, and
the task's retry claims it again.
"""

from datetime import datetime

from django.utils import timezone

from . import emails
from .models import Completion, Response
from .windows import is_open


def send_invitation(*, response_id: int, now: datetime | None = None) -> bool:
    """Claim the invitation and email it; False when someone else sent it or it is moot."""
    now = now or timezone.now()
    claimed = Response.objects.filter(
        pk=response_id, invited_at__isnull=True, answered_at__isnull=True
    ).update(invited_at=now)
    if not claimed:
        return False
    response = _response_to_send(response_id)
    if response is None or not is_open(response, timezone.localdate(now)):
        return False
    try:
        emails.survey(response, reminder=False).send()
    except Exception:
        Response.objects.filter(pk=response_id, invited_at=now).update(invited_at=None)
        raise
    return True


def send_reminder(*, response_id: int, sent: int, now: datetime | None = None) -> bool:
    """Claim reminder number sent + 1 and email it, if the survey is still unanswered."""
    now = now or timezone.now()
    claimed = Response.objects.filter(
        pk=response_id, reminders_sent=sent, answered_at__isnull=True, invited_at__isnull=False
    ).update(reminders_sent=sent + 1, reminded_at=now)
    if not claimed:
        return False
    response = _response_to_send(response_id)
    if response is None or not is_open(response, timezone.localdate(now)):
        return False
    try:
        emails.survey(response, reminder=True).send()
    except Exception:
        Response.objects.filter(pk=response_id, reminders_sent=sent + 1).update(reminders_sent=sent)
        raise
    return True


def _response_to_send(response_id: int) -> Response | None:
    response = (
        Response.objects.select_related("survey__programme", "enrolment__person")
        .filter(pk=response_id)
        .first()
    )
    if response is None or not response.enrolment.person.is_active:
        return None
    return response


def send_closing_email(*, completion_id: int, now: datetime | None = None) -> bool:
    """Claim the participant's closing email and send it, with the certificate when earned."""
    now = now or timezone.now()
    claimed = Completion.objects.filter(pk=completion_id, emailed_at__isnull=True).update(
        emailed_at=now
    )
    if not claimed:
        return False
    completion = (
        Completion.objects.select_related("programme__sponsor", "enrolment__person")
        .filter(pk=completion_id)
        .first()
    )
    if completion is None or not completion.enrolment.person.is_active:
        return False
    try:
        emails.closing(completion).send()
    except Exception:
        Completion.objects.filter(pk=completion_id, emailed_at=now).update(emailed_at=None)
        raise
    return True
