"""What HR's drill-down to pairs and the set-up page show, read for the views.

The drill-down shows what HR may see of a pair: its state and its counts of sessions,
never notes, feedback or ratings. "At risk" is pairing's one definition of it
(`Pair.objects.quiet_since`).
"""

from collections.abc import Iterable
from datetime import datetime
from typing import TypedDict

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from meetings.models import Meeting
from pairing.models import Pair, at_risk_cutoff, pair_state_q
from programmes.models import Programme

from .models import Question, Survey, survey_closes_on

PAIR_STATES = {
    "on_track": gettext_lazy("On track"),
    "at_risk": gettext_lazy("At risk"),
    "ended": gettext_lazy("Ended"),
}


# What a line of HR's pairs (the page and its CSV) reads of a pair: the names, the dates,
# and what its state is read from (`Pair.state`: its status and its programme's).
PAIR_LINE_FIELDS = (
    "status",
    "published_at",
    "ended_at",
    "programme__status",
    "mentor_person__name",
    "mentee_person__name",
)


class PairLine(TypedDict):
    pair: Pair
    state: str
    held: int
    planned: int
    cancelled: int
    last_held: datetime | None
    at_risk: bool


def pair_state(asked: str) -> str:
    """The state a reader asked for, or "" (every published pair) for anything else."""
    return asked if asked in PAIR_STATES else ""


def published_pairs(
    programme: Programme, state: str = "", *, now: datetime | None = None
) -> QuerySet[Pair]:
    """The programme's published pairs in this state, by names, each with `is_at_risk`:
    a plain query, so that a page of them is cheap; their counts come from `pair_lines`."""
    quiet = Pair.objects.quiet_since(at_risk_cutoff(now or timezone.now()))
    pairs = (
        Pair.objects.published()
        .filter(programme=programme)
        .annotate(is_at_risk=Exists(quiet.filter(pk=OuterRef("pk"))))
        .select_related("mentor_person", "mentee_person", "programme")
        .only(*PAIR_LINE_FIELDS)
        .order_by("mentor_person__name", "mentee_person__name", "pk")
    )
    # The states as every page counts them (pairing's `pair_state_q`).
    if state == "ended":
        return pairs.filter(pair_state_q("ended"))
    if state == "at_risk":
        return pairs.filter(is_at_risk=True)
    if state == "on_track":
        return pairs.filter(pair_state_q("active"), is_at_risk=False)
    return pairs


def pair_lines(pairs: Iterable[Pair]) -> list[PairLine]:
    """Each pair of `published_pairs` with its state and counts of sessions (one grouped
    query)."""
    pairs = list(pairs)
    held = Q(status=Meeting.Status.HELD)
    counts = {
        row["pair_id"]: row
        for row in Meeting.objects.filter(pair__in=[pair.pk for pair in pairs])
        .order_by()
        .values("pair_id")
        .annotate(
            held=Count("pk", filter=held),
            planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
            cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
            last_held=Max("starts_at", filter=held),
        )
    }
    none = {"held": 0, "planned": 0, "cancelled": 0, "last_held": None}
    lines = []
    for pair in pairs:
        row = counts.get(pair.pk, none)
        state = "at_risk" if pair.is_at_risk else "on_track"
        if pair.state == "ended":
            state = "ended"
        lines.append(
            PairLine(
                pair=pair,
                state=str(PAIR_STATES[state]),
                held=row["held"],
                planned=row["planned"],
                cancelled=row["cancelled"],
                last_held=row["last_held"],
                at_risk=bool(pair.is_at_risk),
            )
        )
    return lines


def survey_questions(surveys: dict[str, Survey]) -> list[tuple[Survey, list[Question]]]:
    """The set-up page's surveys in the order of a programme, each with its questions, its
    answers so far (`survey.answered` of `survey.invited`) and the day it closes
    (`survey.closes_on`). One query for the counts."""
    ordered = sorted(surveys.values(), key=lambda survey: Survey.Kind.values.index(survey.kind))
    counts = {
        row["pk"]: row
        for row in Survey.objects.filter(pk__in=[survey.pk for survey in ordered])
        .order_by()
        .values("pk")
        .annotate(
            invited=Count("responses"),
            answered=Count("responses", filter=Q(responses__answered_at__isnull=False)),
        )
    }
    for survey in ordered:
        survey.invited = counts.get(survey.pk, {}).get("invited", 0)
        survey.answered = counts.get(survey.pk, {}).get("answered", 0)
        survey.rate = 100 * survey.answered / survey.invited if survey.invited else None
        survey.closes_on = survey_closes_on(survey.kind, survey.programme)
    return [(survey, list(survey.questions.all())) for survey in ordered]
