"""`python manage.py serve_demo [addrport]`: runserver, and the beat's jobs every minute.

The demo has no Celery beat nor worker: this runs the reminders' sweep (nudges, notices,
reminders), the surveys' sweep and the other periodic jobs in a thread of the server's
process (demo/scheduler.py), so that what the pages promise is sent. Emails go to the
console. Production runs `celery beat` and workers instead (README).
"""

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from demo.scheduler import TICK_SECONDS, start_in_background


class Command(BaseCommand):
    help = "Serve the demo and run the periodic jobs (reminders, surveys) every minute."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_false", dest="use_reloader")

    def handle(self, *args: Any, addrport: str, use_reloader: bool, **options: Any) -> None:
        # With the auto-reloader, the first process only watches the files: the jobs run in
        # the process that serves (RUN_MAIN), once.
        if not use_reloader or os.environ.get("RUN_MAIN") == "true":
            start_in_background()
            self.stdout.write(
                f"Periodic jobs (reminders, surveys) run every {TICK_SECONDS} s in this "
                "process; emails are printed here."
            )
        call_command("runserver", addrport, use_reloader=use_reloader)
