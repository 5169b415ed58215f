"""Celery tasks of the privacy app: thin, they call a service."""

from celery import shared_task

from . import services


@shared_task
def purge_private_notes() -> int:
    """The periodic job (CELERY_BEAT_SCHEDULE): private notes past their retention go."""
    return services.purge_private_notes()
