"""Workflows of the people app that write several rows or send mail."""

import logging
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from common.importing import ImportReport, Problem, Upload

from . import events, importing, leavers, tasks
from .importing import KnownPerson, Row
from .models import Department, User

logger = logging.getLogger(__name__)

# Rows per INSERT/UPDATE statement batch; Django lowers it further where the
# database limits the number of parameters (SQLite: 999).
BATCH_SIZE = 500
# People per invitation task: one SMTP connection for each chunk.
INVITATIONS_PER_TASK = 500
T = TypeVar("T")


@dataclass
class DirectoryImportReport(ImportReport):
    """An import's report with the dated events it recorded (people/events.py)."""

    left: int = 0
    returned: int = 0
    grade_changed: int = 0


def import_directory(
    *, data: Upload, send_invitations: bool, by: User | None, full: bool = False
) -> ImportReport:
    """Create or update (by email) everyone in HR's CSV file; if any line is bad, write nothing.

    Grade changes, and people who come back after leaving, are recorded as dated events.
    With `full` (the file is the whole directory), people missing from it have left: they
    are set inactive and their leaving is recorded; otherwise they are left as they are.
    """
    known = _known_people()
    parsed = importing.parse(data, known=known)
    problems = parsed.problems or _addresses_owned_by_others(parsed.rows, known)
    if problems:
        return ImportReport(problems=problems)

    try:
        with transaction.atomic():
            before = events.Snapshot.take()
            written, created_ids = _write(parsed.rows, known)
            in_file = [known[row.email].pk for row in parsed.rows if row.email in known]
            changes = events.record(
                before=before,
                in_file=in_file,
                full=full,
                on=timezone.localdate(),
                keep=[by.pk] if by else [],
            )
            leavers.announce(pks=changes.left_ids, on=timezone.localdate(), by=by)
            report = DirectoryImportReport(
                created=written.created,
                updated=written.updated,
                unchanged=written.unchanged,
                left=changes.left,
                returned=changes.returned,
                grade_changed=changes.grade_changed,
            )
            if send_invitations:
                for chunk in _chunks(created_ids, INVITATIONS_PER_TASK):
                    tasks.send_invitations.delay_on_commit(chunk)
    except IntegrityError:
        # Someone else changed the directory between the checks and the writes (two
        # imports at once): everything was rolled back, and trying again is safe.
        logger.warning("Directory import rolled back on a conflicting change.", exc_info=True)
        message = _(
            "The directory changed while this file was being imported, perhaps by another "
            "import at the same time. Nothing was imported: please upload the file again."
        )
        return ImportReport(problems=[Problem(None, "", message)])
    logger.info(
        "Directory import by %s: %d created, %d updated, %d unchanged.",
        by.email if by else "a command",
        report.created,
        report.updated,
        report.unchanged,
    )
    return report


def _known_people() -> dict[str, KnownPerson]:
    people = User.objects.values_list("pk", "email", "name", "manager__email")
    return {
        email.lower(): KnownPerson(pk=pk, name=name, manager_email=(manager or "").lower())
        for pk, email, name, manager in people
    }


def _addresses_owned_by_others(rows: list[Row], known: dict[str, KnownPerson]) -> list[Problem]:
    """allauth keeps verified addresses unique: a file's address may be someone's second one."""
    secondary = (
        EmailAddress.objects.filter(verified=True)
        .annotate(address=Lower("email"), login=Lower("user__email"))
        .exclude(address=F("login"))
        .values_list("address", "user_id", "user__name")
    )
    owners = {address: (user_id, name) for address, user_id, name in secondary}
    problems = []
    for row in rows:
        owner = owners.get(row.email)
        person = known.get(row.email)
        if owner and (person is None or person.pk != owner[0]):
            problems.append(
                Problem(
                    row.line,
                    "email",
                    _("This address is already the second address of another person, %(name)s.")
                    % {"name": owner[1]},
                )
            )
    return problems


def _write(rows: list[Row], known: dict[str, KnownPerson]) -> tuple[ImportReport, list[int]]:
    attributes = _Attributes(
        department_ids=_department_ids({row.department for row in rows if row.department}),
        pk_of={email: person.pk for email, person in known.items()},
    )
    created = _create([row for row in rows if row.email not in known], attributes)
    existing = [row for row in rows if row.email in known]
    updated = _update(existing, known, attributes)
    report = ImportReport(created=len(created), updated=updated, unchanged=len(existing) - updated)
    return report, [person.pk for person in created]


@dataclass
class _Attributes:
    """A row as a User's attributes, its department and manager as ids."""

    department_ids: dict[str, int]
    pk_of: dict[str, int]  # by lowercase email, new people's added as they are created

    NAMES = (
        "email",
        "name",
        "department_id",
        "job_title",
        "grade",
        "hired_on",
        "generation",
        "site",
        "country",
        "languages",
        "preferred_language",
        "manager_id",
    )

    def __call__(self, row: Row) -> dict[str, Any]:
        return {
            "email": row.email,
            "name": row.name,
            "department_id": self.department_ids.get(row.department.lower()),
            "job_title": row.job_title,
            "grade": row.grade,
            "hired_on": row.hired_on,
            "generation": row.generation,
            "site": row.site,
            "country": row.country,
            "languages": row.languages,
            "preferred_language": row.preferred_language,
            "manager_id": self.pk_of[row.manager_email] if row.manager_email else None,
        }


def _create(rows: list[Row], attributes: _Attributes) -> list[User]:
    """New people, managers before their reports, so that every manager has a primary key
    when their reports are inserted: one bulk insert per level instead of a second pass
    over the reporting lines. No password until they follow their invitation; HR's
    directory is trusted, so their address is verified."""
    created: list[User] = []
    for level in _levels(rows):
        people = [User(**attributes(row), password=_unusable_password()) for row in level]
        User.objects.bulk_create(people, batch_size=BATCH_SIZE)
        _fill_in_primary_keys(people)
        attributes.pk_of.update({person.email: person.pk for person in people})
        created += people
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=person.pk, email=person.email, verified=True, primary=True)
            for person in created
        ],
        batch_size=BATCH_SIZE,
    )
    return created


def _update(rows: list[Row], known: dict[str, KnownPerson], attributes: _Attributes) -> int:
    """People already in Tandem: change only what the file changes. Returns how many changed.

    The file is compared with the values the database holds, and a User is built only
    for the people who change (a re-import mostly changes nobody).
    """
    pks = [known[row.email].pk for row in rows]
    current = {
        pk: values
        for chunk in _chunks(pks, 900)
        for pk, *values in User.objects.filter(pk__in=chunk).values_list("pk", *_Attributes.NAMES)
    }
    updated: list[User] = []
    changed_fields: set[str] = set()
    for row, pk in zip(rows, pks, strict=True):
        values = attributes(row)
        changed = [
            name
            for name, now in zip(_Attributes.NAMES, current[pk], strict=True)
            if now != values[name]
        ]
        if changed:
            updated.append(User(pk=pk, **values))
            changed_fields.update(name.removesuffix("_id") for name in changed)
    if updated:
        User.objects.bulk_update(updated, sorted(changed_fields), batch_size=BATCH_SIZE)
    return len(updated)


def _levels(rows: list[Row]) -> list[list[Row]]:
    """New people grouped by depth: those whose manager is not new first, then their reports…"""
    new = {row.email: row for row in rows}
    depth: dict[str, int] = {}

    def depth_of(email: str) -> int:
        # Iterative, the reporting lines may be deep; the file was checked for circles.
        chain = []
        while email in new and email not in depth:
            chain.append(email)
            email = new[email].manager_email
        level = depth.get(email, -1)
        for member in reversed(chain):
            level += 1
            depth[member] = level
        return depth[chain[0]] if chain else depth[email]

    levels: list[list[Row]] = []
    for row in rows:
        level = depth_of(row.email)
        while len(levels) <= level:
            levels.append([])
        levels[level].append(row)
    return levels


def _unusable_password() -> str:
    # What set_unusable_password() stores, without its slow character-by-character randomness.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _department_ids(names: set[str]) -> dict[str, int]:
    """Department ids by lowercase name, creating the missing ones (the file's spelling wins)."""
    ids = {name.lower(): pk for pk, name in Department.objects.values_list("pk", "name")}
    missing = {}
    for name in sorted(names):
        if name.lower() not in ids:
            missing.setdefault(name.lower(), Department(name=name))
    if missing:
        Department.objects.bulk_create(missing.values(), batch_size=BATCH_SIZE)
        ids.update(
            {
                name.lower(): pk
                for pk, name in Department.objects.filter(
                    name__in=[department.name for department in missing.values()]
                ).values_list("pk", "name")
            }
        )
    return ids


def _fill_in_primary_keys(people: list[User]) -> None:
    """bulk_create sets primary keys on PostgreSQL and recent SQLite; elsewhere, read them back."""
    missing = [person for person in people if person.pk is None]
    for chunk in _chunks(missing, 900):
        pks = dict(
            User.objects.filter(email__in=[person.email for person in chunk]).values_list(
                "email", "pk"
            )
        )
        for person in chunk:
            person.pk = person.id = pks[person.email]


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
