"""Celery tasks of the enrolments app: thin, they take ids and call a service."""

from smtplib import SMTPException

from celery import shared_task

from . import services


# A retry after a send that worked but timed out may email the decision twice
# (accepted: better twice than never, as for the directory's invitations).
@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    max_retries=5,
)
def send_decision_email(enrolment_id: int, status: str) -> bool:
    """Tell the volunteer HR's decision, in their language."""
    return services.send_decision_email(enrolment_id=enrolment_id, status=status)
