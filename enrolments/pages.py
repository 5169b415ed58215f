"""What the enrolment pages show, read in a fixed number of queries; the views only render it."""

from typing import Any

from django.contrib.auth.models import AnonymousUser

from people.models import User
from programmes import access as programme_access
from programmes.models import Programme

from . import access, eligibility
from .models import Enrolment

Role = Enrolment.Role
Status = Enrolment.Status


def open_programmes(user: User | AnonymousUser) -> list[dict[str, Any]]:
    """A card per programme the person can volunteer for today: where they stand in it, and
    for each role why they cannot take it, if they cannot."""
    programmes = list(
        programme_access.programmes_for(user)
        .open_for_enrolment()
        .select_related("sponsor")
        .prefetch_related("topics")
        .order_by("enrolment_closes_on", "name", "pk")
    )
    mine = {
        enrolment.programme_id: enrolment
        for enrolment in access.enrolments_of(user).filter(programme__in=programmes)
    }
    return [
        {
            "programme": programme,
            "enrolment": mine.get(programme.pk),
            "roles": [
                {"role": role, "refusals": eligibility.refusals(programme, user, role)}
                for role in (Role.MENTOR, Role.MENTEE)
            ],
        }
        for programme in programmes
    ]


def review_lines(user: User | AnonymousUser) -> list[dict[str, Any]]:
    """Every programme HR may review but the archived ones, its volunteers counted."""
    programmes = list(
        programme_access.programmes_for(user)
        .exclude(status=Programme.Status.ARCHIVED)
        .order_by("-start_on", "name", "pk")
    )
    table = Enrolment.objects.filter(programme__in=programmes).counts_by_programme()
    lines = []
    for programme in programmes:
        counts = table.get(programme.pk, {})
        lines.append(
            {
                "programme": programme,
                "to_review": counts.get(Status.SUBMITTED, 0),
                "approved": counts.get(Status.APPROVED, 0),
                "total": sum(counts.values()),
            }
        )
    return lines
