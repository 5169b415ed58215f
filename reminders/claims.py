"""Claims: which sender holds which reminder, and how a dead sender's rows come back at once.

A sender (reminders.sending.send_due, in a Celery task or in the sweep's own process) takes
a claim token, holds it for as long as it runs, and claims due rows for it a batch at a
time. Nothing that matters lives in the broker: a task lost with Redis carried no ids, and
the rows it would have sent are still pending for the next sender.

On PostgreSQL a sender holds its token as a session-level advisory lock. A sender killed
mid-batch loses its database connection and with it the lock, so the next sweep sees the
token free and puts the rows back to pending at once (`release_abandoned`); a live sender's
rows are left alone however long it takes. Elsewhere (SQLite, a single process) a claim is
taken back once it is older than REMINDERS_CLAIM_TIMEOUT.
"""

import contextlib
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

from .models import Reminder

Status = Reminder.Status

MAX_ATTEMPTS = 5  # sends tried; then the reminder is failed and shows on HR's page
LOCK_NAMESPACE = 0x7E4D  # the first key of every advisory lock this module takes
ABANDONED_ERROR = "The worker stopped while sending it, on every attempt."


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.REMINDERS_CLAIM_TIMEOUT)


def _locks_tell_liveness() -> bool:
    return connection.vendor == "postgresql"


def _lock_key(claim: str) -> int:
    """The advisory lock's second key: 31 bits of the token (a collision only delays)."""
    return uuid.UUID(claim).int & 0x7FFFFFFF


@contextlib.contextmanager
def held_claim() -> Iterator[str]:
    """A new claim token, held (on PostgreSQL, as an advisory lock) until the block ends."""
    claim = str(uuid.uuid4())
    if not _locks_tell_liveness():
        yield claim
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, _lock_key(claim)])
    try:
        yield claim
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, _lock_key(claim)])


def claim_batch(claim: str, *, now: datetime, limit: int) -> list[int]:
    """Claim up to `limit` due rows for this token; the ids won, in the order to send them."""
    due = Reminder.objects.filter(status=Status.PENDING, due_at__lte=now)
    with transaction.atomic():
        # Rows another sender is claiming are skipped, not waited for (PostgreSQL); the
        # condition is checked again by the UPDATE, which is what SQLite relies on.
        candidates = list(
            due.select_for_update(skip_locked=True)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not candidates:
            return []
        due.filter(pk__in=candidates).update(
            status=Status.CLAIMED, claim=claim, claimed_at=now, updated_at=now
        )
    return list(
        Reminder.objects.filter(pk__in=candidates, claim=claim, status=Status.CLAIMED)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )


def start_attempt(reminder: Reminder, claim: str) -> bool:
    """Count a send as tried, committed before the message goes out, while the row is ours.

    A sender killed during the send leaves the count behind; one killed before it leaves
    none: attempts count sends tried, never rows lost with a broker or a dead worker.
    """
    counted = Reminder.objects.filter(pk=reminder.pk, claim=claim, status=Status.CLAIMED).update(
        attempts=reminder.attempts + 1
    )
    if counted:
        reminder.attempts += 1
    return bool(counted)


def release_abandoned(now: datetime, *, keep: str | None = None) -> tuple[int, int]:
    """Rows claimed by senders that are gone, back to pending (or failed once every allowed
    attempt died with its sender): (released, failed). `keep`: the caller's own token (a
    session may take its own advisory lock again, so it would look free)."""
    with transaction.atomic():
        claimed = Reminder.objects.filter(status=Status.CLAIMED).exclude(claim=keep)
        if _locks_tell_liveness():
            abandoned = [claim for claim in _claims(claimed) if _free(claim)]
            rows = claimed.filter(claim__in=abandoned)
        else:
            rows = claimed.filter(claimed_at__lt=now - claim_timeout())
        exhausted = rows.filter(attempts__gte=MAX_ATTEMPTS)
        failed = exhausted.update(
            status=Status.FAILED, last_error=ABANDONED_ERROR, claim=None, updated_at=now
        )
        released = rows.filter(attempts__lt=MAX_ATTEMPTS).update(
            status=Status.PENDING, claim=None, claimed_at=None, updated_at=now
        )
    return released, failed


def _claims(claimed: QuerySet) -> list[str]:
    return [str(claim) for claim in claimed.order_by().values_list("claim", flat=True).distinct()]


def _free(claim: str) -> bool:
    """No live sender holds this token. The lock taken to find out is the transaction's, so it
    is let go at commit; a sender cannot take that token again (tokens are never reused)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, _lock_key(claim)]
        )
        return bool(cursor.fetchone()[0])
