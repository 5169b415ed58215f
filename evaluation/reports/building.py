"""One programme's report from the numbers `gathering` read: each figure with the disclosure
rule of evaluation/indicators.py applied (hidden cells and their complements)."""

from datetime import date

from enrolments.models import Enrolment
from pairing.models import Pair
from programmes.models import Objective, Programme, Topic

from .. import questions
from ..indicators import (
    Figure,
    Moments,
    count_figure,
    figure,
    pooled,
    suppress,
    table_lines,
    with_margins,
)
from ..models import Question, Survey
from .figures import (
    PAIR_STATES,
    ROLES,
    STATUSES,
    AdoptionRow,
    MonthRow,
    ObjectiveRow,
    PerceptionRow,
    QuestionRow,
    Report,
    SurveyRow,
    TopicRow,
)
from .gathering import Raw


def report_for(programme: Programme, raw: Raw) -> Report:
    pk = programme.pk
    volunteers = volunteer_figures(raw.enrolments.get(pk, {}))
    settings_row = raw.settings.get(pk)
    target = settings_row.target_population if settings_row else None
    pair_counts = raw.pairs.get(pk, {})
    sessions = raw.sessions.get(pk, {})
    session_pairs, due = sessions.get("pairs", 0), sessions.get("due", 0)
    trend, sessions_held, held_rate = _sessions(raw, pk)
    answers = raw.answers.get(pk, {})
    nps_counts = raw.nps.get(pk, (0, 0, 0))
    adoption = _per_topic(answers, Survey.Kind.FINAL, questions.ADOPTION, raw.topics)
    return Report(
        programme=programme,
        programmes=[programme],
        volunteers=volunteers,
        coverage=_coverage(volunteers, target),
        target_population=target,
        pairs=_pairs(pair_counts),
        proposed_pairs=pair_counts.get(Pair.Status.PROPOSED, 0),
        sessions_held=sessions_held,
        sessions_due=count_figure(due, n=session_pairs),
        sessions_planned=count_figure(sessions.get("planned", 0), n=session_pairs),
        held_rate=held_rate,
        rating=raw.rating.get(pk, Moments()),
        satisfaction=answers.get((Survey.Kind.FINAL, questions.SATISFACTION, None), Moments()),
        pair_working=answers.get((Survey.Kind.MIDPOINT, questions.PAIR_WORKING, None), Moments()),
        nps_counts=nps_counts,
        nps=nps_figure(nps_counts),
        rhythm=_rhythm(raw.rhythm.get(pk, {})),
        progress=_progress(raw.confidence.get(pk, {}), raw.topics),
        perception=_perception(raw.perception.get(pk, {})),
        adoption=adoption,
        objectives=_objectives(raw.objectives.get(pk, []), adoption),
        surveys=_surveys(raw.surveys.get(pk, {})),
        trend=trend,
        custom=_custom(raw.hr_questions.get(pk, []), answers),
        read_at=raw.read_at,
    )


def _coverage(volunteers: dict[tuple[str, str], Figure], target: int | None) -> Figure | None:
    """The approved mentees as a share of HR's target population, when HR set one."""
    if not target:
        return None
    approved = volunteers[(Enrolment.Role.MENTEE, Enrolment.Status.APPROVED)]
    return Figure(
        value=100 * approved.value / target if approved.shown else None,
        n=approved.n,
        hidden=approved.hidden,
    )


def _pairs(counts: dict[str, int]) -> dict[str, Figure]:
    at_risk = counts.get("at_risk", 0)
    values = {
        "on_track": counts.get(Pair.Status.ACTIVE, 0) - at_risk,
        "at_risk": at_risk,
        "ended": counts.get(Pair.Status.ENDED, 0),
    }
    values["total"] = sum(values.values())
    hidden = suppress(values, [("total", PAIR_STATES)])
    return {key: Figure(value, value, key in hidden) for key, value in values.items()}


def _sessions(raw: Raw, pk: int) -> tuple[list[MonthRow], Figure, Figure]:
    """The trend by month, the sessions held and the rate of held against due."""
    sessions = raw.sessions.get(pk, {})
    session_pairs, held, due = (sessions.get(key, 0) for key in ("pairs", "held", "due"))
    trend, total_hidden = _trend(
        held,
        session_pairs,
        raw.held_by_month.get(pk, {}),
        raw.rating_by_month.get(pk, {}),
        raw.rating.get(pk, Moments()),
    )
    sessions_held = count_figure(held, n=session_pairs, hidden=total_hidden)
    held_rate = figure(100 * held / due if due else None, session_pairs if due else 0)
    if sessions_held.hidden:
        held_rate = Figure(None, held_rate.n, True)
    return trend, sessions_held, held_rate


def _progress(confidence: dict[int, Moments], topics: dict[int, Topic]) -> list[TopicRow]:
    rows = [TopicRow(topics[topic_id], moments) for topic_id, moments in confidence.items()]
    return sorted(rows, key=lambda row: row.topic.name)


def volunteer_figures(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], Figure]:
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


def nps_figure(counts: tuple[int, int, int]) -> Figure:
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
