from pathlib import Path

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from common.importing import ImportCommand
from people import services


class Command(ImportCommand):
    help = (
        "Import HR's directory from a CSV file (all or nothing; people are matched by email). "
        "Columns: email,name,department,job_title,grade,manager_email,hired_on,birth_year,"
        "site,country,languages,preferred_language."
    )
    file_help = "The directory file (UTF-8, comma-separated)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-invitations",
            action="store_true",
            help="Do not email the people the file adds (they can still use “Forgot password”).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="The file is the whole directory: record the people missing from it as having "
            "left (and set them inactive).",
        )

    def handle(self, *args, file: Path, no_invitations: bool, full: bool, **options) -> None:
        data = self.read(file)
        report = services.import_directory(
            data=data, send_invitations=not no_invitations, by=None, full=full
        )
        self.refuse_unless_ok(report, file)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(file)s: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "file": file,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                }
            )
        )
        if report.created and not no_invitations:
            self.stdout.write(
                _("Invitations sent or queued for %(count)d new people.")
                % {"count": report.created}
            )
