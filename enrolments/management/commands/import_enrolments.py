from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enrolments import services
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Import a programme's volunteers from a CSV file (all or nothing). Columns: "
        "email,role,topics,capacity,languages,availability,motivation; topics as slug:level "
        "pairs separated by ';' (see enrolments/importing.py)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="The programme's short name (slug).")
        parser.add_argument("file", type=Path, help="The volunteers file (UTF-8, comma-separated).")

    def handle(self, *args, programme: str, file: Path, **options) -> None:
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist as error:
            raise CommandError(
                _("There is no programme with the short name “%(slug)s”.") % {"slug": programme}
            ) from error
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from error
        report = services.import_enrolments(programme=target, data=data, by=None)
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
                _("Imported %(file)s: %(count)d volunteer(s) submitted for review in %(name)s.")
                % {"file": file, "count": report.created, "name": target.name}
            )
        )
