"""Erase a person's data: notes and free text deleted, the rest anonymised, the account
closed (privacy.services.erase_person). The same as HR's page, recorded as done from the
command line."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from people.models import User
from privacy import services
from privacy.models import Erasure


class Command(BaseCommand):
    help = _("Erase a person's personal data (it cannot be undone).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help=_("The person's email address."))
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("Do not ask for confirmation."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(_("Nobody has the address %(email)s.") % {"email": email})
        try:
            services.check_erasable(person=person, by=None)
        except services.ErasureRefused as refusal:
            raise CommandError(refusal.message) from refusal
        if options["interactive"]:
            answer = input(
                _("Erase %(name)s <%(email)s>? This cannot be undone. Type yes to go on: ")
                % {"name": person.name, "email": person.email}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Nothing was erased."))
        try:
            erasure = services.erase_person(person=person, by=None, source=Erasure.Source.COMMAND)
        except services.ErasureRefused as refusal:
            raise CommandError(refusal.message) from refusal
        self.stdout.write(_("Erased. The account is now %(label)s.") % {"label": erasure.label})
