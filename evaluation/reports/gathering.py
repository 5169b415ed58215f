"""The numbers behind the reports, read in a fixed number of queries whatever the number
of programmes, pairs, sessions or answers: one grouped query per kind of figure, for all
the programmes asked for at once.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from common.snapshot import one_moment
from enrolments.models import Enrolment, EnrolmentTopic
from meetings.models import Feedback, Meeting
from pairing.models import STATES, Pair, at_risk_cutoff, pair_state_q
from programmes.models import Objective, Programme, Topic
from programmes.schedule import add_months

from .. import funnel, questions
from ..funnel import Participation
from ..indicators import THRESHOLD, Moments
from ..models import Answer, EvaluationSettings, Question, Response, Survey

PUBLISHED = [Pair.Status.ACTIVE, Pair.Status.ENDED]
HELD = Meeting.Status.HELD
CANCELLED = Meeting.Status.CANCELLED
# The built-in questions the reports read as a mean or a count of answers, by survey (HR's
# own questions are added); the others are read per person by _gather_paired.
SINGLE_SURVEY = {
    Survey.Kind.MIDPOINT: [questions.PAIR_WORKING, questions.RHYTHM],
    Survey.Kind.FINAL: [questions.SATISFACTION, questions.RECOMMEND, questions.ADOPTION],
}


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
    # (survey kind, question key, topic): SINGLE_SURVEY's questions and HR's
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


def gather(
    programmes: Sequence[Programme], *, now: datetime | None = None
) -> tuple[Raw, dict[int, Participation]]:
    """Every number the reports need, and the programmes' participation (the funnel and the
    breakdowns), for all these programmes, in a fixed set of queries.

    All of them read one moment of the database (common.snapshot), so that the figures of a
    page reconcile: in two lanes of about the same cost, side by side where the database
    allows it. HR's own questions are read with the settings, before the answers to them."""
    now = now or timezone.now()
    ids = [programme.pk for programme in programmes]
    raw = Raw(read_at=now)
    # Months are a CASE over the date, grouped on: truncating dates in SQL is a Python
    # function per row on SQLite, far too slow over thousands of sessions.
    starts = month_starts(programmes, now)

    def here() -> dict[int, Participation]:
        _gather_enrolments(raw, ids)
        _gather_pairs(raw, ids, now)
        _gather_feedback(raw, ids, starts)
        _gather_surveys(raw, ids)
        return funnel.participation(programmes)

    def beside() -> None:
        _gather_settings(raw, ids)
        _gather_answers(raw, ids)
        _gather_paired(raw, ids)
        _gather_sessions(raw, ids, now, starts)

    participation, _ = one_moment(here, beside)
    return raw, participation


def _gather_enrolments(raw: Raw, ids: list[int]) -> None:
    for programme_id, role, status, total in (
        Enrolment.objects.filter(programme_id__in=ids)
        .order_by()
        .values_list("programme_id", "role", "status")
        .annotate(total=Count("pk"))
    ):
        raw.enrolments[programme_id][(role, status)] = total


def _gather_pairs(raw: Raw, ids: list[int], now: datetime) -> None:
    """Pairs by state (pairing's `pair_state_q`: a finished programme's pairs have ended),
    and the active ones at risk (pairing's one definition of it)."""
    quiet = Pair.objects.filter(programme_id__in=ids).quiet_since(at_risk_cutoff(now))
    for programme_id, *counts in (
        Pair.objects.filter(programme_id__in=ids)
        .order_by()
        .values_list("programme_id")
        .annotate(
            **{state: Count("pk", filter=pair_state_q(state)) for state in STATES},
            at_risk=Count("pk", filter=Q(pk__in=quiet.values("pk"))),
        )
    ):
        raw.pairs[programme_id] = dict(zip([*STATES, "at_risk"], counts, strict=True))


def _gather_sessions(raw: Raw, ids: list[int], now: datetime, starts: list[datetime]) -> None:
    """The published pairs' sessions: held, due and planned, overall and held per month.

    One definition each, so that held <= due <= planned always: planned is every session
    not cancelled; due, those of them whose time has come (or that were held already);
    held, those held. A cancelled session is neither due nor planned."""
    month, month_params = month_case("m.starts_at", starts)
    held = "CASE WHEN m.status = %s THEN 1 ELSE 0 END"
    adapt = connection.ops.adapt_datetimefield_value
    rows = _by_month_and_overall(
        SESSIONS_SQL,
        keys=[(held, [HELD]), (month, month_params)],
        select_params=[HELD, CANCELLED, adapt(now), HELD, CANCELLED],
        ids=ids,
    )
    months = [start.date() for start in starts]
    for programme_id, is_held, index, held_count, due, planned, pairs in rows:
        if is_held is None:
            raw.sessions[programme_id] = {
                "held": held_count,
                "due": due,
                "planned": planned,
                "pairs": pairs,
            }
        elif is_held:
            raw.held_by_month[programme_id][months[index]] = (held_count, pairs)


def _gather_feedback(raw: Raw, ids: list[int], starts: list[datetime]) -> None:
    """The sessions' ratings, overall and per month."""
    month, month_params = month_case("m.starts_at", starts)
    months = [start.date() for start in starts]
    for programme_id, index, *sums in _by_month_and_overall(
        FEEDBACK_SQL, keys=[(month, month_params)], select_params=[], ids=ids
    ):
        if index is None:
            raw.rating[programme_id] = _moments(*sums)
        else:
            raw.rating_by_month[programme_id][months[index]] = _moments(*sums)


def _by_month_and_overall(
    select: str, *, keys: list[tuple[str, list]], select_params: list, ids: list[int]
) -> list[tuple]:
    """Rows of `select` grouped by programme and `keys`, then by programme alone (the
    overall row, its keys NULL), in one statement. PostgreSQL joins and groups the rows
    once for both (GROUPING SETS); SQLite, which has no grouping sets, runs the SELECT
    twice (UNION ALL)."""
    if not ids:
        return []
    tables = {
        "feedback": Feedback._meta.db_table,
        "meeting": Meeting._meta.db_table,
        "pair": Pair._meta.db_table,
        "ids": ", ".join(["%s"] * len(ids)),
        "published": ", ".join(["%s"] * len(PUBLISHED)),
    }
    where_params = [*ids, *PUBLISHED]
    detail = select.format(keys=", ".join(sql for sql, _params in keys), **tables)
    detail_params = [param for _sql, params in keys for param in params]
    detail_params += [*select_params, *where_params]
    positions = ", ".join(str(position) for position in range(1, len(keys) + 2))
    if connection.vendor == "postgresql":
        sql = f"{detail} GROUP BY GROUPING SETS (({positions}), (1))"
        params = detail_params
    else:
        overall = select.format(keys=", ".join(["NULL"] * len(keys)), **tables)
        sql = f"{detail} GROUP BY {positions} UNION ALL {overall} GROUP BY 1"
        params = [*detail_params, *select_params, *where_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _gather_surveys(raw: Raw, ids: list[int]) -> None:
    for programme_id, kind, invited, answered in (
        Response.objects.filter(survey__programme_id__in=ids)
        .order_by()
        .values_list("survey__programme_id", "survey__kind")
        .annotate(invited=Count("invited_at"), answered=Count("answered_at"))
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


def month_case(column: str, starts: list[datetime]) -> tuple[str, list]:
    """The index in `starts` of the month a date falls in, as SQL and its parameters (the
    dates as the database stores them); what came before the first month counts in the
    first, what came after the last in the last, so the months add up to the whole."""
    if len(starts) <= 1:
        return "0", []
    whens = " ".join(f"WHEN {column} < %s THEN {index}" for index in range(len(starts) - 1))
    adapt = connection.ops.adapt_datetimefield_value
    return f"CASE {whens} ELSE {len(starts) - 1} END", [adapt(start) for start in starts[1:]]


# The published pairs' sessions and their ratings, by month and overall, for
# _by_month_and_overall: each count of distinct pairs or people (COUNT(DISTINCT)) must be
# counted over the whole programme, not added up from its months. Sessions are keyed by
# whether they were held, then by month: the months count the held ones and the pairs that
# held them; the overall row counts every session and every pair that has one.
SESSIONS_SQL = """
    SELECT p.programme_id, {keys},
           SUM(CASE WHEN m.status = %s THEN 1 ELSE 0 END),
           SUM(CASE WHEN m.status <> %s AND (m.starts_at <= %s OR m.status = %s)
                    THEN 1 ELSE 0 END),
           SUM(CASE WHEN m.status <> %s THEN 1 ELSE 0 END),
           COUNT(DISTINCT m.pair_id)
    FROM {meeting} m
    JOIN {pair} p ON p.id = m.pair_id
    WHERE p.programme_id IN ({ids}) AND p.status IN ({published})
"""
FEEDBACK_SQL = """
    SELECT p.programme_id, {keys}, COUNT(*), SUM(f.rating), SUM(f.rating * f.rating),
           COUNT(DISTINCT f.author_id)
    FROM {feedback} f
    JOIN {meeting} m ON m.id = f.meeting_id
    JOIN {pair} p ON p.id = m.pair_id
    WHERE p.programme_id IN ({ids}) AND p.status IN ({published})
"""


def _answers(ids: list[int]) -> QuerySet[Answer]:
    """Answers with a value of these programmes. Answers exist only for answered responses
    (services.answer_survey writes them with answered_at), and carry their programme, survey
    kind and question key (see Answer), so these reads touch one table."""
    return Answer.objects.filter(programme_id__in=ids, value__isnull=False).order_by()


def _gather_answers(raw: Raw, ids: list[int]) -> None:
    """Means of the single-survey questions (SINGLE_SURVEY's and HR's), with the counts by
    value that the recommendation score and the pulse's rhythm need: one count per
    question, topic and value (answers are 0 to 10), summed here."""
    keys = {kind: list(built_in) for kind, built_in in SINGLE_SURVEY.items()}
    for own in raw.hr_questions.values():
        for question in own:
            keys.setdefault(question.survey.kind, []).append(question.key)
    asked = Q()
    for kind, kind_keys in keys.items():
        asked |= Q(survey_kind=kind, key__in=kind_keys)
    # One answer per response, question and topic (a constraint), one response per person
    # and survey: the number of answers is the number of people.
    counts: dict[tuple[int, str, str, int | None], dict[int, int]] = defaultdict(dict)
    for programme_id, kind, key, topic_id, value, n in (
        _answers(ids)
        .filter(asked)
        .values_list("programme_id", "survey_kind", "key", "topic_id", "value")
        .annotate(n=Count("pk"))
    ):
        counts[(programme_id, kind, key, topic_id)][value] = n
    for (programme_id, kind, key, topic_id), by_value in counts.items():
        count = sum(by_value.values())
        total = sum(value * n for value, n in by_value.items())
        squares = sum(value * value * n for value, n in by_value.items())
        raw.answers[programme_id][(kind, key, topic_id)] = _moments(count, total, squares, count)
        if (kind, key) == (Survey.Kind.FINAL, questions.RECOMMEND):
            promoters = sum(n for value, n in by_value.items() if value >= 9)
            detractors = sum(n for value, n in by_value.items() if value <= 6)
            raw.nps[programme_id] = (promoters, count - promoters - detractors, detractors)
        elif (kind, key) == (Survey.Kind.MIDPOINT, questions.RHYTHM):
            raw.rhythm[programme_id] = {index: by_value.get(index, 0) for index in range(3)}


# Paired changes in plain SQL (the same on SQLite and PostgreSQL): the ORM cannot group on
# an aggregate of an aggregate, and reading every person's answers into Python cost more
# than the rest of the dashboard together at 1,500 pairs. One statement: the confidence
# rows (a topic, no key), then the perception rows (a key, no topic).
PAIRED_SQL = """
    SELECT a.programme_id, a.topic_id, NULL, COUNT(*), NULL, NULL,
           SUM(a.value - t.confidence), SUM((a.value - t.confidence) * (a.value - t.confidence))
    FROM {answer} a
    JOIN {enrolment_topic} t ON t.enrolment_id = a.enrolment_id AND t.topic_id = a.topic_id
    WHERE a.programme_id IN ({ids}) AND a.key = %s AND a.survey_kind = %s
      AND a.value IS NOT NULL AND t.confidence IS NOT NULL
    GROUP BY a.programme_id, a.topic_id
    UNION ALL
    SELECT programme_id, NULL, key, COUNT(*), SUM(before), SUM(after),
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
    sql = PAIRED_SQL.format(
        answer=Answer._meta.db_table,
        enrolment_topic=EnrolmentTopic._meta.db_table,
        ids=", ".join(["%s"] * len(ids)),
        keys=", ".join(["%s"] * len(questions.PERCEPTION_KEYS)),
    )
    params = [*ids, questions.CONFIDENCE, Survey.Kind.FINAL]
    params += [Survey.Kind.BASELINE, Survey.Kind.FINAL, *ids, *questions.PERCEPTION_KEYS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for programme_id, topic_id, key, count, before, after, total, squares in rows:
        if key is None:
            raw.confidence[programme_id][topic_id] = _moments(count, total, squares, count)
        else:
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
