"""Every figure reconciles with the rows, and nothing hidden can be worked out.

Hypothesis builds random programmes (volunteers in every status, pairs active, quiet and
ended, sessions held, planned and cancelled, ratings, baseline and final answers, small
groups and large ones, answers all alike or not), then recounts every figure from the
rows with plain Python, independently of reports/, and checks:

- each shown figure equals its recount, and operational facts are never hidden;
- no shown total is smaller than a shown part (every line of every table adds up);
- no hidden value can be worked out: no shown answer-based figure over fewer than 5
  people, with a zero-width interval, or from answers all alike; no lone hidden month of
  ratings; every breakdown row 0 or at least 5 with small groups never folded alone;
  and the all-programmes view is the sum of the programmes for operational counts and
  the pool of the shown programme figures only for protected ones, so subtracting one
  view from the other gives nothing the programme pages do not already show.
"""

import random
from collections import Counter, defaultdict
from datetime import timedelta
from statistics import fmean

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrolments.models import Enrolment, EnrolmentTopic
from enrolments.testing import make_enrolment
from evaluation import funnel
from evaluation import questions as q
from evaluation.indicators import THRESHOLD, Moments
from evaluation.models import Answer, Survey
from evaluation.reports import pooled_report, reports
from evaluation.testing import answer, hold, make_pair, make_running_programme, plan
from meetings.models import Feedback, Meeting
from pairing.models import Pair
from people.models import Department, User
from people.testing import make_person
from programmes.models import Programme
from programmes.testing import ensure_seeded_topics

pytestmark = pytest.mark.django_db

DEPARTMENTS = ["Finance", "Marketing", "Legal", "IT"]
programme_specs = st.fixed_dictionaries(
    {
        "pairs": st.integers(0, 9),
        "quiet": st.integers(0, 3),
        "ended": st.integers(0, 2),
        "others": st.lists(st.sampled_from(Enrolment.Status.values), max_size=6),
        "sessions": st.integers(0, 3),
        "alike": st.booleans(),
        "answer_share": st.sampled_from([0.0, 0.5, 1.0]),
        "completed": st.booleans(),
        "seed": st.integers(0, 10_000),
    }
)


def build(spec: dict, index: int) -> Programme:
    rng = random.Random(spec["seed"])  # noqa: S311 (test data)
    programme = make_running_programme(
        name=f"Programme {index}",
        slug=f"programme-{index}-{spec['seed']}",
        topics=("generative-ai", "social-networks"),
    )
    now = timezone.now()
    departments = [Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS]

    def person(grade: int) -> User:
        return make_person(grade=grade, department=rng.choice(departments), password=None)

    total = spec["pairs"] + spec["quiet"] + spec["ended"]
    for number in range(total):
        status = (
            Pair.Status.ENDED if number >= spec["pairs"] + spec["quiet"] else Pair.Status.ACTIVE
        )
        pair = make_pair(
            programme,
            mentor=person(3),
            mentee=person(15),
            confidence={"generative-ai": rng.randint(1, 3)},
            status=status,
        )
        quiet = spec["pairs"] <= number < spec["pairs"] + spec["quiet"]
        for k in range(spec["sessions"]):
            when = now - timedelta(days=(70 if quiet else 10) + 9 * k)
            rating = 4 if spec["alike"] else rng.randint(1, 5)
            hold(pair, when=when, ratings=(rating, 4 if spec["alike"] else rng.randint(1, 5)))
        plan(pair, when=now + timedelta(days=12))
        for _cancelled in range(rng.randint(0, 2)):  # past or future, never due nor planned
            days = rng.choice([-20, 20])
            Meeting.objects.create(
                pair=pair,
                starts_at=now + timedelta(days=days),
                status=Meeting.Status.CANCELLED,
                cancelled_at=now,
                cancel_reason="other",
            )
        if rng.random() < spec["answer_share"]:
            before = 3 if spec["alike"] else rng.randint(1, 5)
            answer(pair.mentee, Survey.Kind.BASELINE, {q.OPENNESS: before})
            answer(
                pair.mentee,
                Survey.Kind.FINAL,
                {
                    q.CONFIDENCE: {"generative-ai": 4 if spec["alike"] else rng.randint(1, 5)},
                    q.ADOPTION: {"generative-ai": 1 if spec["alike"] else rng.randint(0, 1)},
                    q.OPENNESS: 4 if spec["alike"] else rng.randint(1, 5),
                    q.SATISFACTION: 5 if spec["alike"] else rng.randint(1, 5),
                    q.RECOMMEND: 10 if spec["alike"] else rng.randint(0, 10),
                },
            )
    for status in spec["others"]:
        make_enrolment(
            programme=programme,
            person=person(rng.choice([3, 15])),
            role=rng.choice(Enrolment.Role.values),
            status=status,
        )
    if spec["completed"]:
        Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
        programme.refresh_from_db()
    return programme


# --- Independent recounts ---------------------------------------------------------------


def recount_pairs(programme: Programme, now) -> dict[str, int]:
    cutoff = now - timedelta(days=45)
    counts = Counter()
    for pair in Pair.objects.filter(programme=programme).exclude(status=Pair.Status.PROPOSED):
        finished = programme.status != Programme.Status.RUNNING and programme.status in (
            Programme.Status.COMPLETED,
            Programme.Status.ARCHIVED,
        )
        if pair.status == Pair.Status.ENDED or finished:
            counts["ended"] += 1
            continue
        recent = Meeting.objects.filter(
            pair=pair, status=Meeting.Status.HELD, starts_at__gte=cutoff
        ).exists()
        quiet = (
            programme.status == Programme.Status.RUNNING
            and pair.published_at <= cutoff
            and not recent
        )
        counts["at_risk" if quiet else "on_track"] += 1
    counts["total"] = sum(counts.values())
    return counts


def recount_groups(programmes: list[Programme]) -> dict[str, Counter]:
    """The approved volunteers of these programmes per department, site and generation."""
    people: dict[str, Counter] = defaultdict(Counter)
    for enrolment in Enrolment.objects.filter(
        programme__in=programmes, status=Enrolment.Status.APPROVED
    ).select_related("person__department"):
        person = enrolment.person
        department = person.department.name if person.department else None
        for attribute, group in (
            ("department", department),
            ("site", person.site),
            ("generation", person.generation),
        ):
            people[attribute][group or funnel.UNKNOWN] += 1
    return people


def recount_ratings(programme: Programme) -> tuple[list[int], set[int]]:
    rows = Feedback.objects.filter(
        meeting__pair__programme=programme, meeting__pair__status__in=["active", "ended"]
    )
    return [row.rating for row in rows], {row.author_id for row in rows}


def recount_confidence(programme: Programme) -> dict[str, list[int]]:
    changes = defaultdict(list)
    for answer_row in Answer.objects.filter(
        programme=programme, key=q.CONFIDENCE, survey_kind=Survey.Kind.FINAL, value__isnull=False
    ):
        before = EnrolmentTopic.objects.get(
            enrolment_id=answer_row.enrolment_id, topic_id=answer_row.topic_id
        ).confidence
        if before is not None:
            changes[answer_row.topic_id].append(answer_row.value - before)
    return changes


# --- Checks -------------------------------------------------------------------------------


def check_answers_figure(moments: Moments, values: list[float], people: int) -> None:
    """A protected mean: shown only over 5 people or more with answers not all alike, and
    then equal to the recount."""
    shown = not moments.hidden and moments.mean().shown
    if shown:
        assert people >= THRESHOLD
        assert len(set(values)) > 1, "a mean of identical answers tells each one"
        assert moments.mean().value == pytest.approx(fmean(values))
    if people >= THRESHOLD and len(set(values)) > 1:
        assert shown, "a figure over enough people with varied answers is shown"


def check_programme(programme: Programme, report, participation, now) -> None:
    enrolments = list(Enrolment.objects.filter(programme=programme))
    by_role_status = Counter((e.role, e.status) for e in enrolments)
    for role in Enrolment.Role.values:
        for status in Enrolment.Status.values:
            cell = report.volunteers[(role, status)]
            assert cell.shown and cell.value == by_role_status[(role, status)]
        total = report.volunteers[(role, "total")]
        assert total.shown and total.value == sum(
            by_role_status[(role, s)] for s in Enrolment.Status.values
        )
    assert report.volunteers[("total", "total")].value == len(enrolments)

    pairs = recount_pairs(programme, now)
    for key in ["on_track", "at_risk", "ended", "total"]:
        assert report.pairs[key].shown, "pairs are operational facts"
        assert report.pairs[key].value == pairs[key], key
    assert report.pairs["total"].value == sum(
        report.pairs[key].value for key in ["on_track", "at_risk", "ended"]
    )

    published = Meeting.objects.filter(
        pair__programme=programme, pair__status__in=["active", "ended"]
    )
    held = published.filter(status=Meeting.Status.HELD).count()
    assert report.sessions_held.shown and report.sessions_held.value == held
    assert sum(row.held.value for row in report.trend) == held
    # One definition each: planned is not cancelled; due, planned and come (or held).
    planned = published.exclude(status=Meeting.Status.CANCELLED)
    due = planned.filter(Q(starts_at__lte=now) | Q(status=Meeting.Status.HELD)).count()
    assert report.sessions_due.value == due
    assert report.sessions_planned.value == planned.count()
    assert held <= report.sessions_due.value <= report.sessions_planned.value, "total < part"
    assert all(row.held.shown for row in report.trend)

    ratings, raters = recount_ratings(programme)
    check_answers_figure(report.rating, ratings, len(raters))
    hidden_months = [row for row in report.trend if row.rating.hidden and row.moments.count]
    if report.rating.mean().shown:
        assert len(hidden_months) != 1, "a lone hidden month is the total minus the others"

    changes = recount_confidence(programme)
    for row in report.progress:
        values = changes[row.topic.pk]
        estimate = row.estimate
        assert estimate.n == len(values)
        if estimate.shown:
            assert estimate.n >= THRESHOLD
            assert estimate.mean == pytest.approx(fmean(values))
            assert estimate.low < estimate.mean < estimate.high, "no zero-width interval"
    for row in report.adoption:
        if row.share.shown:
            assert row.share.n >= THRESHOLD
            assert 0 < row.share.value < 100, "0 % or 100 % tells each person's answer"

    # The funnel: recounted, and it never grows from one stage to the next.
    approved = [e for e in enrolments if e.status == Enrolment.Status.APPROVED]
    assert participation.funnel["volunteers"] == len(enrolments)
    assert participation.funnel["approved"] == len(approved)
    values = [participation.funnel[stage] for stage in funnel.STAGES]
    assert values == sorted(values, reverse=True)

    # Breakdowns: every shown row is 0 or at least 5; the rows add up to the total.
    departments = Counter(e.person.department.name for e in approved)
    for attribute, breakdown in participation.breakdowns.items():
        assert breakdown.total == len(approved)
        if breakdown.hidden:
            assert not breakdown.rows and breakdown.total < THRESHOLD
            continue
        assert all(n >= THRESHOLD for _group, n in breakdown.rows)
        assert breakdown.other == 0 or breakdown.other >= THRESHOLD
        assert sum(n for _group, n in breakdown.rows) + breakdown.other == breakdown.total
        small = [g for g in breakdown.folded if 0 < (departments.get(g, 0)) < THRESHOLD]
        if attribute == "department":
            for group, n in breakdown.rows:
                assert departments[group] == n
            if small:
                assert len(breakdown.folded) >= 2, "a small group folded alone is the other row"


def check_pooled(reports_, participations, pooled, pooled_participation, programmes) -> None:
    for key in pooled.volunteers:
        assert pooled.volunteers[key].value == sum(r.volunteers[key].value for r in reports_)
    for key in ["on_track", "at_risk", "ended", "total"]:
        assert pooled.pairs[key].value == sum(r.pairs[key].value for r in reports_)
    assert pooled.sessions_held.value == sum(r.sessions_held.value for r in reports_)
    # Protected figures pool only what the programme pages show: nothing to subtract.
    shown_rating = [r.rating for r in reports_ if not r.rating.hidden]
    assert pooled.rating.count == sum(m.count for m in shown_rating)
    for row in pooled.progress:
        parts = [
            p.moments for r in reports_ for p in r.progress
            if p.topic.pk == row.topic.pk and not p.moments.hidden
        ]  # fmt: skip
        assert row.moments.count == sum(m.count for m in parts)
    for stage in funnel.STAGES:
        assert pooled_participation.funnel[stage] == sum(p.funnel[stage] for p in participations)
    # Breakdowns: pooled from the rows, then the rule once; nothing small by subtraction.
    people = recount_groups(programmes)
    for attribute, breakdown in pooled_participation.breakdowns.items():
        shown = Counter()
        for part in participations:
            shown.update(dict(part.breakdowns[attribute].rows))
        true = people[attribute]
        assert breakdown.total == sum(true.values())
        if breakdown.hidden:
            assert not breakdown.rows and breakdown.total < THRESHOLD
            continue
        assert sum(n for _g, n in breakdown.rows) + breakdown.other == breakdown.total
        for group, n in breakdown.rows:
            assert n == true[group] >= THRESHOLD, "a pooled row is the people of the group"
            assert not 0 < n - shown[group] < THRESHOLD, "a small group by subtraction"
        folded = [group for group in true if group not in dict(breakdown.rows)]
        assert breakdown.other == sum(true[group] for group in folded)
        assert breakdown.other == 0 or breakdown.other >= THRESHOLD
        if breakdown.rows:
            unshown = sum(true[group] - shown[group] for group in folded)
            assert not 0 < unshown < THRESHOLD, "the other row minus the programme pages"
            assert len(folded) != 1, "a group folded alone is the other row"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(programme_specs, min_size=1, max_size=3))
def test_every_figure_reconciles_and_nothing_hidden_can_be_worked_out(specs):
    ensure_seeded_topics()
    with transaction.atomic():
        programmes = [build(spec, index) for index, spec in enumerate(specs)]
        now = timezone.now()
        per_programme = reports(programmes, now=now)
        participations = funnel.participation(programmes)
        for programme, report in zip(programmes, per_programme, strict=True):
            check_programme(programme, report, participations[programme.pk], now)
        check_pooled(
            per_programme,
            [participations[p.pk] for p in programmes],
            pooled_report(per_programme),
            funnel.pooled([participations[p.pk] for p in programmes]),
            programmes,
        )
        transaction.set_rollback(True)
