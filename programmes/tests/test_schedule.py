import itertools
from datetime import date

import pytest

from programmes.models import Programme
from programmes.schedule import CADENCES, add_months, planned_session_dates, programme_end


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2027, 3, 31), 1, date(2027, 4, 30)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2027, 12, 15), 1, date(2028, 1, 15)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2027, 5, 10), 0, date(2027, 5, 10)),
    ],
)
def test_adding_months_clips_to_the_end_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


def test_monthly_sessions_from_january_31st_land_on_each_months_last_day_when_shorter():
    assert planned_session_dates(date(2027, 1, 31), "monthly", 6) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
    ]


def test_monthly_sessions_in_a_leap_year_keep_february_29th():
    assert planned_session_dates(date(2028, 1, 31), "monthly", 3) == [
        date(2028, 1, 31),
        date(2028, 2, 29),
        date(2028, 3, 31),
    ]


def test_a_short_month_does_not_drag_the_following_sessions_earlier():
    dates = planned_session_dates(date(2027, 1, 30), "monthly", 4)
    assert dates == [date(2027, 1, 30), date(2027, 2, 28), date(2027, 3, 30), date(2027, 4, 30)]


def test_six_monthly_sessions_make_the_digital_acculturation_frame():
    assert len(planned_session_dates(date(2027, 3, 1), "monthly", 6)) == 6


def test_sessions_every_two_weeks_stay_within_the_programme():
    dates = planned_session_dates(date(2027, 1, 1), "every_2_weeks", 3)
    assert dates[0] == date(2027, 1, 1)
    assert dates[-1] == date(2027, 3, 26)
    assert len(dates) == 7
    assert all((later - earlier).days == 14 for earlier, later in itertools.pairwise(dates))
    assert dates[-1] <= programme_end(date(2027, 1, 1), 3) == date(2027, 3, 31)


def test_sessions_every_six_weeks_over_six_months():
    assert planned_session_dates(date(2027, 1, 1), "every_6_weeks", 6) == [
        date(2027, 1, 1),
        date(2027, 2, 12),
        date(2027, 3, 26),
        date(2027, 5, 7),
        date(2027, 6, 18),
    ]


def test_a_session_that_would_fall_on_the_day_after_the_end_is_dropped():
    # 3 months from 1 February 2027 end on 30 April; the fourth monthly date, 1 May, is out.
    assert planned_session_dates(date(2027, 2, 1), "monthly", 3)[-1] == date(2027, 4, 1)
    assert programme_end(date(2027, 2, 1), 3) == date(2027, 4, 30)


def test_the_end_of_a_programme_starting_on_the_31st_is_clipped_too():
    assert programme_end(date(2027, 8, 31), 6) == date(2028, 2, 28)


def test_every_cadence_a_programme_can_choose_has_a_schedule():
    assert set(Programme.Cadence.values) == CADENCES


def test_an_unknown_cadence_is_refused():
    with pytest.raises(ValueError, match="weekly"):
        planned_session_dates(date(2027, 1, 1), "weekly", 3)
