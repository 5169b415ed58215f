"""Celery tasks of the enrolments app: thin, they take ids, load and send."""

from smtplib import SMTPException

from celery import shared_task

from . import emails
from .models import Enrolment


# A retry after a send that worked but timed out may email the decision twice
# (accepted: better twice than never, as for the directory's invitations).
@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    max_retries=5,
)
def send_decision_email(enrolment_id: int, status: str) -> bool:
    """Tell the volunteer HR's decision, in their language; False when there is nothing to send.

    The task carries the decision it was queued for: if HR changed its mind
    before the task ran, the newer decision sends its own email and this one
    stays silent.
    """
    enrolment = (
        Enrolment.objects.select_related("person", "programme").filter(pk=enrolment_id).first()
    )
    if enrolment is None or enrolment.status != status or not enrolment.person.is_active:
        return False
    emails.decision(enrolment).send()
    return True
