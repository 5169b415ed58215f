"""The demo company: who works where, at which grade, reporting to whom.

CompanyPlanner draws it as plain data from one random.Random; the steps write it.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from people.directory import Generation, generation_for
from people.models import Department, User

from .accounts import ACCOUNTS, Account
from .context import Demo
from .departments import DEPARTMENTS, PARIS, SITES, DepartmentPlan, Site, Title
from .levels import AGES, CEO, DIRECTOR, GRADES, HEAD, JUNIOR, JUNIOR_SHARE, MANAGER, STAFF
from .names import NAMES, ORIGINS_BY_COUNTRY, OTHER_LANGUAGES

EMAIL_DOMAIN = "example.com"


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
        # A closed account stays closed (the demo's leaver, or one HR closed while trying
        # the demo): reopening one is a decision (people/leavers.py), not a refresh.
        values.pop("is_active")
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
