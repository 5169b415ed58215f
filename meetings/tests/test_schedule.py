"""Publishing pairs gives each its planned sessions, at 10:00 in the mentee's time zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from meetings import services
from meetings.models import Meeting
from meetings.testing import make_pair, make_running_programme
from pairing import services as pairing_services
from pairing.models import Pair
from people.testing import make_person
from programmes.models import Programme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def no_enrolment_window(start: date) -> dict:
    return {"start_on": start, "enrolment_opens_on": None, "enrolment_closes_on": None}


def test_publishing_plans_every_session_of_the_cadence_at_ten_in_the_mentees_zone(
    hr_admin, executive, mentor, mentee
):
    programme = make_running_programme(
        hr_admin=hr_admin,
        executive=executive,
        cadence=Programme.Cadence.MONTHLY,
        duration_months=4,
        **no_enrolment_window(date(2027, 1, 15)),
    )
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.PAIRING)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee, status="proposed")

    with time_machine.travel(datetime(2027, 1, 4, 12, tzinfo=UTC), tick=False):
        pairing_services.publish(programme=programme, by=hr_admin, notify=False)

    meetings = list(Meeting.objects.filter(pair=pair).order_by("starts_at"))
    assert [m.starts_at.astimezone(PARIS).date() for m in meetings] == [
        date(2027, 1, 15),
        date(2027, 2, 15),
        date(2027, 3, 15),
        date(2027, 4, 15),
    ]
    assert {m.starts_at.astimezone(PARIS).time() for m in meetings} == {time(10, 0)}
    assert {(m.status, m.origin, m.sequence) for m in meetings} == {("planned", "schedule", 0)}
    assert {m.duration_minutes for m in meetings} == {programme.session_minutes}
    assert all(m.starts_at.tzinfo is not None for m in meetings)


def test_a_pair_published_mid_programme_gets_only_the_sessions_still_to_come(
    hr_admin, executive, mentor, mentee
):
    programme = make_running_programme(
        hr_admin=hr_admin,
        executive=executive,
        cadence=Programme.Cadence.EVERY_TWO_WEEKS,
        duration_months=3,
        **no_enrolment_window(date(2027, 1, 4)),
    )
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)

    with time_machine.travel(datetime(2027, 2, 2, 12, tzinfo=UTC), tick=False):
        planned = services.plan_meetings_for_pairs([pair])

    days = [m.starts_at.astimezone(PARIS).date() for m in planned]
    assert days[0] == date(2027, 2, 15)
    assert all(day > date(2027, 2, 2) for day in days)
    assert len(days) == len([d for d in programme.planned_session_dates() if d > date(2027, 2, 2)])


def test_planning_twice_plans_nothing_twice(pair):
    first = services.plan_meetings_for_pairs([pair], include_past=True)
    second = services.plan_meetings_for_pairs([pair], include_past=True)

    assert first and second == []
    assert Meeting.objects.filter(pair=pair).count() == len(first)


def test_proposed_and_ended_pairs_get_no_sessions(programme, mentor, mentee, outsider):
    proposed = make_pair(programme=programme, mentor=mentor, mentee=mentee, status="proposed")
    ended = make_pair(programme=programme, mentor=outsider, mentee=make_person(), status="ended")

    assert services.plan_meetings_for_pairs([proposed, ended], include_past=True) == []
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("zone", "start", "before", "after"),
    [
        # Paris springs forward on the last Sunday of March (28 March 2027).
        ("Europe/Paris", date(2027, 3, 15), "09:00", "08:00"),
        # ...and back on the last Sunday of October (31 October 2027).
        ("Europe/Paris", date(2027, 10, 18), "08:00", "09:00"),
        # New York springs forward on the second Sunday of March (14 March 2027).
        ("America/New_York", date(2027, 3, 1), "15:00", "14:00"),
        # ...and falls back on the first Sunday of November (7 November 2027).
        ("America/New_York", date(2027, 10, 25), "14:00", "15:00"),
    ],
)
def test_ten_oclock_stays_ten_oclock_across_a_daylight_saving_change(
    hr_admin, executive, mentor, mentee, zone, start, before, after
):
    mentee.time_zone = zone
    mentee.save(update_fields=["time_zone"])
    programme = make_running_programme(
        hr_admin=hr_admin,
        executive=executive,
        cadence=Programme.Cadence.EVERY_TWO_WEEKS,
        duration_months=3,
        **no_enrolment_window(start),
    )
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)

    with time_machine.travel(datetime.combine(start, time(0), tzinfo=UTC), tick=False):
        first, second = services.plan_meetings_for_pairs([pair])[:2]

    assert first.starts_at.strftime("%H:%M") == before  # UTC
    assert second.starts_at.strftime("%H:%M") == after
    local = ZoneInfo(zone)
    assert first.starts_at.astimezone(local).time() == time(10, 0)
    assert second.starts_at.astimezone(local).time() == time(10, 0)


def test_publication_writes_the_schedule_and_its_reminders_in_its_own_transaction(
    hr_admin, executive, mentor, mentee, monkeypatch
):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.PAIRING)
    make_pair(programme=programme, mentor=mentor, mentee=mentee, status="proposed")
    seen = []
    monkeypatch.setattr(
        services.reminders,
        "meetings_changed",
        lambda meetings: seen.extend(
            (meeting.pair.status, transaction.get_connection().in_atomic_block)
            for meeting in meetings
        ),
    )

    pairing_services.publish(programme=programme, by=hr_admin, notify=False)

    assert len(seen) == len(programme.planned_session_dates())
    assert set(seen) == {(Pair.Status.ACTIVE, True)}


def test_a_time_the_clocks_skip_is_refused_and_a_repeated_time_is_the_first():
    with pytest.raises(Exception, match="does not exist"):
        services.at_local_time(date(2027, 3, 28), time(2, 30), PARIS)
    repeated = services.at_local_time(date(2027, 10, 31), time(2, 30), PARIS)
    assert repeated == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # still summer time
