"""What the programme pages show, read in a fixed number of queries; the views only render it."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects

from . import audit, services
from .models import Objective, Programme, ProgrammeQuerySet

Status = Programme.Status
PAGE_SIZE = 50
AUDIT_EVENTS_SHOWN = 50


def programme_list(
    visible: ProgrammeQuerySet, *, status: str, page_number: str | None
) -> dict[str, Any]:
    """The programmes, latest first, maybe of one status; a tab per status that has any."""
    counts = dict(visible.order_by().values_list("status").annotate(total=Count("pk")))
    programmes = visible.for_list()
    if status in Status.values:
        programmes = programmes.filter(status=status)
    else:
        status = ""
    page = Paginator(programmes.order_by("-start_on", "name", "pk"), PAGE_SIZE).get_page(
        page_number
    )
    tabs = [(value, label, counts.get(value, 0)) for value, label in Status.choices]
    return {
        "page": page,
        "status": status,
        "tabs": [tab for tab in tabs if tab[2] or tab[0] == status],
        "total": sum(counts.values()),
    }


def programme_detail(programme: Programme, *, can_manage: bool) -> dict[str, Any]:
    """The programme and its schedule; for HR, its next step, what blocks it, its audit trail."""
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
    }
    if can_manage:
        next_status = services.NEXT_STATUS.get(programme.status)
        context |= {
            "next_status": Status(next_status) if next_status else None,
            "blockers": services.transition_blockers(programme, next_status) if next_status else [],
            "audit_lines": audit.trail(programme, limit=AUDIT_EVENTS_SHOWN),
        }
    return context
