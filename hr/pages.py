"""What HR's cockpit pages show, gathered in a fixed number of queries."""

from datetime import datetime
from typing import Any

from django.conf import settings

from common.bilingual import sort_key
from meetings.models import ExitRequest
from pairing.models import Pair

from . import nudges


def at_risk_pairs(now: datetime) -> list[Pair]:
    """Pairs at risk, each with the day of its last session held and of HR's last nudge.
    One query."""
    return list(
        nudges.with_nudge_facts(Pair.objects.at_risk(now))
        .with_people()
        .order_by(sort_key("programme__name"), "mentor_person__name", "mentee_person__name", "pk")
    )


def nudge_groups(pairs: list[Pair], now: datetime) -> list[dict[str, Any]]:
    """For each programme, how many of its pairs at risk HR may nudge (both members here),
    and how many of those were nudged lately. No query: read from the list."""
    groups: dict[int, dict[str, Any]] = {}
    for pair in pairs:
        if not (pair.mentor_person.is_active and pair.mentee_person.is_active):
            continue
        group = groups.setdefault(
            pair.programme_id, {"programme": pair.programme, "count": 0, "recent": 0}
        )
        group["count"] += 1
        group["recent"] += bool(pair.last_nudged and pair.last_nudged >= nudges.recently(now))
    return list(groups.values())


def attention(now: datetime) -> dict[str, Any]:
    """The pairs that need HR: at risk, asking to end, or with a member who has left."""
    at_risk = at_risk_pairs(now)
    return {
        "at_risk": at_risk,
        "nudge_groups": nudge_groups(at_risk, now),
        "recently": nudges.recently(now),
        "days": settings.PAIRS_AT_RISK_AFTER_DAYS,
        "exits": list(ExitRequest.objects.open()),
        "leavers": list(
            Pair.objects.with_leaver()
            .with_people()
            .order_by(sort_key("programme__name"), "mentor_person__name", "pk")
        ),
    }
