"""Celery tasks of the reminders app: thin, they take ids and call a service.

The database is the source of truth, not the broker: a task lost with Redis, or with a
worker killed mid-batch, leaves its rows claimed, and a later sweep claims them again
once REMINDERS_CLAIM_TIMEOUT has passed. Retries after SMTP errors are rows too (pending
again, due later), so no task waits on a countdown that a restart would forget.
"""

from celery import shared_task

from . import sending, sweeping


@shared_task(ignore_result=True)
def sweep() -> int:
    """Run by beat every few minutes: claim what is due and enqueue one task per batch.

    Plain `delay`, not `delay_on_commit`: the sweep runs outside any transaction and each
    batch's claim is already committed when it is handed over.
    """
    return sweeping.sweep(hand_over=send_reminders.delay).claimed


@shared_task(ignore_result=True, acks_late=True)
def send_reminders(reminder_ids: list[int], claim: str) -> int:
    """Send the reminders this claim holds; rows claimed since by another sweep are skipped."""
    return sending.send_claimed(reminder_ids=reminder_ids, claim=claim)
