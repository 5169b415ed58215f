"""Retention and promotion of the junior mentors against comparable employees, from the
directory's dated events; and the funnel's and breakdowns' rules."""

from datetime import date, timedelta

import pytest

from evaluation import funnel, outcomes
from evaluation.indicators import THRESHOLD, Reason
from evaluation.outcomes import History, compare, wilson
from people.models import DirectoryEvent

Kind = DirectoryEvent.Kind
START, END = date(2025, 1, 6), date(2025, 7, 5)


def person(grade: int = 4, *, events=(), hired: date = date(2022, 1, 1)) -> History:
    return History(grade, 1, hired, sorted(events))


def left(on: date):
    return (on, Kind.LEFT, "", "")


def promoted(on: date, before: int = 3, after: int = 4):
    return (on, Kind.GRADE_CHANGED, str(before), str(after))


def test_a_history_tells_employment_grade_and_promotion_on_any_date():
    history = person(events=[left(date(2025, 3, 1)), promoted(date(2025, 2, 1))])
    assert history.employed_on(date(2025, 2, 28)) and not history.employed_on(date(2025, 3, 1))
    assert history.grade_on(date(2025, 1, 15)) == 3 and history.grade_on(date(2025, 2, 2)) == 4
    assert history.promoted_between(START, date(2025, 2, 1))
    assert not history.promoted_between(date(2025, 2, 1), END)


def test_mentors_are_compared_with_employees_of_their_stratum_only():
    people = {pk: person() for pk in range(1, 7)}  # six mentors, grade 4
    people[1] = person(events=[promoted(date(2025, 5, 1))])
    people[2] = person(events=[promoted(date(2025, 9, 1))])
    for pk in range(10, 20):  # ten comparable employees, one promoted
        people[pk] = person(events=[promoted(date(2025, 6, 1))] if pk == 10 else [])
    people[30] = person(grade=15)  # another grade band: not comparable
    people[31] = person(grade=4, hired=date(2024, 12, 1))  # another tenure band
    result = compare(
        list(range(1, 7)),
        [*range(10, 20), 30, 31],
        people,
        start=START,
        horizon_day=END + timedelta(days=183),
        outcome="promotion",
        horizon=6,
        today=date(2026, 6, 1),
    )
    assert result.mentors.value == pytest.approx(100 * 2 / 6) and result.mentors.n == 6
    assert result.comparison.value == pytest.approx(10) and result.comparison.n == 10
    assert result.difference.value == pytest.approx(100 * 2 / 6 - 10)
    low, high = wilson(2, 6)
    assert result.mentors.low == pytest.approx(100 * low)
    assert result.mentors.high == pytest.approx(100 * high)
    assert result.difference.low < result.difference.value < result.difference.high


def test_an_outcome_not_yet_reached_fewer_than_5_or_all_alike_is_hidden_with_its_reason():
    people = {pk: person() for pk in range(1, 30)}
    args = {"start": START, "outcome": "retention", "horizon": 6}
    later = compare([1, 2, 3, 4, 5], list(range(10, 20)), people, horizon_day=date(2027, 1, 1),
                    today=date(2026, 1, 1), **args)  # fmt: skip
    assert later.mentors.why == Reason.NOT_YET and not later.measurable
    few = compare([1, 2, 3], list(range(10, 20)), people, horizon_day=END, today=date(2026, 1, 1),
                  **args)  # fmt: skip
    assert few.mentors.why == Reason.FEW_PEOPLE and few.mentors.n < THRESHOLD
    alike = compare([1, 2, 3, 4, 5, 6], list(range(10, 20)), people, horizon_day=END,
                    today=date(2026, 1, 1), **args)  # fmt: skip
    assert alike.mentors.why == Reason.SAME_OUTCOME  # all stayed: it would tell each one's
    assert alike.difference.hidden


def test_programmes_not_finished_have_no_outcomes(db, measured):
    assert outcomes.outcomes([measured.programme]) == []


def test_a_small_group_is_never_shown_alone_and_the_rows_add_up():
    result = funnel.fold("department", {"Finance": 12, "Legal": 3, "IT": 6})
    assert result.rows == [("Finance", 12)]  # IT joins Legal so that 3 is not IT - 6
    assert result.other == 9 and result.total == 21
    assert set(result.folded) == {"Legal", "IT"}
    many = funnel.fold("site", {"Lyon": 2, "Paris": 2, "Lille": 2, "Milan": 20})
    assert many.rows == [("Milan", 20)] and many.other == 6
    assert funnel.fold("site", {"Lyon": 3}).hidden  # fewer than 5 in all: no breakdown
    assert funnel.fold("site", {"Lyon": 5, "Paris": 0}).rows == [("Lyon", 5)]


def test_the_cached_figures_hold_no_persons_account(db, measured, settings):
    """The dashboards' cache keeps figures: the sponsor loaded with the programme (as the
    dashboards load it) is not pickled into it with the outcomes."""
    import time_machine
    from django.core.cache import cache

    from evaluation.reports.cache import figures
    from programmes.models import Programme

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    programme = Programme.objects.select_related("sponsor").get(pk=measured.programme.pk)
    cache.clear()
    with time_machine.travel(programme.ends_on + timedelta(days=400)):
        _lines, _participation, followed = figures([programme])
    assert [item.programme for item in followed] == [programme]  # the request's own object
    assert followed[0].retention and followed[0].promotion
    # LocMemCache keeps each value pickled, as Redis does.
    kept = b"".join(cache._cache.values())  # noqa: SLF001
    assert b"pbkdf2" not in kept and b"password" not in kept and b"User" not in kept
