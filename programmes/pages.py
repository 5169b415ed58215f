"""What the programme pages show, read in a fixed number of queries; the views only render it."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.utils import timezone

from . import access, audit, services
from .models import Objective, Programme, ProgrammeQuerySet

Status = Programme.Status
PAGE_SIZE = 50
AUDIT_EVENTS_SHOWN = 50
CLOSING_SOON_DAYS = 7


def programme_list(
    visible: ProgrammeQuerySet, *, status: str, page_number: str | None, closing: str = ""
) -> dict[str, Any]:
    """The programmes, latest first, maybe of one status; a tab per status that has any.
    `closing="soon"`: only those whose enrolment closes within a week (HR's work list links
    here), soonest first, their closing date highlighted."""
    counts = dict(visible.order_by().values_list("status").annotate(total=Count("pk")))
    programmes = visible.for_list()
    if status in Status.values:
        programmes = programmes.filter(status=status)
    else:
        status = ""
    ordering = ("-start_on", "name", "pk")
    if closing == "soon":
        programmes = programmes.enrolment_closing_within(timezone.localdate(), CLOSING_SOON_DAYS)
        ordering = ("enrolment_closes_on", "name", "pk")
    else:
        closing = ""
    page = Paginator(programmes.order_by(*ordering), PAGE_SIZE).get_page(page_number)
    tabs = [(value, label, counts.get(value, 0)) for value, label in Status.choices]
    return {
        "page": page,
        "status": status,
        "closing": closing,
        "tabs": [tab for tab in tabs if tab[2] or tab[0] == status],
        "total": sum(counts.values()),
    }


def programme_detail(programme: Programme, *, can_manage: bool, user: Any = None) -> dict[str, Any]:
    """The programme and its schedule; for HR, its next step, what blocks it, its audit trail,
    and the closing message as participants will read it."""
    prefetch_related_objects(
        [programme],
        "managers",
        "topics",
        Prefetch("objectives", queryset=Objective.objects.prefetch_related("topics")),
    )
    context: dict[str, Any] = {
        "programme": programme,
        "sessions": programme.planned_session_dates(),
        "published_pairs": services.published_pair_count(programme),
        "can_manage": can_manage,
        "closing": closing_reader(programme, user, can_manage=can_manage),
    }
    if can_manage:
        next_status = services.NEXT_STATUS.get(programme.status)
        context |= {
            "next_status": Status(next_status) if next_status else None,
            "blockers": services.transition_blockers(programme, next_status) if next_status else [],
            "audit_lines": audit.trail(programme, limit=AUDIT_EVENTS_SHOWN),
        }
    return context


def closing_reader(programme: Programme, user: Any, *, can_manage: bool) -> str:
    """Who reads the closing message here: "hr" (always, to check it), "participant" (once
    the programme has ended), or "" (nobody: not yet, or not theirs). One query at most, and
    none while the programme runs or when there is no message."""
    if can_manage:
        return "hr"
    if not programme.closing_message.strip() or not programme.has_ended():
        return ""
    return "participant" if access.takes_part(user, programme) else ""
