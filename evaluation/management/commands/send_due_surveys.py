"""One sweep of the evaluation: survey invitations and reminders due, programmes to close.

Celery beat runs the same sweep every few minutes (evaluation.tasks.sweep). Without
Redis, tasks run in this process, so the emails leave from here: run it from cron, or by
hand in the demo.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from evaluation.services.sweep import run_sweep


class Command(BaseCommand):
    help = _(
        "Send the survey invitations and reminders that are due, and close completed programmes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_sweep()
        self.stdout.write(
            _(
                "%(due)s invitations due, %(invitations)s sent or queued, %(reminders)s "
                "reminders, %(closed)s programmes closed, %(closing)s closing emails."
            )
            % {
                "due": report.responses_created,
                "invitations": report.invitations_queued,
                "reminders": report.reminders_queued,
                "closed": report.programmes_closed,
                "closing": report.closing_emails_queued,
            }
        )
