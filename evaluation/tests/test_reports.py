"""The indicators of a programme, read from the database, against values computed by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrolments.models import Enrolment
from evaluation import reports
from evaluation.models import Survey
from evaluation.testing import hold, make_pair, make_running_programme, plan
from programmes.models import Programme

from .conftest import Measured

Role, Status = Enrolment.Role, Enrolment.Status


def report_of(programme):
    return reports.reports([programme])[0]


def test_volunteers_by_role_and_state_are_operational_facts_shown_as_they_are(
    measured: Measured,
):
    report = report_of(measured.programme)
    assert report.volunteers[(Role.MENTOR, Status.APPROVED)].value == 7
    assert report.volunteers[(Role.MENTEE, Status.APPROVED)].value == 7
    withdrawn = report.volunteers[(Role.MENTEE, Status.WITHDRAWN)]
    assert withdrawn.value == 2 and withdrawn.shown
    # Every total is the sum of its parts: nothing hidden, nothing dropped.
    mentee_cells = [report.volunteers[(Role.MENTEE, status)] for status in Status.values]
    assert all(cell.shown for cell in mentee_cells)
    assert report.volunteers[(Role.MENTEE, "total")].value == sum(c.value for c in mentee_cells)


def test_coverage_is_approved_mentees_over_the_target_population(measured: Measured):
    report = report_of(measured.programme)
    approved = report.volunteers[(Role.MENTEE, Status.APPROVED)]
    if approved.shown:
        assert report.coverage.value == pytest.approx(100 * 7 / 40)
    else:
        assert report.coverage.hidden


def test_pairs_by_state_are_shown_as_they_are(measured: Measured):
    report = report_of(measured.programme)
    assert report.pairs["ended"].value == 1 and report.pairs["ended"].shown
    assert report.pairs["on_track"].value == 6 and report.pairs["on_track"].shown
    assert report.pairs["total"].value == 7 and report.pairs["total"].shown


def test_a_finished_programmes_pairs_have_all_ended(measured: Measured):
    Programme.objects.filter(pk=measured.programme.pk).update(status=Programme.Status.COMPLETED)
    measured.programme.refresh_from_db()
    report = report_of(measured.programme)
    assert report.pairs["ended"].value == 7
    assert report.pairs["on_track"].value == report.pairs["at_risk"].value == 0


def test_sessions_held_against_due_and_the_average_rating(measured: Measured):
    report = report_of(measured.programme)
    assert report.sessions_held.value == 12
    assert report.sessions_due.value == 12
    assert report.held_rate.value == pytest.approx(100)
    assert report.rating.mean().value == pytest.approx(4.5)
    assert report.rating.people == 12


def test_progress_per_topic_is_the_mean_paired_difference_with_its_t_interval(
    measured: Measured,
):
    report = report_of(measured.programme)
    (row,) = report.progress
    estimate = row.estimate
    assert row.topic.slug == "generative-ai"
    assert estimate.n == 6
    assert estimate.mean == pytest.approx(4 / 3)
    # Sample variance 2/3, standard error 1/3, t(5) = 2.570582.
    assert estimate.low == pytest.approx(4 / 3 - 2.570582 / 3, abs=1e-6)
    assert estimate.high == pytest.approx(4 / 3 + 2.570582 / 3, abs=1e-6)


def test_perception_change_pairs_each_mentee_with_their_own_baseline(measured: Measured):
    report = report_of(measured.programme)
    (row,) = [row for row in report.perception if row.key == "openness"]
    assert row.estimate.n == 6
    assert row.estimate.mean == pytest.approx(1.0)
    assert row.before.mean().value == pytest.approx(17 / 6)
    assert row.after.mean().value == pytest.approx(23 / 6)


def test_adoption_and_the_objective_measured_against_its_target(measured: Measured):
    report = report_of(measured.programme)
    (adoption,) = report.adoption
    assert adoption.share.value == pytest.approx(100 * 4 / 6)
    (objective,) = report.objectives
    assert objective.adoption.value == pytest.approx(100 * 4 / 6)
    assert objective.reached


def test_recommendation_score_and_satisfaction(measured: Measured):
    report = report_of(measured.programme)
    assert report.nps.value == 25 and report.nps.n == 12
    assert report.satisfaction.mean().value == pytest.approx(25 / 6)


def test_response_rates_per_survey(measured: Measured):
    report = report_of(measured.programme)
    rates = {row.kind: row for row in report.surveys}
    assert rates[Survey.Kind.FINAL].invited.value == 12
    assert rates[Survey.Kind.FINAL].rate.value == pytest.approx(100)
    # Six mentees answered the baseline: shown, over six people.
    assert rates[Survey.Kind.BASELINE].rate.value == pytest.approx(100)
    assert rates[Survey.Kind.MIDPOINT].rate.hidden


def test_monthly_trend_adds_up_to_the_sessions_held(measured: Measured):
    report = report_of(measured.programme)
    shown = [row.held.value for row in report.trend if row.held.shown]
    hidden = [row for row in report.trend if row.held.hidden]
    assert sum(shown) <= 12
    assert len(hidden) != 1  # a lone hidden month would be the total minus the others


def test_a_pair_without_a_session_for_45_days_is_at_risk(hr_admin, executive):
    programme = make_running_programme(sponsor=executive)
    now = timezone.now()
    for days in (60, 70, 80, 90, 100):
        quiet = make_pair(programme)
        hold(quiet, when=now - timedelta(days=days))
    busy = make_pair(programme)
    hold(busy, when=now - timedelta(days=3))
    newcomer = make_pair(programme, published_at=now - timedelta(days=10))
    plan(newcomer, when=now + timedelta(days=5))
    report = report_of(programme)
    assert report.pairs["at_risk"].value == 5
    assert report.pairs["on_track"].value == 2  # the busy one and the newcomer
    # Operational facts, as HR's list of pairs shows them by name: never hidden.
    assert report.pairs["on_track"].shown and report.pairs["at_risk"].shown


def test_the_all_programmes_view_adds_every_count_and_pools_only_shown_answers(
    measured: Measured, executive
):
    small = make_running_programme(sponsor=executive, name="Small", slug="small")
    now = timezone.now()
    for _ in range(2):
        hold(make_pair(small), when=now - timedelta(days=3), ratings=(1, 1))
    per_programme = reports.reports([measured.programme, small])
    small_report = per_programme[1]
    assert small_report.rating.hidden and small_report.sessions_held.shown
    pooled = reports.pooled_report(per_programme)
    # The small programme's ratings are left out: subtracting the big programme's page
    # from the pooled one gives nothing. Its sessions are a count: they add up.
    assert pooled.rating.mean().value == pytest.approx(4.5)
    assert pooled.sessions_held.value == 14
    for key, cell in per_programme[0].volunteers.items():
        assert pooled.volunteers[key].value == cell.value + per_programme[1].volunteers[key].value
