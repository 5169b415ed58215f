"""Celery application: Redis when REDIS_URL is set, in-process otherwise."""

import os

from celery import Celery
from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_postrun.connect
def close_the_second_lane(**_kwargs: object) -> None:
    """A task that read figures of one moment (common/snapshot.py) leaves no second
    connection open while the worker waits for the next task, perhaps for weeks."""
    from common.snapshot import tidy_lanes

    tidy_lanes(close=True)
