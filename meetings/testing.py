"""Factories for tests that need a published pair and its sessions (no test in here)."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from pairing.models import Pair
from pairing.testing import Role, approve, make_pairing_programme
from people.models import User
from programmes.models import Programme

from .models import Feedback, JournalEntry, Meeting


def make_running_programme(*, hr_admin: User, executive: User, **fields: Any) -> Programme:
    fields.setdefault("slug", "digital-acculturation")
    return make_pairing_programme(
        hr_admin=hr_admin, executive=executive, status=Programme.Status.RUNNING, **fields
    )


def make_pair(
    *, programme: Programme, mentor: User, mentee: User, status: str = Pair.Status.ACTIVE
) -> Pair:
    """A pair written directly (publication has its own tests), with approved enrolments."""
    now = timezone.now()
    return Pair.objects.create(
        programme=programme,
        mentor=approve(programme, mentor, Role.MENTOR, {"generative-ai": 4}),
        mentee=approve(programme, mentee, Role.MENTEE, {"generative-ai": 1}),
        mentor_person=mentor,
        mentee_person=mentee,
        status=status,
        published_at=None if status == Pair.Status.PROPOSED else now,
        ended_at=now if status == Pair.Status.ENDED else None,
        end_reason=Pair.EndReason.OTHER if status == Pair.Status.ENDED else "",
    )


def make_meeting(pair: Pair, *, starts_at: datetime | None = None, **fields: Any) -> Meeting:
    """A planned session, in three days at 08:00 UTC unless told."""
    if starts_at is None:
        starts_at = (timezone.now() + timedelta(days=3)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
    return Meeting.objects.create(pair=pair, starts_at=starts_at, **fields)


def make_held_meeting(
    pair: Pair,
    *,
    days_ago: int = 7,
    note: str = "",
    takeaways: str = "",
    feedback_by: tuple[User, ...] = (),
    **fields: Any,
) -> Meeting:
    """A session held `days_ago`, with an optional journal entry by the mentor, and feedback."""
    now = timezone.now()
    meeting = Meeting.objects.create(
        pair=pair,
        starts_at=now - timedelta(days=days_ago),
        status=Meeting.Status.HELD,
        logged_at=now,
        logged_by=pair.mentor_person,
        takeaways=takeaways,
        **fields,
    )
    if note:
        JournalEntry.objects.create(meeting=meeting, author=pair.mentor_person, text=note)
    for person in feedback_by:
        Feedback.objects.create(
            meeting=meeting,
            author=person,
            rating=4,
            learned=f"{person.name} learned something",
            taught=f"{person.name} taught something",
        )
    return meeting
