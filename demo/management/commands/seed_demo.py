"""`python manage.py seed_demo`: a believable French company and four ready accounts.

The same seed gives the same company (each step draws from its own
random.Random, so adding a step does not change what earlier ones produce), and
running the command again updates the people it made, matched by email, rather
than adding more. Later issues extend the demo by appending a step to STEPS: a
function that takes the Demo context, writes its rows idempotently and returns
one line for the summary.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from demo.accounts import seed_accounts
from demo.company import seed_departments, seed_people
from demo.context import Demo, Step
from enrolments.demo import seed_enrolments
from evaluation.demo import seed_evaluation
from evaluation.demo_outcomes import seed_outcomes
from hr.demo import seed_hr_worklist
from meetings.demo import seed_meetings
from pairing.demo import explain_demo_pairs, seed_pairing
from programmes.demo import seed_programmes

# In order. Later issues append their steps (programmes, enrolments, pairs,
# sessions, surveys): each matches its rows on a natural key so that a second
# run writes nothing new, and may read what earlier steps left on `demo`.
STEPS: list[Step] = [
    seed_departments,
    seed_people,
    seed_accounts,
    seed_programmes,
    seed_enrolments,
    seed_pairing,
    seed_meetings,
    seed_evaluation,
    seed_outcomes,
    # Last: it reads what the others built, and its leaver would stop the outcomes step,
    # which writes the directory's history only into an empty one.
    seed_hr_worklist,
    # The pairs the steps above wrote without a round get their true score and reasons.
    explain_demo_pairs,
]


class Command(BaseCommand):
    help = "Create (or refresh) a demo company with four ready accounts. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same company.")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run although DEBUG is off. The demo accounts have a published password.",
        )

    def handle(self, *args, seed: int, allow_without_debug: bool, **options) -> None:
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only with "
                "DEBUG=1 (or --allow-without-debug)."
            )
        demo = Demo(seed=seed, today=timezone.localdate())
        with transaction.atomic():
            lines = [step(demo) for step in STEPS]
        self.stdout.write(self.style.SUCCESS("Demo data ready:"))
        for line in lines:
            self.stdout.write(f"  {line}")
