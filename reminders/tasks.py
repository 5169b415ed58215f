"""Celery tasks of the reminders app: thin, they call a service.

The database is the source of truth, not the broker: no task carries a reminder. The sweep
starts senders; each claims what is due when it runs (reminders.claims), so a task lost
with Redis loses nothing, and the rows of a sender killed mid-batch are pending again at
the next sweep. Retries after SMTP errors are rows too (pending again, due later), so no
task waits on a countdown that a restart would forget.
"""

from celery import shared_task
from django.conf import settings

from . import sending, sweeping

# A sender hands over to a fresh task after this long, so that a long backlog does not hold
# one worker process away from other tasks.
SENDER_BUDGET_SECONDS = 60


@shared_task(ignore_result=True)
def sweep() -> int:
    """Run by beat every few minutes: write what time made due, start senders for what is due.

    Plain `delay`, not `delay_on_commit`: the sweep runs outside any transaction.
    """
    return sweeping.sweep(hand_over=start_sender).due


def start_sender() -> None:
    """Enqueue a sender. One that waited longer than a sweep is dropped unrun: the next sweep
    has started fresh ones, so a backlog in the queue never piles up senders."""
    send_due_reminders.apply_async(expires=settings.REMINDERS_SWEEP_SECONDS)


@shared_task(ignore_result=True)
def send_due_reminders() -> int:
    """One sender: claim and send due reminders until none is left or the budget is spent."""
    # In-process (eager, as in the tests) one loop: threads would not see its transaction.
    threads = 1 if settings.CELERY_TASK_ALWAYS_EAGER else settings.REMINDERS_SENDER_THREADS
    report = sending.send_due(budget=SENDER_BUDGET_SECONDS, threads=threads)
    if report.more:
        start_sender()
    return report.sent
