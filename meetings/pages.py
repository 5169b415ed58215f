"""What the meetings pages show, gathered per page, so that the views only orchestrate."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q

from pairing import access as pairing_access
from pairing.models import Pair
from people.models import User

from . import access
from .models import Agreement, Feedback, Meeting


def my_pairs(user: User, now: datetime) -> list[dict[str, Any]]:
    """ "My sessions": the user's published pairs, active first, each with the other member,
    its next session (`next_at`), the past sessions left to log (`to_log`) and whether the
    user owes feedback on a held one (`feedback_due`). One query."""
    planned = Q(meetings__status=Meeting.Status.PLANNED)
    own_feedback = Feedback.objects.filter(meeting=OuterRef("pk"), author=user)
    to_give = (
        Meeting.objects.held()
        .filter(pair=OuterRef("pk"))
        .annotate(given=Exists(own_feedback))
        .filter(given=False)
    )
    pairs = (
        pairing_access.pairs_of(user)
        .with_people()
        .annotate(
            next_at=Min("meetings__starts_at", filter=planned & Q(meetings__starts_at__gte=now)),
            to_log=Count("meetings", filter=planned & Q(meetings__starts_at__lt=now)),
            feedback_due=Exists(to_give),
        )
        .order_by("status", "-published_at", "pk")  # active pairs first
    )
    return [{"pair": pair, "other": pair.other_member(user)} for pair in pairs]


@dataclass
class PairPage:
    """A pair's page, for one of its members: the other member, the agreement, and the
    sessions to log, coming and past (each marked with whose feedback exists)."""

    pair: Pair
    other: User
    agreement: Agreement | None
    coming: list[Meeting]
    to_log: list[Meeting]  # planned, but their time has passed
    past: list[Meeting]  # held or cancelled, the latest first
    held_count: int
    can_change: bool

    @classmethod
    def build(cls, pair: Pair, user: User, now: datetime) -> "PairPage":
        meetings = list(access.meetings_for(user, pair))
        return cls(
            pair=pair,
            other=pair.other_member(user),
            agreement=Agreement.objects.filter(pair=pair).first(),
            coming=[m for m in meetings if m.is_planned and m.starts_at >= now],
            to_log=[m for m in meetings if m.is_planned and m.starts_at < now],
            past=[m for m in reversed(meetings) if not m.is_planned],
            held_count=sum(1 for m in meetings if m.is_held),
            can_change=access.can_change(pair),
        )

    def context(self) -> dict[str, Any]:
        return dict(vars(self))
