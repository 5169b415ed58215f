"""What HR's cockpit pages show, gathered in a fixed number of queries."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery

from common.bilingual import sort_key
from meetings.models import ExitRequest, Meeting
from pairing.models import Pair


def at_risk_pairs(now: datetime) -> list[Pair]:
    """Pairs at risk, each with the day of its last session held. One query."""
    last_held = (
        Meeting.objects.filter(pair=OuterRef("pk"), status=Meeting.Status.HELD)
        .order_by()
        .values("pair")
        .annotate(last=Max("starts_at"))
        .values("last")
    )
    pairs = list(
        Pair.objects.at_risk(now)
        .with_people()
        .annotate(last_held=Subquery(last_held))
        .order_by(sort_key("programme__name"), "mentor_person__name", "mentee_person__name", "pk")
    )
    return pairs


def attention(now: datetime) -> dict[str, Any]:
    """The pairs that need HR: at risk, asking to end, or with a member who has left."""
    return {
        "at_risk": at_risk_pairs(now),
        "days": settings.PAIRS_AT_RISK_AFTER_DAYS,
        "exits": list(ExitRequest.objects.open()),
        "leavers": list(
            Pair.objects.with_leaver()
            .with_people()
            .order_by(sort_key("programme__name"), "mentor_person__name", "pk")
        ),
    }
