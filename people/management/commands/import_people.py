from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from people import services


class Command(BaseCommand):
    help = (
        "Import HR's directory from a CSV file (all or nothing; people are matched by email). "
        "Columns: email,name,department,job_title,grade,manager_email,hired_on,birth_year,"
        "site,country,languages,preferred_language."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The directory file (UTF-8, comma-separated).")
        parser.add_argument(
            "--no-invitations",
            action="store_true",
            help="Do not email the people the file adds (they can still use “Forgot password”).",
        )

    def handle(self, *args, file: Path, no_invitations: bool, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from error
        report = services.import_directory(data=data, send_invitations=not no_invitations, by=None)
        if not report.ok:
            for problem in report.problems:
                where = _("line %(line)d") % {"line": problem.line} if problem.line else _("file")
                if problem.column:
                    where += f", {problem.column}"
                self.stderr.write(f"{where}: {problem.message}")
            raise CommandError(
                _("%(count)d problem(s) found in %(file)s: nothing was imported.")
                % {"count": len(report.problems), "file": file}
            )
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
