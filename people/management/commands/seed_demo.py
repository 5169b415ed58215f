"""`python manage.py seed_demo`: a believable French company and four ready accounts.

The same seed gives the same company (each step draws from its own
random.Random, so adding a step does not change what earlier ones produce), and
running the command again updates the people it made, matched by email, rather
than adding more. Later issues extend the demo by appending a step to STEPS: a
function that takes the Demo context, writes its rows idempotently and returns
one line for the summary.
"""

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from enrolments.demo import seed_enrolments
from evaluation.demo import seed_evaluation
from meetings.demo import seed_meetings
from pairing.demo import seed_pairing
from people.demo_company import (
    DEPARTMENTS,
    NAMES,
    ORIGINS_BY_COUNTRY,
    OTHER_LANGUAGES,
    PARIS,
    SITES,
    DepartmentPlan,
    Site,
    Title,
)
from people.directory import Generation, generation_for
from people.models import Department, User
from programmes.demo import seed_programmes

DEMO_PASSWORD = "tandem-demo"  # noqa: S105 (published in the README on purpose)
EMAIL_DOMAIN = "example.com"


@dataclass
class Demo:
    """What the steps share: the seed, today's date, and what earlier steps made."""

    seed: int
    today: date
    departments: dict[str, Department] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)  # by email
    accounts: dict[str, User] = field(default_factory=dict)  # "hr", "exec", "mentor", "mentee"

    def rng(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}:{step}")


Step = Callable[[Demo], str]


# --- The company ----------------------------------------------------------------

# Levels of the hierarchy, top down, with their grade range and age range.
CEO, HEAD, DIRECTOR, MANAGER, STAFF, JUNIOR = (
    "ceo",
    "head",
    "director",
    "manager",
    "staff",
    "junior",
)
GRADES = {
    CEO: (20, 20),
    HEAD: (17, 19),
    DIRECTOR: (14, 16),
    MANAGER: (10, 13),
    STAFF: (6, 9),
    JUNIOR: (1, 5),
}
AGES = {
    CEO: (58, 63),
    HEAD: (47, 63),
    DIRECTOR: (40, 62),
    MANAGER: (31, 60),
    STAFF: (25, 62),
    JUNIOR: (21, 30),
}
JUNIOR_SHARE = 0.35  # of the people without reports


# The four demo accounts, pinned to a place in the company.
@dataclass(frozen=True)
class Account:
    key: str
    email: str
    name: str
    department: str
    level: str
    grade: int
    job_title: str
    age: int  # only to derive the generation band; no birth date or year is stored
    years_in_company: int
    languages: list[str]
    preferred_language: str
    is_hr_admin: bool = False
    is_executive: bool = False


ACCOUNTS = [
    Account(
        key="hr",
        email="hr@example.com",
        name="Hélène Marchand",
        department="Ressources humaines",
        level=MANAGER,
        grade=12,
        job_title="Responsable développement RH et mentorat",
        age=44,
        years_in_company=9,
        languages=["fr", "en", "es"],
        preferred_language="fr",
        is_hr_admin=True,
    ),
    Account(
        key="exec",
        email="exec@example.com",
        name="Édouard Lefèvre",
        department="Opérations",
        level=HEAD,  # so a member of the executive committee
        grade=18,
        job_title="Directeur des opérations",
        age=56,
        years_in_company=17,
        languages=["fr", "en", "de"],
        preferred_language="en",
        is_executive=True,
    ),
    Account(
        key="mentor",
        email="mentor@example.com",
        name="Zoé Benali",
        department="Marketing",
        level=JUNIOR,
        grade=3,
        job_title="Chargée de marketing digital",
        age=24,
        years_in_company=2,
        languages=["fr", "en", "ar"],
        preferred_language="fr",
    ),
    Account(
        key="mentee",
        email="mentee@example.com",
        name="Marc Delaunay",
        department="Finance",
        level=DIRECTOR,
        grade=15,
        job_title="Directeur du contrôle de gestion",
        age=52,
        years_in_company=14,
        languages=["fr", "en"],
        preferred_language="en",
    ),
]


@dataclass
class PersonPlan:
    email: str
    name: str
    department: str
    level: str
    grade: int
    job_title: str
    manager_email: str | None
    hired_on: date
    generation: Generation
    site: Site
    languages: list[str]
    preferred_language: str
    is_hr_admin: bool = False
    is_executive: bool = False
    account: str = ""  # the key of a demo account, or ""


class CompanyPlanner:
    """Draws the whole company as plain data: who, where, which grade, reporting to whom."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.emails: set[str] = {account.email for account in ACCOUNTS}
        self.names: set[str] = {account.name for account in ACCOUNTS}
        self.pins = {(account.department, account.level): account for account in ACCOUNTS}

    def plan(self) -> list[PersonPlan]:
        ceo = self.person(
            "Direction générale", CEO, manager=None, site=SITES[PARIS], title=DEPARTMENTS[0].head
        )
        ceo.is_executive = True
        people = [ceo]
        for department in DEPARTMENTS:
            people += self.department(department, ceo)
        return people

    def department(self, plan: DepartmentPlan, ceo: PersonPlan) -> list[PersonPlan]:
        # Direction générale is the CEO's own department; the others have an
        # executive-committee member at their head.
        if plan.name == "Direction générale":
            head, members = ceo, []
        else:
            head = self.person(plan.name, HEAD, manager=ceo, site=SITES[PARIS], title=plan.head)
            head.is_executive = True
            members = [head]
        others = plan.size - len(members)
        n_directors = max(1, round(others / 20))
        n_managers = max(1, round(others / 8))
        n_bottom = others - n_directors - n_managers - (1 if head is ceo else 0)

        directors = [
            self.person(
                plan.name,
                DIRECTOR,
                manager=head,
                site=self.site_near(plan, head, 0.6),
                title=plan.directors[i % len(plan.directors)],
            )
            for i in range(n_directors)
        ]
        managers = [
            self.person(
                plan.name,
                MANAGER,
                manager=directors[i % n_directors],
                site=self.site_near(plan, directors[i % n_directors], 0.3),
                title=plan.managers[i % len(plan.managers)],
            )
            for i in range(n_managers)
        ]
        bottom = []
        for i in range(n_bottom):
            manager = managers[i % n_managers]
            pinned = self.pins.get((plan.name, JUNIOR))
            junior = self.rng.random() < JUNIOR_SHARE or (i == 0 and pinned is not None)
            level, titles = (JUNIOR, plan.juniors) if junior else (STAFF, plan.staff)
            bottom.append(
                self.person(
                    plan.name,
                    level,
                    manager=manager,
                    site=self.site_near(plan, manager, 0.6),
                    title=self.rng.choice(titles),
                )
            )
        return members + directors + managers + bottom

    def site_near(self, plan: DepartmentPlan, manager: PersonPlan, same_site: float) -> Site:
        if manager.site.name in plan.sites and self.rng.random() < same_site:
            return manager.site
        names, weights = zip(*plan.sites.items(), strict=True)
        return SITES[self.rng.choices(names, weights)[0]]

    def person(
        self,
        department: str,
        level: str,
        *,
        manager: PersonPlan | None,
        site: Site,
        title: Title,
    ) -> PersonPlan:
        account = self.pins.pop((department, level), None)
        if account is not None:
            return self.account(account, manager=manager, site=SITES[PARIS])
        rng = self.rng
        origin = self.weighted(ORIGINS_BY_COUNTRY[site.country])
        feminine = rng.random() < 0.5
        names = NAMES[origin]
        name = self.unique_name(names.feminine if feminine else names.masculine, names.last)
        age = rng.randint(*AGES[level])
        if level == JUNIOR:
            hired_on = self.today - timedelta(days=rng.randint(365, 4 * 365))
        else:
            years = rng.uniform(1, max(1.5, min(32, age - 23)))
            hired_on = self.today - timedelta(days=round(years * 365.25))
        languages = self.languages(site, level, names.languages)
        if site.in_france:
            preferred = "en" if rng.random() < 0.07 else "fr"
        else:
            preferred = "fr" if "fr" in languages and rng.random() < 0.4 else "en"
        return PersonPlan(
            email=self.email_for(name),
            name=name,
            department=department,
            level=level,
            grade=rng.randint(*GRADES[level]),
            job_title=title.for_person(site=site, feminine=feminine),
            manager_email=manager.email if manager else None,
            hired_on=hired_on,
            generation=generation_for(self.today.year - age),
            site=site,
            languages=languages,
            preferred_language=preferred,
        )

    def account(self, account: Account, *, manager: PersonPlan | None, site: Site) -> PersonPlan:
        return PersonPlan(
            email=account.email,
            name=account.name,
            department=account.department,
            level=account.level,
            grade=account.grade,
            job_title=account.job_title,
            manager_email=manager.email if manager else None,
            hired_on=self.today - timedelta(days=round(account.years_in_company * 365.25)),
            generation=generation_for(self.today.year - account.age),
            site=site,
            languages=list(account.languages),
            preferred_language=account.preferred_language,
            is_hr_admin=account.is_hr_admin,
            is_executive=account.is_executive,
            account=account.key,
        )

    def languages(self, site: Site, level: str, origin_languages: list[str]) -> list[str]:
        rng = self.rng
        spoken = [site.language]
        english = {CEO: 1, HEAD: 1, DIRECTOR: 0.95, MANAGER: 0.85, STAFF: 0.7, JUNIOR: 0.9}[level]
        if rng.random() < english:
            spoken.append("en")
        if not site.in_france and rng.random() < 0.35:
            spoken.append("fr")
        spoken += [code for code in origin_languages if rng.random() < 0.6]
        if rng.random() < 0.25:
            spoken.append(rng.choice(OTHER_LANGUAGES))
        return list(dict.fromkeys(spoken))

    def unique_name(self, first_names: list[str], last_names: list[str]) -> str:
        # Namesakes exist in a company of 300, but they confuse a demo.
        for _ in range(50):
            name = f"{self.rng.choice(first_names)} {self.rng.choice(last_names)}"
            if name not in self.names:
                break
        self.names.add(name)
        return name

    def weighted(self, weights: dict[str, float]) -> str:
        names, values = zip(*weights.items(), strict=True)
        return self.rng.choices(names, values)[0]

    def email_for(self, name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        first, _, last = ascii_name.lower().partition(" ")
        stem = f"{first}.{last.replace(' ', '-')}"
        email, number = f"{stem}@{EMAIL_DOMAIN}", 1
        while email in self.emails:
            number += 1
            email = f"{stem}{number}@{EMAIL_DOMAIN}"
        self.emails.add(email)
        return email


# --- Steps ------------------------------------------------------------------------


def seed_departments(demo: Demo) -> str:
    names = [plan.name for plan in DEPARTMENTS]
    existing = set(Department.objects.filter(name__in=names).values_list("name", flat=True))
    Department.objects.bulk_create([Department(name=n) for n in names if n not in existing])
    demo.departments = Department.objects.in_bulk(names, field_name="name")
    return f"{len(names)} departments ({len(names) - len(existing)} new)"


def directory_values(plan: PersonPlan, demo: Demo) -> dict:
    """The person's directory attributes, by attribute name; the manager is set afterwards."""
    return {
        "name": plan.name,
        "department_id": demo.departments[plan.department].pk,
        "job_title": plan.job_title,
        "grade": plan.grade,
        "hired_on": plan.hired_on,
        "generation": plan.generation,
        "site": plan.site.name,
        "country": plan.site.country,
        "languages": plan.languages,
        "preferred_language": plan.preferred_language,
        "time_zone": plan.site.time_zone,
        "is_hr_admin": plan.is_hr_admin,
        "is_executive": plan.is_executive,
        "is_active": True,
    }


def seed_people(demo: Demo) -> str:
    plans = CompanyPlanner(demo.rng("people"), demo.today).plan()
    emails = [plan.email for plan in plans]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    # Everyone but the demo accounts gets an unusable password: they are in the
    # directory, not meant to sign in.
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(email=plan.email, password=unusable, **directory_values(plan, demo))
            for plan in plans
            if plan.email not in existing
        ],
        batch_size=500,
    )
    people = User.objects.in_bulk(emails, field_name="email")

    # Write only what differs: Django's bulk_update builds one CASE per field and
    # row, which is slow, and a second run should find nothing to change.
    changed, fields = [], set()
    for plan in plans:
        person = people[plan.email]
        values = directory_values(plan, demo)
        values["manager_id"] = people[plan.manager_email].pk if plan.manager_email else None
        differs = [name for name, value in values.items() if _value(person, name) != value]
        for name in differs:
            setattr(person, name, values[name])
        if differs:
            changed.append(person)
            fields.update(name.removesuffix("_id") for name in differs)
        if plan.account:
            demo.accounts[plan.account] = person
    if changed:
        User.objects.bulk_update(changed, sorted(fields), batch_size=200)
    demo.people = people
    updated = sum(1 for person in changed if person.email in existing)
    created = len(plans) - len(existing)
    sites = len({plan.site.name for plan in plans})
    return f"{len(plans)} people on {sites} sites ({created} new, {updated} updated)"


def _value(person: User, name: str):
    value = getattr(person, name)
    return value.code if name == "country" else value


def seed_accounts(demo: Demo) -> str:
    """The four accounts sign in with the demo password and a verified, primary email."""
    accounts = [demo.accounts[account.key] for account in ACCOUNTS]
    password = make_password(DEMO_PASSWORD)
    for account in accounts:
        account.password = password
    User.objects.bulk_update(accounts, ["password"])
    EmailAddress.objects.filter(user__in=accounts).delete()
    EmailAddress.objects.filter(email__in=[a.email for a in accounts]).delete()
    EmailAddress.objects.bulk_create(
        EmailAddress(user=a, email=a.email, verified=True, primary=True) for a in accounts
    )
    return f"{len(accounts)} accounts with the password {DEMO_PASSWORD}: " + ", ".join(
        a.email for a in accounts
    )


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
