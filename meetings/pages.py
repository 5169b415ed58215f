"""What the meetings pages show, gathered per page, so that the views only orchestrate."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q

from pairing import access as pairing_access
from pairing.models import Pair
from people.models import User

from . import access
from .models import Agreement, ExitRequest, Feedback, Meeting
from .planning import unplanned_dates
from .services import programme_has_ended


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
    coming: list[Meeting]  # planned, and cancelled ones, at their date to come
    to_log: list[Meeting]  # planned, but their time has passed
    past: list[Meeting]  # held, and cancelled ones whose date has passed, the latest first
    held_count: int
    can_change: bool
    programme_ended: bool
    unplanned: int  # programme dates the planner could not place
    exit_request: ExitRequest | None  # the user's own open request to end the pair

    @classmethod
    def build(cls, pair: Pair, user: User, now: datetime) -> "PairPage":
        meetings = list(access.meetings_for(user, pair))
        ended = programme_has_ended(pair)
        return cls(
            pair=pair,
            other=pair.other_member(user),
            agreement=Agreement.objects.filter(pair=pair).first(),
            coming=[m for m in meetings if not m.is_held and m.starts_at >= now],
            to_log=[m for m in meetings if m.is_planned and m.starts_at < now and not ended],
            past=[m for m in reversed(meetings) if not m.is_planned and m.starts_at < now],
            held_count=sum(1 for m in meetings if m.is_held),
            can_change=access.can_change(pair),
            programme_ended=ended,
            unplanned=unplanned_dates(pair, meetings) if pair.status == Pair.Status.ACTIVE else 0,
            exit_request=ExitRequest.objects.filter(
                pair=pair, by=user, withdrawn_at__isnull=True
            ).first(),
        )

    def context(self) -> dict[str, Any]:
        return dict(vars(self))
