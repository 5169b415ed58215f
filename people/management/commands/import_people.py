from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        report = services.import_directory(data=data, send_invitations=not no_invitations, by=None)
        if not report.ok:
            for problem in report.problems:
                where = f"line {problem.line}" if problem.line else "file"
                if problem.column:
                    where += f", {problem.column}"
                self.stderr.write(f"{where}: {problem.message}")
            raise CommandError(
                f"{len(report.problems)} problem(s) found in {file}: nothing was imported."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged."
            )
        )
        if report.created and not no_invitations:
            self.stdout.write(f"Invitations sent or queued for {report.created} new people.")
