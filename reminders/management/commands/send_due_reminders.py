"""One sweep of the reminders, sent from this process: no Celery needed (the embedded default).

Run it from cron where no beat runs, or by hand. With --enqueue, the batches go to the
Celery workers instead, as the beat job does.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from reminders import sweeping, tasks


class Command(BaseCommand):
    help = _("Send the reminders that are due (one sweep).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help=_("Hand the claimed reminders to the Celery workers instead of sending them."),
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        hand_over = tasks.start_sender if enqueue else None
        report = sweeping.sweep(hand_over=hand_over)
        self.stdout.write(
            _("%(written)s written, %(claimed)s claimed, %(sent)s sent, %(failed)s failed.")
            % {
                "written": report.written,
                "claimed": report.claimed,
                "sent": report.sent,
                "failed": report.failed,
            }
        )
