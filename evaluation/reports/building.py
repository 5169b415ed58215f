"""One programme's report from the numbers `gathering` read: each figure with the disclosure
rule of evaluation/indicators.py applied (hidden cells and their complements)."""

from datetime import date

from enrolments.models import Enrolment
from pairing.models import Pair
from programmes.models import Objective, Programme, Topic

from .. import questions
from ..indicators import (
    THRESHOLD,
    Figure,
    Moments,
    Reason,
    count_figure,
    figure,
    nps_figure,
    pooled,
    protect_answers,
    suppress,
    with_margins,
)
from ..models import Question, Survey
from .figures import (
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
        nps=nps_figure(*nps_counts),
        rhythm=rhythm_figures(raw.rhythm.get(pk, {})),
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
    """The approved mentees as a share of HR's target population, when HR set one: an
    operational fact, shown as it is."""
    if not target:
        return None
    approved = volunteers[(Enrolment.Role.MENTEE, Enrolment.Status.APPROVED)]
    return Figure(value=100 * approved.value / target, n=approved.n)


def _pairs(counts: dict[str, int]) -> dict[str, Figure]:
    """Pairs by state, as every page counts them (pairing's `pair_state_q`: a finished
    programme's pairs have ended; at risk, `quiet_since`, is a part of the active ones):
    an operational fact, never hidden."""
    at_risk = counts.get("at_risk", 0)
    values = {
        "on_track": counts.get("active", 0) - at_risk,
        "at_risk": at_risk,
        "ended": counts.get("ended", 0),
    }
    values["total"] = sum(values.values())
    return {key: count_figure(value) for key, value in values.items()}


def _sessions(raw: Raw, pk: int) -> tuple[list[MonthRow], Figure, Figure]:
    """The trend by month, the sessions held and the rate of held against due."""
    sessions = raw.sessions.get(pk, {})
    session_pairs, held, due = (sessions.get(key, 0) for key in ("pairs", "held", "due"))
    trend = _trend(
        held,
        session_pairs,
        raw.held_by_month.get(pk, {}),
        raw.rating_by_month.get(pk, {}),
        raw.rating.get(pk, Moments()),
    )
    sessions_held = count_figure(held, n=session_pairs)
    held_rate = (
        Figure(100 * held / due, session_pairs)
        if due
        else Figure(None, 0, True, Reason.NOTHING_DUE)
    )
    return trend, sessions_held, held_rate


def _progress(confidence: dict[int, Moments], topics: dict[int, Topic]) -> list[TopicRow]:
    rows = [TopicRow(topics[topic_id], moments) for topic_id, moments in confidence.items()]
    return sorted(rows, key=lambda row: row.topic.name)


def volunteer_figures(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], Figure]:
    """Volunteers by role and status with their totals: operational facts, shown as they
    are, so that every total is the sum of its parts."""
    cells = with_margins(counts, ROLES, STATUSES)
    return {key: count_figure(value) for key, value in cells.items()}


def _trend(
    held: int,
    pairs: int,
    months: dict[date, tuple[int, int]],
    ratings: dict[date, Moments],
    rating: Moments,
) -> list[MonthRow]:
    """Sessions held per month (operational, shown) and the average rating per month
    (answers: rule 1 and 2 per month, and a lone hidden month gets a partner, rule 3)."""
    keys = sorted(set(months) | set(ratings))
    rated = {"total": rating.people, **{m: ratings.get(m, Moments()).people for m in keys}}
    own = {m for m in keys if ratings.get(m, Moments()).mean().hidden and rated[m]}
    complements = suppress(rated, [("total", keys)], hidden=own) - own
    rows = []
    for month in keys:
        moments = ratings.get(month, Moments())
        mean = moments.mean()
        if month in complements:
            mean = Figure(mean.value, mean.n, True, reason=Reason.COMPLEMENT)
        held_count, held_pairs = months.get(month, (0, 0))
        rows.append(MonthRow(month, count_figure(held_count, n=held_pairs), mean, moments))
    return rows


def rhythm_figures(counts: dict[int, int]) -> list[Figure]:
    """The pulse's three answers as shares: answers, so rules 1 to 3."""
    values = {index: counts.get(index, 0) for index in range(3)}
    values["total"] = total = sum(values.values())
    reason = protect_answers(total, alike=max(values[i] for i in range(3)) == total)
    if reason != Reason.SHOWN:
        return [
            Figure(None, values[index], True, reason=reason) if total else figure(None, 0)
            for index in range(3)
        ]
    hidden = suppress(values, [("total", [0, 1, 2])])
    return [
        Figure(
            100 * values[index] / total,
            values[index],
            index in hidden,
            reason=Reason.FEW_PEOPLE if 0 < values[index] < THRESHOLD else "",
        )
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
    """Invitations and response rates: participation, an operational fact (what people
    answered is protected elsewhere; whether they answered is not)."""
    rows = []
    for kind, label in Survey.Kind.choices:
        invited, answered = counts.get(kind, (0, 0))
        rate = (
            Figure(100 * answered / invited, invited)
            if invited
            else Figure(None, 0, True, Reason.NOBODY_INVITED)
        )
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
