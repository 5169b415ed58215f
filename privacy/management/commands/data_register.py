"""Write docs/data-register.md from privacy/register.py, or check that it is up to date."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from privacy import register


class Command(BaseCommand):
    help = _("Write docs/data-register.md from privacy/register.py (--check: only compare).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help=_("Fail if the document is out of date.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = register.problems()
        if problems:
            raise CommandError(
                _("The register does not match the models:") + "\n" + "\n".join(problems)
            )
        text = register.markdown()
        current = register.DOCUMENT.read_text() if register.DOCUMENT.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(
                    _("%(path)s is out of date: run python manage.py data_register.")
                    % {"path": register.DOCUMENT}
                )
            self.stdout.write(_("The register is complete and its document is up to date."))
            return
        register.DOCUMENT.write_text(text)
        self.stdout.write(_("Wrote %(path)s.") % {"path": register.DOCUMENT})
