"""What HR's cockpit pages show, gathered in a fixed number of queries."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max

from common.bilingual import sort_key
from meetings.models import ExitRequest
from pairing.models import Pair
from reminders.models import Reminder

from . import nudges


def at_risk_pairs(now: datetime) -> list[Pair]:
    """Pairs at risk, each with the day of its last session held and of HR's last nudge.
    One query."""
    return list(
        nudges.with_nudge_facts(Pair.objects.at_risk(now))
        .with_people()
        .order_by(sort_key("programme__name"), "mentor_person__name", "mentee_person__name", "pk")
    )


def nudgeable(pair: Pair) -> bool:
    """A pair of `at_risk_pairs` HR may nudge now."""
    here = pair.mentor_person.is_active and pair.mentee_person.is_active
    return here and not pair.asks_to_end and not pair.nudge_waiting


def nudge_groups(pairs: list[Pair], now: datetime) -> list[dict[str, Any]]:
    """For each programme, how many of its pairs at risk HR may nudge (both members here,
    neither asking to end, no nudge waiting to be sent), and how many of those were nudged
    lately. No query: read from the list."""
    groups: dict[int, dict[str, Any]] = {}
    for pair in pairs:
        if not nudgeable(pair):
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
        "leavers": leavers_told(
            list(
                Pair.objects.with_leaver()
                .with_people()
                .order_by(sort_key("programme__name"), "mentor_person__name", "pk")
            )
        ),
    }


def leavers_told(pairs: list[Pair]) -> list[Pair]:
    """Each pair with a leaver, with whether its partner was told of the cancelled sessions,
    read from the notices' rows (one query): `notice_waiting` (a notice not sent yet),
    `told_on` (when the last one was sent), both empty when nothing was cancelled."""
    notices = (
        Reminder.objects.filter(pair__in=pairs, kind=Reminder.Kind.SESSION_CANCELLED)
        .order_by()
        .values("pair", "recipient", "status")
        .annotate(last=Max("sent_at"))
    )
    waiting, told = set(), {}
    partners = {pair.pk: _partners(pair) for pair in pairs}
    for row in notices:
        if row["recipient"] not in partners.get(row["pair"], ()):
            continue
        if row["status"] in Reminder.ACTIVE_STATUSES:
            waiting.add(row["pair"])
        elif row["status"] == Reminder.Status.SENT and row["last"]:
            told[row["pair"]] = max(row["last"], told.get(row["pair"], row["last"]))
    for pair in pairs:
        pair.notice_waiting = pair.pk in waiting
        pair.told_on = told.get(pair.pk)
    return pairs


def _partners(pair: Pair) -> set[int]:
    """The members still here: those told of a leaver's cancelled sessions."""
    return {person.pk for person in (pair.mentor_person, pair.mentee_person) if person.is_active}
