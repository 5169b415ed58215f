"""One person's directory record, from somewhere other than HR's file: single sign-on claims
(sso) and the directory's provisioning calls (scim).

The record goes through the same checks as a line of the directory import
(`forms.DirectoryLine`), so that a grade, a country or a language is refused in the same
words whichever way it comes in; the reporting line is checked against the people in
Tandem: the manager must exist and must not report, directly or not, to the person.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.importing import Problem

from .forms import DirectoryLine
from .importing import Row
from .models import Department, User

# The fields a record may carry, named as the directory file's columns.
FIELDS = (
    "email",
    "name",
    "department",
    "job_title",
    "grade",
    "manager_email",
    "hired_on",
    "site",
    "country",
    "languages",
    "preferred_language",
)


class RecordRefused(Exception):
    """The record breaks a rule of the directory; `problems` says which, in words."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Saved:
    person: User
    created: bool
    changed: tuple[str, ...]


def cells_of(person: User) -> dict[str, str]:
    """The person's record as the directory file would write it."""
    return {
        "email": person.email,
        "name": person.name,
        "department": person.department.name if person.department_id else "",
        "job_title": person.job_title,
        "grade": str(person.grade) if person.grade is not None else "",
        "manager_email": person.manager.email if person.manager_id else "",
        "hired_on": person.hired_on.isoformat() if person.hired_on else "",
        "site": person.site,
        "country": person.country.code or "",
        "languages": ";".join(person.languages),
        "preferred_language": person.preferred_language,
    }


def check(cells: Mapping[str, str], *, person: User | None = None) -> Row:
    """The person's record with `cells` laid over it, checked; RecordRefused if it is wrong."""
    record = cells_of(person) if person else dict.fromkeys(FIELDS, "")
    record.update({key: (value or "").strip() for key, value in cells.items() if key in FIELDS})
    record["birth_year"] = ""
    form = DirectoryLine(record, today=timezone.localdate())
    row = None
    problems = [
        Problem(None, column, message)
        for column, messages in form.errors.items()
        for message in messages
    ]
    if not problems:
        values = dict(form.cleaned_data)
        row = Row(line=0, generation=values.pop("birth_year"), **values)
        problems = _reporting_line_problems(row, person)
        owner = User.objects.filter(email__iexact=row.email).exclude(pk=getattr(person, "pk", None))
        if owner.exists():
            problems.append(
                Problem(None, "email", _("Another person in Tandem already has this address."))
            )
    if problems:
        raise RecordRefused(problems)
    return row


def _reporting_line_problems(row: Row, person: User | None) -> list[Problem]:
    if not row.manager_email:
        return []
    manager = User.objects.filter(email__iexact=row.manager_email).first()
    if manager is None:
        return [
            Problem(
                None,
                "manager_email",
                _("The manager “%(email)s” is not in Tandem.") % {"email": row.manager_email},
            )
        ]
    if person is None:
        return []
    # Up the manager's line: meeting the person again would close a circle. One query a level.
    seen: set[int] = set()
    current: User | None = manager
    while current is not None and current.pk not in seen:
        if current.pk == person.pk:
            return [
                Problem(
                    None,
                    "manager_email",
                    _(
                        "%(manager)s already reports, directly or not, to %(person)s: the "
                        "reporting lines would go round in a circle."
                    )
                    % {"manager": manager.name, "person": person.name},
                )
            ]
        seen.add(current.pk)
        current = current.manager
    return []


@transaction.atomic
def save(row: Row, *, person: User | None = None, given: frozenset[str] | None = None) -> Saved:
    """Create the person or change their record; `given` limits the fields written."""
    # By the record's field: the model's attribute and its value.
    values = {
        "email": ("email", row.email),
        "name": ("name", row.name),
        "department": ("department_id", _department_id(row.department)),
        "job_title": ("job_title", row.job_title),
        "grade": ("grade", row.grade),
        "manager_email": ("manager_id", _manager_id(row.manager_email)),
        "hired_on": ("hired_on", row.hired_on),
        "site": ("site", row.site),
        "country": ("country", row.country),
        "languages": ("languages", row.languages),
        "preferred_language": ("preferred_language", row.preferred_language),
    }
    fields = {
        attname: value
        for key, (attname, value) in values.items()
        if person is None or given is None or key in given
    }
    if person is None:
        person = User(**fields)
        person.set_unusable_password()
        person.save()
        # The directory is trusted: the address is verified, as for HR's import.
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        return Saved(person, True, tuple(sorted(fields)))
    changed = []
    for name, value in fields.items():
        current = person.country.code if name == "country" else getattr(person, name)
        if current != value:
            setattr(person, name, value)
            changed.append(name)
    if changed:
        person.save(update_fields=changed)
        if "email" in changed:
            EmailAddress.objects.filter(user=person, primary=True).update(email=person.email)
    return Saved(person, False, tuple(changed))


def _department_id(name: str) -> int | None:
    if not name:
        return None
    department = Department.objects.filter(name__iexact=name).first()
    if department is None:
        department = Department.objects.create(name=name)
    return department.pk


def _manager_id(email: str) -> int | None:
    if not email:
        return None
    return User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
