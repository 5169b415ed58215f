"""Celery tasks of the evaluation app: thin, they take ids and call a service."""

from smtplib import SMTPException

from celery import shared_task

from . import services

RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 60,
    "max_retries": 5,
}


@shared_task
def sweep() -> str:
    """The periodic job: invitations and reminders due, programmes to close."""
    return str(services.run_sweep())


@shared_task(**RETRY)
def send_survey_invitation(response_id: int) -> bool:
    return services.send_invitation(response_id=response_id)


@shared_task(**RETRY)
def send_survey_reminder(response_id: int, sent: int) -> bool:
    return services.send_reminder(response_id=response_id, sent=sent)


@shared_task(**RETRY)
def send_closing_email(completion_id: int) -> bool:
    return services.send_closing_email(completion_id=completion_id)
