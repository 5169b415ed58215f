"""Celery tasks of the people app: thin, they take ids and call the module that does the work."""

from smtplib import SMTPException

from celery import shared_task

from . import emails


# A chunk that fails halfway may be retried: people who have set their password
# meanwhile are skipped, the others may get the invitation twice (accepted: better
# twice than never).
@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    max_retries=5,
)
def send_invitations(user_ids: list[int]) -> int:
    """Invite the people a directory import created (one SMTP connection per chunk)."""
    return emails.send_invitations(user_ids)
