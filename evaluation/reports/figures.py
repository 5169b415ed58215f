"""The indicators of one programme, or pooled over several, read in a fixed number of
queries whatever the number of programmes, pairs, sessions or answers.

`gather` runs one grouped query per kind of figure for all the programmes asked for;
`report_for` turns one programme's numbers into figures and applies the disclosure rule
of evaluation/indicators.py; `pooled_report` adds up the figures that the programmes'
own reports show (rule 4), never the hidden ones.
"""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrolments.models import Enrolment, EnrolmentTopic
from meetings.models import Feedback, Meeting
from pairing.models import Pair
from programmes.models import Objective, Programme, Topic
from programmes.schedule import add_months

from . import questions
from .indicators import (
    THRESHOLD,
    Estimate,
    Figure,
    Moments,
    count_figure,
    figure,
    pooled,
    suppress,
    table_lines,
    with_margins,
)
from .models import Answer, EvaluationSettings, Question, Response, Survey

AT_RISK_AFTER = timedelta(days=45)
ROLES = Enrolment.Role.values
STATUSES = Enrolment.Status.values
PAIR_STATES = ["on_track", "at_risk", "ended"]
PAIR_STATE_LABELS = {
    "on_track": _("Active"),
    "at_risk": _("At risk: no session for 45 days"),
    "ended": _("Ended"),
    "total": _("Published pairs"),
}
RHYTHM_LABELS = [_("Too slow"), _("Right"), _("Too fast")]
PUBLISHED = [Pair.Status.ACTIVE, Pair.Status.ENDED]
HELD = Meeting.Status.HELD


# --- What a report holds ------------------------------------------------------------------


@dataclass
class TopicRow:
    topic: Topic
    moments: Moments

    @property
    def estimate(self) -> Estimate:
        return self.moments.estimate()


@dataclass
class PerceptionRow:
    key: str
    label: str
    audience: str
    before: Moments
    after: Moments
    change: Moments

    @property
    def estimate(self) -> Estimate:
        return self.change.estimate()


@dataclass
class AdoptionRow:
    topic: Topic
    moments: Moments  # of 0 (no) and 1 (yes)

    @property
    def share(self) -> Figure:
        return self.moments.mean(scale=100)


@dataclass
class ObjectiveRow:
    objective: Objective
    adoption: Figure | None  # None: the objective has no measurable target
    topics: list[Topic]

    @property
    def reached(self) -> bool:
        target = self.objective.target_percent
        return bool(
            target is not None
            and self.adoption is not None
            and self.adoption.shown
            and self.adoption.value >= target
        )


@dataclass
class SurveyRow:
    kind: str
    label: str
    invited: Figure
    answered: int
    rate: Figure


@dataclass
class MonthRow:
    month: date
    held: Figure
    rating: Figure
    moments: Moments = field(default_factory=Moments)


@dataclass
class QuestionRow:
    label: str
    survey: str
    kind: str
    result: Figure  # a mean for a scale, a percentage of yes for a yes/no question


@dataclass
class Report:
    programme: Programme | None
    programmes: list[Programme]
    volunteers: dict[tuple[str, str], Figure]
    coverage: Figure | None
    target_population: int | None
    pairs: dict[str, Figure]
    proposed_pairs: int
    sessions_held: Figure
    sessions_due: Figure
    sessions_planned: Figure
    held_rate: Figure
    rating: Moments
    satisfaction: Moments
    pair_working: Moments
    nps_counts: tuple[int, int, int]  # promoters, passives, detractors
    nps: Figure
    rhythm: list[Figure]
    progress: list[TopicRow]
    perception: list[PerceptionRow]
    adoption: list[AdoptionRow]
    objectives: list[ObjectiveRow]
    surveys: list[SurveyRow]
    trend: list[MonthRow]
    custom: list[QuestionRow]
    comments: list[tuple[str, list[str]]] = field(default_factory=list)
    read_at: datetime | None = None

    @property
    def volunteer_rows(self) -> list[dict[str, Any]]:
        """The volunteers table for templates and exports: a row per role and a total row."""
        labels = dict(Enrolment.Role.choices) | {"total": _("All volunteers")}
        return [
            {
                "key": role,
                "label": labels[role],
                "cells": [self.volunteers[(role, status)] for status in STATUSES],
                "total": self.volunteers[(role, "total")],
            }
            for role in [*ROLES, "total"]
        ]

    @property
    def approved_volunteers(self) -> Figure:
        return self.volunteers[("total", Enrolment.Status.APPROVED)]

    @property
    def status_labels(self) -> list[str]:
        return [label for _value, label in Enrolment.Status.choices]

    @property
    def pair_rows(self) -> list[tuple[str, str, Figure]]:
        return [(key, PAIR_STATE_LABELS[key], self.pairs[key]) for key in [*PAIR_STATES, "total"]]


# --- Reading --------------------------------------------------------------------------------


@dataclass
class Raw:
    """The numbers of each programme, straight from the grouped queries."""

    read_at: datetime = field(default_factory=timezone.now)
    enrolments: dict[int, dict[tuple[str, str], int]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    pairs: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    sessions: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    rating: dict[int, Moments] = field(default_factory=dict)
    held_by_month: dict[int, dict[date, tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    rating_by_month: dict[int, dict[date, Moments]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    surveys: dict[int, dict[str, tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    answers: dict[int, dict[tuple[str, str, int | None], Moments]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    nps: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    rhythm: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    confidence: dict[int, dict[int, Moments]] = field(default_factory=lambda: defaultdict(dict))
    perception: dict[int, dict[str, tuple[Moments, Moments, Moments]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    settings: dict[int, EvaluationSettings] = field(default_factory=dict)
    objectives: dict[int, list[Objective]] = field(default_factory=lambda: defaultdict(list))
    hr_questions: dict[int, list[Question]] = field(default_factory=lambda: defaultdict(list))
    topics: dict[int, Topic] = field(default_factory=dict)


def _moments(count: int | None, total: float | None, squares: float | None, people: int | None):
    return Moments(count or 0, float(total or 0), float(squares or 0), people or 0)


def gather(programmes: Sequence[Programme], *, now: datetime | None = None) -> Raw:
    """Every number the reports need, for all these programmes, in a fixed set of queries."""
    now = now or timezone.now()
    ids = [programme.pk for programme in programmes]
    raw = Raw()

    for programme_id, role, status, total in (
        Enrolment.objects.filter(programme_id__in=ids)
        .order_by()
        .values_list("programme_id", "role", "status")
        .annotate(total=Count("pk"))
    ):
        raw.enrolments[programme_id][(role, status)] = total

    recent = Meeting.objects.filter(
        pair=OuterRef("pk"), status=HELD, starts_at__gte=now - AT_RISK_AFTER
    )
    for programme_id, status, total, at_risk in (
        Pair.objects.filter(programme_id__in=ids)
        .alias(recent=Exists(recent))
        .order_by()
        .values_list("programme_id", "status")
        .annotate(
            total=Count("pk"),
            at_risk=Count(
                "pk",
                # Only while the programme runs: a completed one's pairs have stopped.
                filter=Q(
                    status=Pair.Status.ACTIVE,
                    recent=False,
                    published_at__lte=now - AT_RISK_AFTER,
                    programme__status=Programme.Status.RUNNING,
                ),
            ),
        )
    ):
        raw.pairs[programme_id][status] = total
        if status == Pair.Status.ACTIVE:
            raw.pairs[programme_id]["at_risk"] = at_risk

    published_meetings = Meeting.objects.filter(
        pair__programme_id__in=ids, pair__status__in=PUBLISHED
    ).order_by()
    for programme_id, held, due, planned, pairs in published_meetings.values_list(
        "pair__programme_id"
    ).annotate(
        held=Count("pk", filter=Q(status=HELD)),
        due=Count("pk", filter=Q(starts_at__lte=now)),
        planned=Count("pk", filter=~Q(status=Meeting.Status.CANCELLED)),
        pairs=Count("pair_id", distinct=True),
    ):
        raw.sessions[programme_id] = {"held": held, "due": due, "planned": planned, "pairs": pairs}

    # Months are a CASE over the date, grouped on: truncating dates in SQL is a Python
    # function per row on SQLite, far too slow over thousands of sessions.
    starts = month_starts(programmes, now)
    months = [start.date() for start in starts]
    for programme_id, index, held, pairs in (
        published_meetings.filter(status=HELD)
        .annotate(month=month_index("starts_at", starts))
        .values_list("pair__programme_id", "month")
        .annotate(held=Count("pk"), pairs=Count("pair_id", distinct=True))
    ):
        raw.held_by_month[programme_id][months[index]] = (held, pairs)

    feedback = Feedback.objects.filter(
        meeting__pair__programme_id__in=ids, meeting__pair__status__in=PUBLISHED
    ).order_by()
    rating_sums = {
        "count": Count("pk"),
        "total": Sum("rating"),
        "squares": Sum(F("rating") * F("rating")),
        "people": Count("author_id", distinct=True),
    }
    for programme_id, count, total, squares, people in feedback.values_list(
        "meeting__pair__programme_id"
    ).annotate(**rating_sums):
        raw.rating[programme_id] = _moments(count, total, squares, people)
    for programme_id, index, count, total, squares, people in (
        feedback.annotate(month=month_index("meeting__starts_at", starts))
        .values_list("meeting__pair__programme_id", "month")
        .annotate(**rating_sums)
    ):
        raw.rating_by_month[programme_id][months[index]] = _moments(count, total, squares, people)

    for programme_id, kind, invited, answered in (
        Response.objects.filter(survey__programme_id__in=ids)
        .order_by()
        .values_list("survey__programme_id", "survey__kind")
        .annotate(
            invited=Count("pk", filter=Q(invited_at__isnull=False)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
        )
    ):
        raw.surveys[programme_id][kind] = (invited, answered)

    _gather_answers(raw, ids)
    _gather_paired(raw, ids)

    for row in EvaluationSettings.objects.filter(programme_id__in=ids):
        raw.settings[row.programme_id] = row
    for objective in Objective.objects.filter(programme_id__in=ids).prefetch_related("topics"):
        raw.objectives[objective.programme_id].append(objective)
    for question in (
        Question.objects.filter(survey__programme_id__in=ids, key__startswith="hr-")
        .select_related("survey")
        .order_by("survey_id", "position", "pk")
    ):
        raw.hr_questions[question.survey.programme_id].append(question)
    raw.topics = Topic.objects.in_bulk()
    return raw


def month_starts(programmes: Sequence[Programme], now: datetime) -> list[datetime]:
    """The first moment of each month from the earliest programme's start to the latest
    programme's end or this month, whichever comes first, in the site's time zone."""
    if not programmes:
        return []
    zone = timezone.get_current_timezone()
    first = min(programme.start_on for programme in programmes).replace(day=1)
    last = min(max(programme.ends_on for programme in programmes), timezone.localdate(now))
    months = [first]
    while add_months(months[-1], 1) <= last:
        months.append(add_months(months[-1], 1))
    return [timezone.make_aware(datetime.combine(month, time.min), zone) for month in months]


def month_index(field_name: str, starts: list[datetime]) -> Case:
    """The index in `starts` of the month a date falls in; what came before the first month
    counts in the first, what came after the last in the last, so the months add up to the
    whole."""
    return Case(
        *[
            When(**{f"{field_name}__lt": start}, then=Value(index))
            for index, start in enumerate(starts[1:])
        ],
        default=Value(max(len(starts) - 1, 0)),
        output_field=IntegerField(),
    )


def _answers(ids: list[int]):
    """Answers with a value of these programmes. Answers exist only for answered responses
    (services.answer_survey writes them with answered_at), and carry their programme, survey
    kind and question key (see Answer), so these reads touch one table."""
    return Answer.objects.filter(programme_id__in=ids, value__isnull=False).order_by()


def _gather_answers(raw: Raw, ids: list[int]) -> None:
    """Means of the single-survey questions (one group by question and topic), with the
    counts by value that the recommendation score and the pulse's rhythm need."""
    # One answer per response, question and topic (a constraint), one response per person
    # and survey: the number of answers is the number of people.
    for row in (
        _answers(ids)
        .values_list("programme_id", "survey_kind", "key", "topic_id")
        .annotate(
            count=Count("pk"),
            total=Sum("value"),
            squares=Sum(F("value") * F("value")),
            zeros=Count("pk", filter=Q(value=0)),
            ones=Count("pk", filter=Q(value=1)),
            twos=Count("pk", filter=Q(value=2)),
            promoters=Count("pk", filter=Q(value__gte=9)),
            detractors=Count("pk", filter=Q(value__lte=6)),
        )
    ):
        programme_id, kind, key, topic_id, count, total, squares = row[:7]
        zeros, ones, twos, promoters, detractors = row[7:]
        raw.answers[programme_id][(kind, key, topic_id)] = _moments(count, total, squares, count)
        if (kind, key) == (Survey.Kind.FINAL, questions.RECOMMEND):
            raw.nps[programme_id] = (promoters, count - promoters - detractors, detractors)
        elif (kind, key) == (Survey.Kind.MIDPOINT, questions.RHYTHM):
            raw.rhythm[programme_id] = {0: zeros, 1: ones, 2: twos}


# Paired changes in plain SQL (the same on SQLite and PostgreSQL): the ORM cannot group on
# an aggregate of an aggregate, and reading every person's answers into Python cost more
# than the rest of the dashboard together at 1,500 pairs.
CONFIDENCE_SQL = """
    SELECT a.programme_id, a.topic_id, COUNT(*),
           SUM(a.value - t.confidence), SUM((a.value - t.confidence) * (a.value - t.confidence))
    FROM {answer} a
    JOIN {enrolment_topic} t ON t.enrolment_id = a.enrolment_id AND t.topic_id = a.topic_id
    WHERE a.programme_id IN ({ids}) AND a.key = %s AND a.survey_kind = %s
      AND a.value IS NOT NULL AND t.confidence IS NOT NULL
    GROUP BY a.programme_id, a.topic_id
"""
PERCEPTION_SQL = """
    SELECT programme_id, key, COUNT(*), SUM(before), SUM(after),
           SUM(after - before), SUM((after - before) * (after - before))
    FROM (
        SELECT programme_id, enrolment_id, key,
               MAX(CASE WHEN survey_kind = %s THEN value END) AS before,
               MAX(CASE WHEN survey_kind = %s THEN value END) AS after
        FROM {answer}
        WHERE programme_id IN ({ids}) AND key IN ({keys}) AND value IS NOT NULL
        GROUP BY programme_id, enrolment_id, key
    ) AS paired
    WHERE before IS NOT NULL AND after IS NOT NULL
    GROUP BY programme_id, key
"""


def _gather_paired(raw: Raw, ids: list[int]) -> None:
    """Paired changes, summed in the database: final confidence minus the confidence given
    at enrolment, per topic; final perception minus baseline perception, per item."""
    if not ids:
        return
    tables = {
        "answer": Answer._meta.db_table,
        "enrolment_topic": EnrolmentTopic._meta.db_table,
        "ids": ", ".join(["%s"] * len(ids)),
        "keys": ", ".join(["%s"] * len(questions.PERCEPTION_KEYS)),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            CONFIDENCE_SQL.format(**tables), [*ids, questions.CONFIDENCE, Survey.Kind.FINAL]
        )
        for programme_id, topic_id, count, total, squares in cursor.fetchall():
            raw.confidence[programme_id][topic_id] = _moments(count, total, squares, count)
        cursor.execute(
            PERCEPTION_SQL.format(**tables),
            [Survey.Kind.BASELINE, Survey.Kind.FINAL, *ids, *questions.PERCEPTION_KEYS],
        )
        for programme_id, key, count, before, after, total, squares in cursor.fetchall():
            raw.perception[programme_id][key] = (
                _moments(count, before, None, count),
                _moments(count, after, None, count),
                _moments(count, total, squares, count),
            )


# --- Building one programme's report ----------------------------------------------------------


def report_for(programme: Programme, raw: Raw) -> Report:
    pk = programme.pk
    volunteers = _volunteers(raw.enrolments.get(pk, {}))
    settings_row = raw.settings.get(pk)
    target = settings_row.target_population if settings_row else None
    coverage = None
    if target:
        approved = volunteers[(Enrolment.Role.MENTEE, Enrolment.Status.APPROVED)]
        coverage = Figure(
            value=100 * approved.value / target if approved.shown else None,
            n=approved.n,
            hidden=approved.hidden,
        )

    pair_counts = raw.pairs.get(pk, {})
    at_risk = pair_counts.get("at_risk", 0)
    pair_values = {
        "on_track": pair_counts.get(Pair.Status.ACTIVE, 0) - at_risk,
        "at_risk": at_risk,
        "ended": pair_counts.get(Pair.Status.ENDED, 0),
    }
    pair_values["total"] = sum(pair_values.values())
    hidden_pairs = suppress(pair_values, [("total", PAIR_STATES)])
    pairs = {key: Figure(value, value, key in hidden_pairs) for key, value in pair_values.items()}

    sessions = raw.sessions.get(pk, {})
    session_pairs = sessions.get("pairs", 0)
    held = sessions.get("held", 0)
    due = sessions.get("due", 0)
    months = raw.held_by_month.get(pk, {})
    ratings = raw.rating_by_month.get(pk, {})
    trend, total_hidden = _trend(
        held, session_pairs, months, ratings, raw.rating.get(pk, Moments())
    )
    sessions_held = count_figure(held, n=session_pairs, hidden=total_hidden)
    held_rate = figure(100 * held / due if due else None, session_pairs if due else 0)
    if sessions_held.hidden:
        held_rate = Figure(None, held_rate.n, True)

    answers = raw.answers.get(pk, {})
    nps_counts = raw.nps.get(pk, (0, 0, 0))
    objectives = raw.objectives.get(pk, [])
    adoption = _per_topic(answers, Survey.Kind.FINAL, questions.ADOPTION, raw.topics)
    rhythm_counts = raw.rhythm.get(pk, {})
    return Report(
        programme=programme,
        programmes=[programme],
        volunteers=volunteers,
        coverage=coverage,
        target_population=target,
        pairs=pairs,
        proposed_pairs=pair_counts.get(Pair.Status.PROPOSED, 0),
        sessions_held=sessions_held,
        sessions_due=count_figure(due, n=session_pairs),
        sessions_planned=count_figure(sessions.get("planned", 0), n=session_pairs),
        held_rate=held_rate,
        rating=raw.rating.get(pk, Moments()),
        satisfaction=answers.get((Survey.Kind.FINAL, questions.SATISFACTION, None), Moments()),
        pair_working=answers.get((Survey.Kind.MIDPOINT, questions.PAIR_WORKING, None), Moments()),
        nps_counts=nps_counts,
        nps=_nps(nps_counts),
        rhythm=_rhythm(rhythm_counts),
        progress=[
            TopicRow(raw.topics[topic_id], moments)
            for topic_id, moments in sorted(
                raw.confidence.get(pk, {}).items(), key=lambda item: raw.topics[item[0]].name
            )
        ],
        perception=_perception(raw.perception.get(pk, {})),
        adoption=adoption,
        objectives=_objectives(objectives, adoption),
        surveys=_surveys(raw.surveys.get(pk, {})),
        trend=trend,
        custom=_custom(raw.hr_questions.get(pk, []), answers),
        read_at=raw.read_at,
    )


def _volunteers(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], Figure]:
    cells = with_margins(counts, ROLES, STATUSES)
    # The approved volunteers are the figures the dashboard leads with: hide margins first.
    approved = [(row, Enrolment.Status.APPROVED) for row in [*ROLES, "total"]]
    hidden = suppress(cells, table_lines(ROLES, STATUSES), protect=approved)
    return {key: Figure(value, value, key in hidden) for key, value in cells.items()}


def _trend(
    held: int,
    pairs: int,
    months: dict[date, tuple[int, int]],
    ratings: dict[date, Moments],
    rating: Moments,
) -> tuple[list[MonthRow], bool]:
    """Sessions held and the average rating per month; the months add up to the overall
    figures, so a lone hidden month gets a partner (rule 2)."""
    keys = sorted(set(months) | set(ratings))
    held_values = {"total": held, **{month: months.get(month, (0, 0))[0] for month in keys}}
    held_people = {"total": pairs, **{month: months.get(month, (0, 0))[1] for month in keys}}
    hidden_held = suppress(held_values, [("total", keys)], people=held_people)
    rated = {"total": rating.people, **{m: ratings.get(m, Moments()).people for m in keys}}
    hidden_rating = suppress(rated, [("total", keys)])
    rows = []
    for month in keys:
        moments = ratings.get(month, Moments())
        mean = moments.mean()
        rows.append(
            MonthRow(
                month=month,
                held=Figure(held_values[month], held_people[month], month in hidden_held),
                rating=Figure(mean.value, mean.n, mean.hidden or month in hidden_rating),
                moments=moments,
            )
        )
    return rows, "total" in hidden_held


def _nps(counts: tuple[int, int, int]) -> Figure:
    promoters, passives, detractors = counts
    n = promoters + passives + detractors
    if n == 0:
        return figure(None, 0)
    return figure(round(100 * (promoters - detractors) / n), n)


def _rhythm(counts: dict[int, int]) -> list[Figure]:
    values = {index: counts.get(index, 0) for index in range(3)}
    values["total"] = sum(values.values())
    hidden = suppress(values, [("total", [0, 1, 2])])
    total = values["total"]
    return [
        Figure(100 * values[index] / total if total else None, values[index], index in hidden)
        for index in range(3)
    ]


def _per_topic(
    answers: dict[tuple[str, str, int | None], Moments],
    kind: str,
    key: str,
    topics: dict[int, Topic],
) -> list[AdoptionRow]:
    rows = [
        AdoptionRow(topics[topic_id], moments)
        for (survey, question, topic_id), moments in answers.items()
        if survey == kind and question == key and topic_id is not None
    ]
    return sorted(rows, key=lambda row: row.topic.name)


def _perception(rows: dict[str, tuple[Moments, Moments, Moments]]) -> list[PerceptionRow]:
    result = []
    for item in questions.PERCEPTION:
        if item.key in rows:
            before, after, change = rows[item.key]
            label = str(item.short or item.text)
            result.append(PerceptionRow(item.key, label, item.audience, before, after, change))
    return result


def _objectives(objectives: list[Objective], adoption: list[AdoptionRow]) -> list[ObjectiveRow]:
    """Each objective with a target, measured as the adoption of its topics (of every topic
    taught when it names none), pooled over the topics whose own figure is shown."""
    by_topic = {row.topic.pk: row for row in adoption}
    rows = []
    for objective in objectives:
        topics = list(objective.topics.all())
        if objective.target_percent is None:
            rows.append(ObjectiveRow(objective, None, topics))
            continue
        wanted = [by_topic[t.pk] for t in topics if t.pk in by_topic] if topics else adoption
        rows.append(
            ObjectiveRow(objective, pooled(row.moments for row in wanted).mean(scale=100), topics)
        )
    return rows


def _surveys(counts: dict[str, tuple[int, int]]) -> list[SurveyRow]:
    rows = []
    for kind, label in Survey.Kind.choices:
        invited, answered = counts.get(kind, (0, 0))
        rate = figure(100 * answered / invited if invited else None, invited)
        rows.append(SurveyRow(kind, label, count_figure(invited), answered, rate))
    return rows


def _custom(
    hr_questions: list[Question], answers: dict[tuple[str, str, int | None], Moments]
) -> list[QuestionRow]:
    rows = []
    for question in hr_questions:
        if question.kind == Question.Kind.TEXT:
            continue
        moments = answers.get((question.survey.kind, question.key, None), Moments())
        scale = 100 if question.kind == Question.Kind.YES_NO else 1
        rows.append(
            QuestionRow(
                question.text,
                question.survey.get_kind_display(),
                question.kind,
                moments.mean(scale),
            )
        )
    return rows


def comments_for(programme: Programme) -> list[tuple[str, list[str]]]:
    """Free-text answers for HR, per question, without names and in alphabetical order, only
    for questions that five people or more have answered."""
    texts: dict[int, list[str]] = defaultdict(list)
    labels: dict[int, str] = {}
    rows = (
        Answer.objects.filter(
            response__survey__programme=programme,
            response__answered_at__isnull=False,
            question__kind=Question.Kind.TEXT,
        )
        .exclude(text="")
        .select_related("question")
        .only("text", "question__key", "question__text_en", "question__text_fr")
    )
    for answer in rows:
        texts[answer.question_id].append(answer.text)
        labels[answer.question_id] = answer.question.text
    return [
        (labels[question_id], sorted(lines, key=str.casefold))
        for question_id, lines in texts.items()
        if len(lines) >= THRESHOLD
    ]


# --- Pooling over programmes -------------------------------------------------------------------


def pooled_report(reports: list[Report]) -> Report:
    """The all-programmes report: each figure adds up the programme figures that are shown."""

    def add(figures: list[Figure]) -> Figure:
        shown = [f for f in figures if f.shown and f.value is not None]
        return Figure(sum(f.value for f in shown), sum(f.n for f in shown), False)

    volunteers = (
        {key: add([report.volunteers[key] for report in reports]) for key in reports[0].volunteers}
        if reports
        else _volunteers({})
    )
    pairs = {key: add([report.pairs[key] for report in reports]) for key in [*PAIR_STATES, "total"]}
    held = add([report.sessions_held for report in reports])
    # Sessions due are shown alongside held ones; pool them from the same programmes.
    held_from = [report for report in reports if report.sessions_held.shown]
    due = add([report.sessions_due for report in held_from])
    rate = figure(100 * held.value / due.value if due.value else None, held.n if due.value else 0)

    nps_from = [report for report in reports if report.nps.shown]
    nps_counts = tuple(sum(report.nps_counts[i] for report in nps_from) for i in range(3))

    progress: dict[int, TopicRow] = {}
    adoption: dict[int, AdoptionRow] = {}
    for report in reports:
        for row in report.progress:
            if row.moments.hidden:
                continue
            current = progress.get(row.topic.pk)
            progress[row.topic.pk] = TopicRow(
                row.topic, row.moments + (current.moments if current else Moments())
            )
        for row in report.adoption:
            if row.moments.hidden:
                continue
            current = adoption.get(row.topic.pk)
            adoption[row.topic.pk] = AdoptionRow(
                row.topic, row.moments + (current.moments if current else Moments())
            )

    perception: dict[str, PerceptionRow] = {}
    for report in reports:
        for row in report.perception:
            if row.change.hidden:
                continue
            current = perception.get(row.key)
            if current:
                row = PerceptionRow(
                    row.key,
                    row.label,
                    row.audience,
                    row.before + current.before,
                    row.after + current.after,
                    row.change + current.change,
                )
            perception[row.key] = row

    months: dict[date, list[MonthRow]] = defaultdict(list)
    for report in reports:
        for row in report.trend:
            months[row.month].append(row)
    trend = []
    for month in sorted(months):
        rows = months[month]
        rated = pooled(row.moments for row in rows if row.rating.shown)
        trend.append(MonthRow(month, add([row.held for row in rows]), rated.mean(), rated))

    surveys = []
    for index, (kind, label) in enumerate(Survey.Kind.choices):
        shown = [report.surveys[index] for report in reports if report.surveys[index].rate.shown]
        invited = sum(row.invited.value for row in shown)
        answered = sum(row.answered for row in shown)
        surveys.append(
            SurveyRow(
                kind,
                label,
                Figure(invited, invited, False),
                answered,
                figure(100 * answered / invited if invited else None, invited),
            )
        )

    targets = [report for report in reports if report.coverage is not None]
    covered = [report for report in targets if report.coverage.shown]
    target_population = sum(report.target_population for report in covered) or None
    approved = sum(
        report.volunteers[(Enrolment.Role.MENTEE, Enrolment.Status.APPROVED)].value
        for report in covered
    )
    coverage = figure(100 * approved / target_population, approved) if target_population else None

    return Report(
        programme=None,
        programmes=[report.programme for report in reports],
        volunteers=volunteers,
        coverage=coverage,
        target_population=target_population,
        pairs=pairs,
        proposed_pairs=sum(report.proposed_pairs for report in reports),
        sessions_held=held,
        sessions_due=due,
        sessions_planned=add([report.sessions_planned for report in held_from]),
        held_rate=rate,
        rating=pooled(report.rating for report in reports),
        satisfaction=pooled(report.satisfaction for report in reports),
        pair_working=pooled(report.pair_working for report in reports),
        nps_counts=nps_counts,
        nps=_nps(nps_counts),
        rhythm=_pool_rhythm(reports),
        progress=sorted(progress.values(), key=lambda row: row.topic.name),
        perception=[perception[key] for key in questions.PERCEPTION_KEYS if key in perception],
        adoption=sorted(adoption.values(), key=lambda row: row.topic.name),
        objectives=[],
        surveys=surveys,
        trend=trend,
        custom=[],
        read_at=min((r.read_at for r in reports if r.read_at), default=None),
    )


def _pool_rhythm(reports: list[Report]) -> list[Figure]:
    counts = [0, 0, 0]
    for report in reports:
        for index, share in enumerate(report.rhythm):
            if share.shown and share.value is not None:
                counts[index] += share.n
    total = sum(counts)
    return [Figure(100 * count / total if total else None, count, total == 0) for count in counts]


# The dashboards read the numbers from the cache for a couple of minutes: they are
# aggregates (nothing personal, nothing one person could be recognised in) and executives
# do not need them to the second. Writes of this app bump a version that every key
# carries, so a new answer or an HR setting shows at once; a session logged or rated in
# the meetings app shows within CACHE_SECONDS. The page says when its figures were read.
CACHE_SECONDS = 120
VERSION_KEY = "evaluation:reports:version"


def forget_cached_reports() -> None:
    """Make the next dashboard read the database again (called by this app's writes)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def reports(
    programmes: Sequence[Programme], *, now: datetime | None = None, cached: bool = False
) -> list[Report]:
    """The programmes' reports; with cached=True, from numbers at most CACHE_SECONDS old."""
    if not cached or now is not None:
        raw = gather(programmes, now=now)
    else:
        stamp = ",".join(f"{p.pk}.{p.updated_at.timestamp()}" for p in programmes)
        version = cache.get(VERSION_KEY, 0)
        key = f"evaluation:reports:{version}:" + hashlib.sha256(stamp.encode()).hexdigest()
        raw = cache.get(key)
        if raw is None:
            raw = gather(programmes)
            cache.set(key, raw, CACHE_SECONDS)
    return [report_for(programme, raw) for programme in programmes]
