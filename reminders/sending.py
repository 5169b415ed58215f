"""Sending due reminders: once each, with retries as rows and failures for HR to see.

A sender holds a claim token for as long as it runs (reminders.claims) and claims due rows
for it a batch at a time, so that a task lost with the broker carries nothing that matters.
For each row it counts the attempt (committed before the send), locks the row
(SELECT ... FOR UPDATE) where the claim is still its own, checks again that the reminder is
still wanted, sends, marks it sent and commits. A session change that withdraws the
reminder waits for that lock, then finds it sent, or wins and the sender finds the row
withdrawn. An SMTP error that may pass makes the row pending again, due later (no task
waits on a countdown that a restart would forget); a permanent one, or the last attempt,
fails it.
"""

import contextlib
import logging
import smtplib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

from meetings.models import ExitRequest, Feedback, Meeting
from pairing.models import Pair

from . import activity, claims, emails
from .models import Reminder, instant
from .services import preferences_for

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Status = Reminder.Status

MAX_ATTEMPTS = claims.MAX_ATTEMPTS
SEND_BATCH = 25  # rows claimed at a time by a sender
RETRY_BASE, RETRY_CAP = timedelta(minutes=2), timedelta(hours=1)
# HR's message to a quiet pair is not sent to a member who received one for the same pair
# this recently (two pages, the Back button): the second would be the same email.
PAIR_NUDGE_QUIET_HOURS = 24


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the n-th failed attempt: 2, 4, 8, 16 minutes…, at most 1 h."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


@dataclass
class SendReport:
    claimed: int = 0
    sent: int = 0
    more: bool = False  # the sender stopped at its time budget with rows still due


def send_due(
    *, now: datetime | None = None, budget: float | None = None, threads: int = 1
) -> SendReport:
    """Claim and send due reminders, a batch at a time, until nothing is due, or, with a
    `budget` in seconds, until the batch that outlasts it is done (a Celery task then hands
    over to a fresh one). `now` fixes the clock (the sweep's).

    Sending is mostly waiting (on the database, on the mail server), so a sender may run
    `threads` loops at once, each with its own claim token, database connection and SMTP
    connection.
    """
    if threads <= 1:
        return _send_due(now, budget)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="reminders") as pool:
        reports = list(pool.map(lambda _: _send_due_in_thread(now, budget), range(threads)))
    return SendReport(
        claimed=sum(report.claimed for report in reports),
        sent=sum(report.sent for report in reports),
        more=any(report.more for report in reports),
    )


def _send_due_in_thread(now: datetime | None, budget: float | None) -> SendReport:
    try:
        return _send_due(now, budget)
    finally:
        connections.close_all()  # this thread's own connection


def _send_due(now: datetime | None, budget: float | None) -> SendReport:
    report = SendReport()
    started = time.monotonic()
    connection = mail.get_connection()
    try:
        with claims.held_claim() as claim:
            while True:
                moment = now or timezone.now()
                # A killed sender's rows come back with the next batch of any live sender,
                # not only at the next sweep.
                claims.release_abandoned(moment, keep=claim)
                ids = claims.claim_batch(claim, now=moment, limit=SEND_BATCH)
                if not ids:
                    break
                report.claimed += len(ids)
                report.sent += send_claimed(reminder_ids=ids, claim=claim, connection=connection)
                if budget is not None and time.monotonic() - started >= budget:
                    report.more = True
                    break
    finally:
        _close_quietly(connection)
    return report


def send_claimed(*, reminder_ids: list[int], claim: str, connection: Any) -> int:
    """Send the reminders this claim holds; how many were sent."""
    # What the emails need, read once for the batch; each row is then locked on its own.
    batch = (
        Reminder.objects.filter(pk__in=reminder_ids, claim=claim, status=Status.CLAIMED)
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
    return sum(_send_one(reminder, claim, connection) for reminder in batch)


def _close_quietly(connection: Any) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def _send_one(reminder: Reminder, claim: str, connection: Any) -> bool:
    if reminder.meeting is not None:
        reminder.meeting.pair = reminder.pair  # loaded once, with its people
    if not claims.start_attempt(reminder, claim):
        return False  # withdrawn since the batch was read
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
    if reminder.kind == Kind.PAIR_NUDGE:
        return _why_not_nudge(reminder, now)
    return None


def _why_not_nudge(reminder: Reminder, now: datetime) -> tuple[str, str] | None:
    """HR's message to a quiet pair: only to an active pair whose partner is still here,
    neither of whom has asked HR to end it, that has not met since HR wrote it (it would say
    they have not), and once: not again within PAIR_NUDGE_QUIET_HOURS of the last one sent
    to this member for this pair."""
    pair = reminder.pair
    if pair is None or pair.status != Pair.Status.ACTIVE:
        return Status.CANCELLED, "The pair has ended."
    if not pair.other_member(reminder.recipient).is_active:
        return Status.CANCELLED, "The partner has left."
    if ExitRequest.objects.filter(pair=pair, withdrawn_at__isnull=True).exists():
        return Status.CANCELLED, "A member asked HR to end the pair."
    lately = Reminder.objects.filter(
        kind=Kind.PAIR_NUDGE,
        pair=pair,
        recipient_id=reminder.recipient_id,
        status=Status.SENT,
        sent_at__gte=now - timedelta(hours=PAIR_NUDGE_QUIET_HOURS),
    ).exclude(pk=reminder.pk)
    if lately.exists():
        return Status.SUPERSEDED, "A nudge to this pair was sent to this member lately."
    last = activity.last_activity(pair)
    if (instant(last) if last else None) != reminder.context.get("last_activity"):
        return Status.SUPERSEDED, "The pair has met since."
    return None


def _why_not_meeting(reminder: Reminder, now: datetime) -> tuple[str, str] | None:
    meeting = reminder.meeting
    kind = reminder.kind
    context = reminder.context
    moved = (instant(meeting.starts_at), meeting.sequence) != (
        context.get("starts_at"),
        context.get("sequence"),
    )
    if kind in (Kind.LOG_NUDGE, Kind.FEEDBACK_REQUEST) and reminder.pair.programme.status in (
        "completed",
        "archived",
    ):
        return Status.CANCELLED, "The programme has ended."
    if kind in (Kind.UPCOMING_SESSION, Kind.SESSION_CHANGED):
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
