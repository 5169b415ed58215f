"""The all-programmes report. Operational counts (volunteers, pairs, sessions, surveys)
add up every programme: none is ever hidden, so the totals are the sums of the parts.
Answer-based figures pool the programme figures that are shown, never the hidden ones
(rule 4 of evaluation/indicators.py), so this view reveals nothing by subtraction."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from enrolments.models import Enrolment

from .. import questions
from ..indicators import Figure, Moments, Reason, nps_figure, pooled
from ..models import Survey
from .building import rhythm_figures, volunteer_figures
from .figures import (
    PAIR_STATES,
    AdoptionRow,
    MonthRow,
    PerceptionRow,
    Report,
    SurveyRow,
    TopicRow,
)

Row = TypeVar("Row", TopicRow, AdoptionRow)


def pooled_report(reports: list[Report]) -> Report:
    """The all-programmes report: each figure adds up the programme figures that are shown."""
    volunteers = (
        {key: _add([report.volunteers[key] for report in reports]) for key in reports[0].volunteers}
        if reports
        else volunteer_figures({})
    )
    held = _add([report.sessions_held for report in reports])
    due = _add([report.sessions_due for report in reports])
    nps_from = [report for report in reports if report.nps.shown]
    nps_counts = tuple(sum(report.nps_counts[i] for report in nps_from) for i in range(3))
    coverage, target_population = _coverage(reports)
    return Report(
        programme=None,
        programmes=[report.programme for report in reports],
        volunteers=volunteers,
        coverage=coverage,
        target_population=target_population,
        pairs={
            key: _add([report.pairs[key] for report in reports]) for key in [*PAIR_STATES, "total"]
        },
        proposed_pairs=sum(report.proposed_pairs for report in reports),
        sessions_held=held,
        sessions_due=due,
        sessions_planned=_add([report.sessions_planned for report in reports]),
        held_rate=(
            Figure(100 * held.value / due.value, held.n)
            if due.value
            else Figure(None, 0, True, Reason.NOTHING_DUE)
        ),
        rating=pooled(report.rating for report in reports),
        satisfaction=pooled(report.satisfaction for report in reports),
        pair_working=pooled(report.pair_working for report in reports),
        nps_counts=nps_counts,
        nps=nps_figure(*nps_counts),
        rhythm=_rhythm(reports),
        progress=_by_topic((row for report in reports for row in report.progress), TopicRow),
        perception=_perception(reports),
        adoption=_by_topic((row for report in reports for row in report.adoption), AdoptionRow),
        objectives=[],
        surveys=_surveys(reports),
        trend=_trend(reports),
        custom=[],
        read_at=min((r.read_at for r in reports if r.read_at), default=None),
    )


def _add(figures: list[Figure]) -> Figure:
    """The sum of operational counts (never hidden)."""
    return Figure(sum(f.value or 0 for f in figures), sum(f.n for f in figures), False)


def _by_topic(rows: Iterable[Row], kind: type[Row]) -> list[Row]:
    """The shown rows added up per topic, by the topic's name."""
    totals: dict[int, Row] = {}
    for row in rows:
        if row.moments.hidden:
            continue
        current = totals.get(row.topic.pk)
        totals[row.topic.pk] = kind(
            row.topic, row.moments + (current.moments if current else Moments())
        )
    return sorted(totals.values(), key=lambda row: row.topic.name)


def _perception(reports: list[Report]) -> list[PerceptionRow]:
    totals: dict[str, PerceptionRow] = {}
    for report in reports:
        for row in report.perception:
            if row.change.hidden:
                continue
            current = totals.get(row.key)
            if current:
                row = PerceptionRow(
                    row.key,
                    row.label,
                    row.audience,
                    row.before + current.before,
                    row.after + current.after,
                    row.change + current.change,
                )
            totals[row.key] = row
    return [totals[key] for key in questions.PERCEPTION_KEYS if key in totals]


def _trend(reports: list[Report]) -> list[MonthRow]:
    months: dict[date, list[MonthRow]] = defaultdict(list)
    for report in reports:
        for row in report.trend:
            months[row.month].append(row)
    trend = []
    for month in sorted(months):
        rows = months[month]
        rated = pooled(row.moments for row in rows if row.rating.shown)
        trend.append(MonthRow(month, _add([row.held for row in rows]), rated.mean(), rated))
    return trend


def _surveys(reports: list[Report]) -> list[SurveyRow]:
    rows = []
    for index, (kind, label) in enumerate(Survey.Kind.choices):
        invited = sum(report.surveys[index].invited.value for report in reports)
        answered = sum(report.surveys[index].answered for report in reports)
        rate = (
            Figure(100 * answered / invited, invited)
            if invited
            else Figure(None, 0, True, Reason.NOBODY_INVITED)
        )
        rows.append(SurveyRow(kind, label, Figure(invited, invited, False), answered, rate))
    return rows


def _coverage(reports: list[Report]) -> tuple[Figure | None, int | None]:
    """The approved mentees over the target populations of the programmes that set one."""
    covered = [report for report in reports if report.coverage is not None]
    target_population = sum(report.target_population for report in covered) or None
    approved = sum(
        report.volunteers[(Enrolment.Role.MENTEE, Enrolment.Status.APPROVED)].value
        for report in covered
    )
    coverage = Figure(100 * approved / target_population, approved) if target_population else None
    return coverage, target_population


def _rhythm(reports: list[Report]) -> list[Figure]:
    """The pulse's answers of the programmes whose three shares are all shown."""
    counts = {0: 0, 1: 0, 2: 0}
    left_out = False
    for report in reports:
        if all(share.shown for share in report.rhythm):
            for index, share in enumerate(report.rhythm):
                counts[index] += share.n
        elif any(share.n for share in report.rhythm):
            left_out = True
    if left_out and not sum(counts.values()):
        return [Figure(None, 0, True, reason=Reason.COMPLEMENT) for _index in range(3)]
    return rhythm_figures(counts)
