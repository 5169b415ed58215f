"""The directory's dated events: who left and when, who came back, whose grade changed.

`record` compares the directory before and after an import and writes one
`DirectoryEvent` per change, dated the day of the import. Only a *full* directory says who
left: a person missing from a full file has left the company (they are set inactive), and
a person who had left and is in a file again has returned (set active). Grade changes are
recorded from any file. Other sources of the same facts (a SCIM feed of leavers, the
admin) write the same events through `record_event`, with their own `source`.

The evaluation reads these events for the retention and promotion of the junior mentors
(evaluation/outcomes.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .models import DirectoryEvent, User


@dataclass(frozen=True)
class Snapshot:
    """What the events compare: each person's grade and whether they work here."""

    grades: dict[int, int | None]
    active: dict[int, bool]
    superusers: frozenset[int]

    @classmethod
    def take(cls) -> "Snapshot":
        grades, active, superusers = {}, {}, set()
        for pk, grade, is_active, is_superuser in User.objects.values_list(
            "pk", "grade", "is_active", "is_superuser"
        ):
            grades[pk], active[pk] = grade, is_active
            if is_superuser:
                superusers.add(pk)
        return cls(grades, active, frozenset(superusers))


@dataclass
class Changes:
    left: int = 0
    returned: int = 0
    grade_changed: int = 0
    left_ids: list[int] = field(default_factory=list)  # for people/leavers.announce


def record(
    *,
    before: Snapshot,
    in_file: Iterable[int],
    full: bool,
    on: date,
    source: str = DirectoryEvent.Source.IMPORT,
    keep: Iterable[int] = (),
) -> Changes:
    """The events of one import (call it inside the import's transaction, after the writes).

    `keep`: people who never leave by their absence (the HR admin importing the file)."""
    present = set(in_file)
    now_grades = dict(User.objects.filter(pk__in=present).values_list("pk", "grade"))
    last_kind = dict(
        DirectoryEvent.objects.filter(
            kind__in=[DirectoryEvent.Kind.LEFT, DirectoryEvent.Kind.RETURNED]
        )
        .order_by("person_id", "on", "pk")
        .values_list("person_id", "kind")
    )  # ordered, so each person's last movement wins
    events: list[DirectoryEvent] = []
    changes = Changes()
    for pk in sorted(present):
        old, new = before.grades.get(pk), now_grades.get(pk)
        if pk in before.grades and old is not None and new is not None and old != new:
            events.append(
                DirectoryEvent(
                    person_id=pk,
                    kind=DirectoryEvent.Kind.GRADE_CHANGED,
                    on=on,
                    before=str(old),
                    after=str(new),
                    source=source,
                )
            )
            changes.grade_changed += 1
        if last_kind.get(pk) == DirectoryEvent.Kind.LEFT:
            events.append(_movement(pk, DirectoryEvent.Kind.RETURNED, on, source))
            changes.returned += 1
    returned = [e.person_id for e in events if e.kind == DirectoryEvent.Kind.RETURNED]
    leavers: list[int] = []
    kept = set(keep)
    if full:
        leavers = [
            pk
            for pk, active in before.active.items()
            if active and pk not in present and pk not in before.superusers and pk not in kept
        ]
        events += [_movement(pk, DirectoryEvent.Kind.LEFT, on, source) for pk in leavers]
        changes.left, changes.left_ids = len(leavers), leavers
    DirectoryEvent.objects.bulk_create(events, batch_size=500)
    if returned:
        User.objects.filter(pk__in=returned).update(is_active=True)
    if leavers:
        # A bulk update skips the signal that ends sessions: the import then calls
        # people/leavers.announce, which ends them and tells the apps downstream.
        User.objects.filter(pk__in=leavers).update(is_active=False)
    return changes


def _movement(pk: int, kind: str, on: date, source: str) -> DirectoryEvent:
    return DirectoryEvent(person_id=pk, kind=kind, on=on, source=source)


def record_event(
    *,
    person: User,
    kind: str,
    on: date,
    before: str = "",
    after: str = "",
    source: str = DirectoryEvent.Source.ADMIN,
) -> DirectoryEvent:
    """One event from another source (a feed of leavers, the admin)."""
    return DirectoryEvent.objects.create(
        person=person, kind=kind, on=on, before=before, after=after, source=source
    )
