"""Celery tasks of the pairing app: thin, they take ids and call the module that does the work.

The services enqueue them with `delay_on_commit`; nothing here imports the services.
"""

from smtplib import SMTPException

from celery import shared_task

from . import introductions, running


@shared_task
def run_round(round_id: int) -> str | None:
    """Solve a queued pairing round; the round records its own failure, so no retry."""
    pairing_round = running.execute_round(round_id=round_id)
    return pairing_round.status if pairing_round else None


# A retry after a send that worked but timed out may introduce twice (accepted: better
# twice than never, as for the enrolment decisions).
@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    max_retries=5,
)
def send_introduction(pair_id: int, role: str) -> bool:
    """Introduce one member of a published pair to the other, in their language."""
    return introductions.send_introduction(pair_id=pair_id, role=role)
