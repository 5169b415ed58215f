from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from common.importing import ImportCommand
from enrolments import services
from programmes.models import Programme


class Command(ImportCommand):
    help = (
        "Import a programme's volunteers from a CSV file (all or nothing). Columns: "
        "email,role,topics,capacity,languages,availability,motivation; topics as slug:level "
        "pairs separated by ';' (see enrolments/importing.py)."
    )
    file_help = "The volunteers file (UTF-8, comma-separated)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="The programme's short name (slug).")
        super().add_arguments(parser)

    def handle(self, *args, programme: str, file: Path, **options) -> None:
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist as error:
            raise CommandError(
                _("There is no programme with the short name “%(slug)s”.") % {"slug": programme}
            ) from error
        report = services.import_enrolments(programme=target, data=self.read(file), by=None)
        self.refuse_unless_ok(report, file)
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(file)s: %(count)d volunteer(s) submitted for review in %(name)s.")
                % {"file": file, "count": report.created, "name": target.name}
            )
        )
