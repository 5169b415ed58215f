"""Delete the private notes of programmes that ended more than
PRIVATE_NOTES_RETENTION_MONTHS months ago.

Celery beat runs the same job several times a day (privacy.tasks.purge_private_notes);
without Redis, run this command from cron once a day.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy import services


class Command(BaseCommand):
    help = _("Delete private notes kept longer than PRIVATE_NOTES_RETENTION_MONTHS.")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.purge_private_notes()
        self.stdout.write(
            _(
                "%(deleted)s private notes deleted (programmes ended more than %(months)s "
                "months ago)."
            )
            % {"deleted": deleted, "months": settings.PRIVATE_NOTES_RETENTION_MONTHS}
        )
