"""The beat's periodic jobs, in-process, for the demo (`manage.py serve_demo`).

The demo runs `runserver` alone: no Celery beat, no worker, tasks eager (no REDIS_URL). Left
so, nothing that the beat starts would ever happen: a nudge or a cancellation notice would
stay "waiting to be sent" for ever. `Scheduler` calls the very tasks of
settings.CELERY_BEAT_SCHEDULE, each at its own interval, except the reminders' and surveys'
sweeps, which run at every tick (a minute): what a page promises "within a few minutes"
leaves within one. Emails go to the console backend of the demo.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

TICK_SECONDS = 60
EVERY_TICK = ("reminders.tasks.sweep", "evaluation.tasks.sweep")


@dataclass
class Scheduler:
    tick_seconds: float = TICK_SECONDS
    clock: Callable[[], float] = time.monotonic
    last_run: dict[str, float] = field(default_factory=dict)

    def jobs(self) -> dict[str, float]:
        """Each beat task, with how often the demo runs it (seconds)."""
        jobs = {}
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            interval = float(entry["schedule"])
            if entry["task"] in EVERY_TICK:
                interval = min(interval, self.tick_seconds)
            jobs[entry["task"]] = interval
        return jobs

    def tick(self) -> list[str]:
        """Run the jobs whose interval has passed since their last run (all of them at the
        first tick), each as its task, eagerly, in this thread. The names of those run."""
        current_app.loader.import_default_modules()
        now, ran = self.clock(), []
        for name, interval in self.jobs().items():
            last = self.last_run.get(name)
            if last is not None and now - last < interval - 1:
                continue
            self.last_run[name] = now
            try:
                current_app.tasks[name].apply(throw=True)
            except Exception:  # noqa: BLE001 - one job's failure must not stop the others
                logger.exception("The demo's periodic job %s failed.", name)
                continue
            ran.append(name)
        return ran

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            # The thread's own connections, as Django does around a request (never inside
            # tick(), which a test runs inside its transaction).
            close_old_connections()
            self.tick()
            connections.close_all()
            stop.wait(self.tick_seconds)


def start_in_background(scheduler: Scheduler | None = None) -> threading.Event:
    """Start the scheduler in a daemon thread; set the event returned to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=(scheduler or Scheduler()).run_forever,
        args=(stop,),
        name="demo-beat",
        daemon=True,
    )
    thread.start()
    return stop
