"""The evaluation's periodic job, apart from `tasks.py` because its work queues those tasks.

Celery imports this module at start (`CELERY_IMPORTS`); the task keeps the name the beat
schedule gives it.
"""

from celery import shared_task

from .services.sweep import run_sweep


@shared_task(name="evaluation.tasks.sweep")
def sweep() -> str:
    """The periodic job: invitations and reminders due, programmes to close."""
    return str(run_sweep())
