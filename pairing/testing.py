"""Factories for tests that need volunteers ready to pair (no test in here)."""

from typing import Any

from enrolments.models import Enrolment
from enrolments.testing import make_enrolment
from people.models import User
from programmes.models import Programme
from programmes.testing import make_programme

Role = Enrolment.Role


def make_pairing_programme(
    *, hr_admin: User, executive: User, status: str = Programme.Status.PAIRING, **fields: Any
) -> Programme:
    """Enrolment closed, ready to pair: generative-ai and social-networks taught, strategy
    given back; mentors take up to two mentees; a mentor is at least one grade below."""
    fields.setdefault("max_mentees_per_mentor", 2)
    return make_programme(
        name=fields.pop("name", "Digital acculturation"),
        slug=fields.pop("slug", "digital-acculturation"),
        sponsor=executive,
        managers=[hr_admin],
        status=status,
        **fields,
    )


def approve(
    programme: Programme, person: User, role: str, topics: dict[str, int] | None = None, **fields
) -> Enrolment:
    """An approved enrolment (unless `status` says otherwise); `topics` is {slug: level} for
    mentors, {slug: priority} for mentees."""
    fields.setdefault("status", Enrolment.Status.APPROVED)
    return make_enrolment(programme=programme, person=person, role=role, topics=topics, **fields)
