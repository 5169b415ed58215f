"""What the meetings pages show, gathered per page, so that the views only orchestrate."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q

from pairing import access as pairing_access
from pairing.models import Pair
from people.models import User
from programmes.models import Topic

from . import access
from .models import Agreement, ExitRequest, Feedback, JournalEntry, Meeting
from .planning import unplanned_dates
from .services import programme_has_ended

# What "My sessions" shows of each pair: its programme's name, the partner's name, its status.
MY_PAIRS_FIELDS = (
    "code",
    "status",
    "published_at",
    "programme__name_en",
    "programme__name_fr",
    "programme__status",
    "mentor_person__name",
    "mentee_person__name",
)


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
        .select_related("programme", "mentor_person", "mentee_person")
        .only(*MY_PAIRS_FIELDS)
        .annotate(
            next_at=Min("meetings__starts_at", filter=planned & Q(meetings__starts_at__gte=now)),
            to_log=Count("meetings", filter=planned & Q(meetings__starts_at__lt=now)),
            feedback_due=Exists(to_give),
        )
        .order_by("status", "-published_at", "pk")  # active pairs first
    )
    rows = []
    for pair in pairs:
        if not access.can_change(pair):  # the one rule: an ended pair is asked nothing
            pair.to_log, pair.feedback_due = 0, False
        rows.append({"pair": pair, "other": pair.other_member(user)})
    return rows


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
        for meeting in meetings:
            meeting.pair = pair  # its programme's place, without a query per session
        ended = programme_has_ended(pair)
        asked = access.can_change(pair)
        return cls(
            pair=pair,
            other=pair.other_member(user),
            agreement=Agreement.objects.filter(pair=pair).first(),
            coming=[m for m in meetings if not m.is_held and m.starts_at >= now],
            to_log=[m for m in meetings if m.is_planned and m.starts_at < now and asked],
            past=[m for m in reversed(meetings) if not m.is_planned and m.starts_at < now],
            held_count=sum(1 for m in meetings if m.is_held),
            can_change=asked,
            programme_ended=ended,
            unplanned=unplanned_dates(pair, meetings) if pair.status == Pair.Status.ACTIVE else 0,
            exit_request=ExitRequest.objects.filter(
                pair=pair, by=user, withdrawn_at__isnull=True
            ).first(),
        )

    def context(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class SessionPage:
    """A session's page, for one of its pair's members: the session and, once it is held, the
    topics it covered, the feedback as the member may read it and their own journal (the
    page shows none of these before). No query for a session to come beyond the session's
    own (`access.meeting_page_for`); three at most for a held one."""

    meeting: Meeting
    pair: Pair
    other: User
    topics: list[Topic]
    journal: JournalEntry | None
    feedback: access.SessionFeedback
    can_change: bool
    is_past: bool

    @classmethod
    def build(cls, meeting: Meeting, user: User, now: datetime) -> "SessionPage":
        held = meeting.is_held
        return cls(
            meeting=meeting,
            pair=meeting.pair,
            other=meeting.pair.other_member(user),
            topics=list(meeting.topics.all()) if held else [],
            journal=access.journal_for(user, meeting) if held else None,
            feedback=access.feedback_on(user, meeting) if held else NO_FEEDBACK,
            can_change=access.can_change(meeting.pair),
            is_past=meeting.starts_at < now,
        )

    def context(self) -> dict[str, Any]:
        return {
            **vars(self),
            "own_feedback": self.feedback.own,
            "other_feedback": self.feedback.other,
            "other_has_given": self.feedback.other_has_given,
        }


NO_FEEDBACK = access.SessionFeedback(None, None, False)
