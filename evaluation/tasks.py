"""Celery tasks of the evaluation app: thin, they take ids and call a service.

The sends are the work of `sending`. The beat's sweep, whose work queues these tasks,
lives in `beat.py`, so that the sweep imports this module and nothing imports it back.
"""

from smtplib import SMTPException

from celery import shared_task

from . import sending
from .services import monthly

RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 60,
    "max_retries": 5,
}


@shared_task(**RETRY)
def send_survey_invitation(response_id: int) -> bool:
    return sending.send_invitation(response_id=response_id)


@shared_task(**RETRY)
def send_survey_reminder(response_id: int, sent: int) -> bool:
    return sending.send_reminder(response_id=response_id, sent=sent)


@shared_task(**RETRY)
def send_closing_email(completion_id: int) -> bool:
    return sending.send_closing_email(completion_id=completion_id)


@shared_task(**RETRY)
def send_monthly_reports() -> int:
    """The hourly beat: the sponsors' monthly reports due and not yet sent."""
    return monthly.send_monthly_reports()
