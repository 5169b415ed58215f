"""The main pages of each role, found in the demo company (`seed_demo`), for the tests
that open them all: no inline script (test_security_headers.py) and no serious
accessibility violation (test_accessibility.py).

A page names its URL and, when the URL takes an object, how to find one in the demo.
A page whose URL name or object does not exist (yet) is reported as unavailable and
skipped, so that the list can name the pages of apps still being built.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldError, ObjectDoesNotExist
from django.urls import NoReverseMatch, reverse

from people.models import User

# The demo's accounts (demo/management/commands/seed_demo.py), and a newcomer the tests
# add: an employee of the demo company who has not volunteered yet.
PERSONAS = {
    "hr": "hr@example.com",
    "exec": "exec@example.com",
    "mentor": "mentor@example.com",
    "mentee": "mentee@example.com",
    "newcomer": "newcomer@example.com",
}
VISITOR = "visitor"


class Unavailable(Exception):
    """The page's URL or object is not there (yet)."""


def person(key: str) -> User:
    return User.objects.get(email=PERSONAS[key])


def find(label: str, **lookups) -> Callable[[], str]:
    """The code of the first `app_label.Model` row matching the lookups."""

    def code() -> str:
        try:
            model = apps.get_model(label)
            row = model.objects.filter(**lookups).order_by("pk").first()
        except (LookupError, FieldError, ValueError) as error:
            raise Unavailable(f"{label}: {error}") from error
        if row is None:
            raise Unavailable(f"no {label} with {lookups} in the demo")
        return str(row.code)

    return code


def programme(slug: str) -> Callable[[], str]:
    return find("programmes.Programme", slug=slug)


OPEN = "digital-acculturation"
PAIRING = "executive-committee"
RUNNING = "csr-sustainability"
COMPLETED = "digital-acculturation-first-edition"


@dataclass(frozen=True)
class Page:
    persona: str
    name: str
    args: tuple[Callable[[], str] | str, ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.persona}:{self.name}"

    def url(self) -> str:
        try:
            args = [arg() if callable(arg) else arg for arg in self.args]
        except ObjectDoesNotExist as error:
            raise Unavailable(str(error)) from error
        try:
            return reverse(self.name, args=args)
        except NoReverseMatch as error:
            raise Unavailable(f"no URL named {self.name}") from error


MAIN_PAGES = [
    # Visitors: the doors in.
    Page(VISITOR, "account_login"),
    Page(VISITOR, "account_signup"),
    Page(VISITOR, "account_reset_password"),
    # Everyone signed in: home, profile, account, two-factor authentication.
    Page("mentor", "home"),
    Page("mentor", "people:profile"),
    Page("mentor", "account_email"),
    Page("mentor", "account_change_password"),
    Page("mentor", "mfa_index"),
    Page("mentor", "account_reauthenticate"),
    # Volunteers: open programmes, the form, their enrolments, pairs, sessions, surveys.
    Page("newcomer", "enrolments:open"),
    Page("newcomer", "programmes:detail", (programme(OPEN),)),
    Page("newcomer", "enrolments:volunteer", (programme(OPEN), "mentor")),
    Page("newcomer", "enrolments:volunteer", (programme(OPEN), "mentee")),
    Page("mentor", "enrolments:mine"),
    Page(
        "mentor",
        "enrolments:detail",
        (find("enrolments.Enrolment", person__email=PERSONAS["mentor"]),),
    ),
    Page("mentee", "home"),
    Page("mentee", "enrolments:mine"),
    Page(
        "mentee", "pairing:pair", (find("pairing.Pair", mentee_person__email=PERSONAS["mentee"]),)
    ),
    Page("mentee", "meetings:mine"),
    Page(
        "mentee",
        "meetings:pair",
        (find("pairing.Pair", mentee_person__email=PERSONAS["mentee"]),),
    ),
    Page("mentee", "meetings:calendar"),
    Page("mentee", "evaluation:mine"),
    Page("mentee", "privacy:my_data"),
    # HR admins: directory, import, programmes, review, pairing, dashboards.
    Page("hr", "home"),
    Page("hr", "people:directory"),
    Page("hr", "people:import"),
    Page("hr", "people:person", (find("people.User", email=PERSONAS["mentor"]),)),
    Page("hr", "programmes:list"),
    Page("hr", "programmes:detail", (programme(OPEN),)),
    Page("hr", "programmes:detail", (programme(RUNNING),)),
    Page("hr", "programmes:choose_template"),
    Page("hr", "programmes:create", ("blank",)),
    Page("hr", "programmes:edit", (programme(OPEN),)),
    Page("hr", "programmes:topics"),
    Page("hr", "enrolments:review_index"),
    Page("hr", "enrolments:review", (programme(OPEN),)),
    Page("hr", "enrolments:import", (programme(OPEN),)),
    Page("hr", "pairing:index"),
    Page("hr", "pairing:round", (programme(PAIRING),)),
    Page("hr", "pairing:published", (programme(RUNNING),)),
    Page("hr", "evaluation:dashboard"),
    Page("hr", "evaluation:programme", (programme(RUNNING),)),
    Page("hr", "evaluation:setup", (programme(RUNNING),)),
    Page("hr", "evaluation:review_testimonials"),
    Page("hr", "hr:attention"),
    Page("hr", "hr:surveys"),
    Page("hr", "hr:nudge_programme", (programme(RUNNING),)),
    Page("hr", "privacy:erasures"),
    Page("hr", "privacy:erase", (find("people.User", email=PERSONAS["mentor"]),)),
    # Executives: programmes and dashboards.
    Page("exec", "home"),
    Page("exec", "programmes:list"),
    Page("exec", "programmes:detail", (programme(RUNNING),)),
    Page("exec", "evaluation:dashboard"),
    Page("exec", "evaluation:programme", (programme(COMPLETED),)),
]
