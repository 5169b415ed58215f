"""The numbers behind the reports, read in a fixed number of queries whatever the number
of programmes, pairs, sessions or answers: one grouped query per kind of figure, for all
the programmes asked for at once.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from enrolments.models import Enrolment, EnrolmentTopic
from meetings.models import Feedback, Meeting
from pairing.models import Pair, at_risk_cutoff
from programmes.models import Objective, Programme, Topic
from programmes.schedule import add_months

from .. import questions
from ..indicators import THRESHOLD, Moments
from ..models import Answer, EvaluationSettings, Question, Response, Survey

PUBLISHED = [Pair.Status.ACTIVE, Pair.Status.ENDED]
HELD = Meeting.Status.HELD


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


def _moments(
    count: int | None, total: float | None, squares: float | None, people: int | None
) -> Moments:
    return Moments(count or 0, float(total or 0), float(squares or 0), people or 0)


def gather(programmes: Sequence[Programme], *, now: datetime | None = None) -> Raw:
    """Every number the reports need, for all these programmes, in a fixed set of queries."""
    now = now or timezone.now()
    ids = [programme.pk for programme in programmes]
    raw = Raw()
    _gather_enrolments(raw, ids)
    _gather_pairs(raw, ids, now)
    # Months are a CASE over the date, grouped on: truncating dates in SQL is a Python
    # function per row on SQLite, far too slow over thousands of sessions.
    starts = month_starts(programmes, now)
    _gather_sessions(raw, ids, now, starts)
    _gather_feedback(raw, ids, starts)
    _gather_surveys(raw, ids)
    _gather_answers(raw, ids)
    _gather_paired(raw, ids)
    _gather_settings(raw, ids)
    return raw


def _gather_enrolments(raw: Raw, ids: list[int]) -> None:
    for programme_id, role, status, total in (
        Enrolment.objects.filter(programme_id__in=ids)
        .order_by()
        .values_list("programme_id", "role", "status")
        .annotate(total=Count("pk"))
    ):
        raw.enrolments[programme_id][(role, status)] = total


def _gather_pairs(raw: Raw, ids: list[int], now: datetime) -> None:
    """Pairs by status, and the active ones at risk (pairing's one definition of it)."""
    quiet = Pair.objects.filter(programme_id__in=ids).quiet_since(at_risk_cutoff(now))
    for programme_id, status, total, at_risk in (
        Pair.objects.filter(programme_id__in=ids)
        .order_by()
        .values_list("programme_id", "status")
        .annotate(total=Count("pk"), at_risk=Count("pk", filter=Q(pk__in=quiet.values("pk"))))
    ):
        raw.pairs[programme_id][status] = total
        if status == Pair.Status.ACTIVE:
            raw.pairs[programme_id]["at_risk"] = at_risk


def _gather_sessions(raw: Raw, ids: list[int], now: datetime, starts: list[datetime]) -> None:
    """The published pairs' sessions: held, due and planned, overall and held per month."""
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
    months = [start.date() for start in starts]
    for programme_id, index, held, pairs in (
        published_meetings.filter(status=HELD)
        .annotate(month=month_index("starts_at", starts))
        .values_list("pair__programme_id", "month")
        .annotate(held=Count("pk"), pairs=Count("pair_id", distinct=True))
    ):
        raw.held_by_month[programme_id][months[index]] = (held, pairs)


def _gather_feedback(raw: Raw, ids: list[int], starts: list[datetime]) -> None:
    """The sessions' ratings, overall and per month."""
    feedback = Feedback.objects.filter(
        meeting__pair__programme_id__in=ids, meeting__pair__status__in=PUBLISHED
    ).order_by()
    rating_sums = {
        "count": Count("pk"),
        "total": Sum("rating"),
        "squares": Sum(F("rating") * F("rating")),
        "people": Count("author_id", distinct=True),
    }
    for programme_id, *sums in feedback.values_list("meeting__pair__programme_id").annotate(
        **rating_sums
    ):
        raw.rating[programme_id] = _moments(*sums)
    months = [start.date() for start in starts]
    for programme_id, index, *sums in (
        feedback.annotate(month=month_index("meeting__starts_at", starts))
        .values_list("meeting__pair__programme_id", "month")
        .annotate(**rating_sums)
    ):
        raw.rating_by_month[programme_id][months[index]] = _moments(*sums)


def _gather_surveys(raw: Raw, ids: list[int]) -> None:
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


def _gather_settings(raw: Raw, ids: list[int]) -> None:
    """HR's settings, objectives and own questions, and the topics the rows name."""
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


def _answers(ids: list[int]) -> QuerySet[Answer]:
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
