"""Celery tasks of the evaluation app: thin, they take ids and call a service.

The sends are the work of `services.sending`. The beat's sweep is the one task whose
work queues other tasks: `services.sweep` imports this module to queue the sends, and
this module imports it back for the beat; both only read each other's attributes when
called, so either may be imported first.
"""

from smtplib import SMTPException

from celery import shared_task

from .services import sending
from .services import sweep as sweeping

RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 60,
    "max_retries": 5,
}


@shared_task
def sweep() -> str:
    """The periodic job: invitations and reminders due, programmes to close."""
    return str(sweeping.run_sweep())


@shared_task(**RETRY)
def send_survey_invitation(response_id: int) -> bool:
    return sending.send_invitation(response_id=response_id)


@shared_task(**RETRY)
def send_survey_reminder(response_id: int, sent: int) -> bool:
    return sending.send_reminder(response_id=response_id, sent=sent)


@shared_task(**RETRY)
def send_closing_email(completion_id: int) -> bool:
    return sending.send_closing_email(completion_id=completion_id)
