"""Sending claimed reminders: once each, with retries as rows and failures for HR to see.

A sender locks its row (SELECT ... FOR UPDATE) where the claim is still its own, checks
again that the reminder is still wanted, sends, marks it sent and commits. A session
change that withdraws the reminder waits for that lock, then finds it sent, or wins and
the sender finds the row withdrawn. An SMTP error that may pass makes the row pending
again, due later (no task waits on a countdown that a restart would forget); a permanent
one, or the last attempt, fails it.
"""

import contextlib
import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core import mail
from django.db import transaction
from django.utils import timezone

from meetings.models import Feedback, Meeting
from pairing.models import Pair

from . import activity, emails
from .models import Reminder, instant
from .services import preferences_for

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Status = Reminder.Status

MAX_ATTEMPTS = 5  # then the reminder is failed and shows on HR's page
RETRY_BASE, RETRY_CAP = timedelta(minutes=2), timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the n-th failed attempt: 2, 4, 8, 16 minutes…, at most 1 h."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def send_claimed(*, reminder_ids: Iterable[int], claim: str) -> int:
    """Send the reminders this claim holds, over one SMTP connection; how many were sent."""
    # What the emails need, read once for the batch; each row is then locked on its own.
    batch = (
        Reminder.objects.filter(pk__in=list(reminder_ids), claim=claim, status=Status.CLAIMED)
        .select_related(
            "recipient__reminder_preferences",
            "programme",
            "pair__programme",
            "pair__mentor_person",
            "pair__mentee_person",
            "meeting",
        )
        .order_by("due_at", "pk")
    )
    connection = mail.get_connection()
    sent = 0
    try:
        for reminder in batch:
            sent += _send_one(reminder, claim, connection)
    finally:
        _close_quietly(connection)
    return sent


def _close_quietly(connection: Any) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def _send_one(reminder: Reminder, claim: str, connection: Any) -> bool:
    if reminder.meeting is not None:
        reminder.meeting.pair = reminder.pair  # loaded once, with its people
    with transaction.atomic():
        # The row is ours only while its claim is: a session change that withdrew it, or a
        # sweep that claimed it again after this claim went stale, has changed it.
        locked = (
            Reminder.objects.select_for_update()
            .filter(pk=reminder.pk, claim=claim, status=Status.CLAIMED)
            .order_by()
            .values_list("pk", flat=True)
        )
        if not list(locked):
            return False
        now = timezone.now()
        withdrawn = why_not_send(reminder, now)
        if withdrawn is not None:
            reminder.status, reminder.last_error = withdrawn
            reminder.save(update_fields=["status", "last_error", "updated_at"])
            return False
        try:
            message = emails.compose(reminder, connection=connection)
        except Exception as exc:  # a bug in a template: no retry will mend it
            logger.exception("Reminder %s could not be written.", reminder.code)
            _give_up(reminder, exc)
            return False
        try:
            connection.open()
            connection.send_messages([message])
        except (smtplib.SMTPException, OSError) as exc:
            _close_quietly(connection)  # the next message opens a fresh connection
            _after_smtp_error(reminder, exc, now)
            return False
        # The accepted window: a crash here, after the SMTP server took the message and
        # before this commit, sends it again on the next claim, with the same Message-ID.
        reminder.status, reminder.sent_at, reminder.last_error = Status.SENT, now, ""
        reminder.save(update_fields=["status", "sent_at", "last_error", "updated_at"])
        return True


def _is_permanent(exc: Exception) -> bool:
    """A 5xx answer, or every recipient refused: trying again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


def _after_smtp_error(reminder: Reminder, exc: Exception, now: datetime) -> None:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    if _is_permanent(exc) or reminder.attempts >= MAX_ATTEMPTS:
        logger.warning("Reminder %s failed for good: %s", reminder.code, error)
        _give_up(reminder, exc)
        return
    logger.info("Reminder %s will be tried again: %s", reminder.code, error)
    reminder.status = Status.PENDING
    reminder.due_at = now + retry_delay(reminder.attempts)
    reminder.last_error = error
    reminder.save(update_fields=["status", "due_at", "last_error", "updated_at"])


def _give_up(reminder: Reminder, exc: Exception) -> None:
    reminder.status = Status.FAILED
    reminder.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    reminder.save(update_fields=["status", "last_error", "updated_at"])


def why_not_send(reminder: Reminder, now: datetime) -> tuple[str, str] | None:
    """(status, reason) when the reminder is no longer wanted, checked under its lock."""
    recipient = reminder.recipient
    if not recipient.is_active:
        return Status.CANCELLED, "The recipient's account is inactive."
    if reminder.kind in Reminder.MEMBER_KINDS and not preferences_for(recipient).wants(
        reminder.kind
    ):
        return Status.CANCELLED, "The recipient turned this kind of reminder off."
    if reminder.kind in Reminder.MEETING_KINDS:
        return _why_not_meeting(reminder, now)
    if reminder.kind == Kind.INACTIVE_PAIR_ALERT:
        pair = reminder.pair
        if pair is None or pair.status != Pair.Status.ACTIVE:
            return Status.CANCELLED, "The pair has ended."
        if not pair.programme.managers.filter(pk=recipient.pk).exists():
            return Status.CANCELLED, "The recipient no longer manages the programme."
        if instant(activity.last_activity(pair)) != reminder.context.get("last_activity"):
            return Status.SUPERSEDED, "The pair has met since."
    if reminder.kind == Kind.WEEKLY_DIGEST and not recipient.is_hr_admin:
        return Status.CANCELLED, "The recipient is no longer an HR admin."
    return None


def _why_not_meeting(reminder: Reminder, now: datetime) -> tuple[str, str] | None:
    meeting = reminder.meeting
    kind = reminder.kind
    context = reminder.context
    moved = (instant(meeting.starts_at), meeting.sequence) != (
        context.get("starts_at"),
        context.get("sequence"),
    )
    if kind == Kind.UPCOMING_SESSION:
        if meeting.status != Meeting.Status.PLANNED:
            return Status.CANCELLED, "The session is no longer planned."
        if moved:
            return Status.SUPERSEDED, "The session has moved."
        if meeting.starts_at <= now:
            return Status.CANCELLED, "The session has already started."
        if reminder.pair.status != Pair.Status.ACTIVE:
            return Status.CANCELLED, "The pair has ended."
    elif kind == Kind.LOG_NUDGE:
        if meeting.status != Meeting.Status.PLANNED:
            return Status.CANCELLED, "The session was logged or cancelled."
        if instant(meeting.starts_at) != reminder.context.get("starts_at"):
            return Status.SUPERSEDED, "The session has moved."
        if reminder.pair.status != Pair.Status.ACTIVE:
            return Status.CANCELLED, "The pair has ended."
    elif kind == Kind.FEEDBACK_REQUEST:
        if meeting.status != Meeting.Status.HELD:
            return Status.CANCELLED, "The session is not logged as held."
        if Feedback.objects.filter(meeting=meeting, author=reminder.recipient).exists():
            return Status.CANCELLED, "The feedback was given."
    elif kind == Kind.SESSION_CANCELLED and meeting.status != Meeting.Status.CANCELLED:
        return Status.CANCELLED, "The session is not cancelled."
    return None
