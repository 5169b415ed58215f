"""Reminders of a pair's sessions, with the clock frozen: coming up, moved, cancelled,
the nudge to log, the feedback request."""

from datetime import timedelta
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from meetings import services as meetings
from meetings.models import Meeting, Mode
from reminders import planning as services
from reminders.models import ProgrammeReminderSettings, Reminder

from .conftest import NOW

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status
IN_FIVE_DAYS = NOW.replace(hour=10) + timedelta(days=5)  # Monday 15 March 2027, 10:00 UTC


@pytest.fixture
def sweep(sweep):
    """The sweep's messages to the pair's members (HR's digest is tested on its own)."""

    def run() -> list[mail.EmailMessage]:
        return [
            message
            for message in sweep()
            if message.extra_headers["X-Tandem-Reminder"] in Reminder.MEMBER_KINDS
        ]

    return run


def plan(pair, starts_at=IN_FIVE_DAYS, minutes: int = 60) -> Meeting:
    """A session of the programme's schedule, as publication plans it: nobody added it, so
    nobody is told of a change (test_change_notices.py tests those)."""
    meeting = Meeting.objects.create(
        pair=pair, origin=Meeting.Origin.SCHEDULE, starts_at=starts_at, duration_minutes=minutes
    )
    services.meeting_changed(meeting)
    return meeting


def rows(meeting: Meeting, kind: str) -> list[Reminder]:
    return list(Reminder.objects.filter(meeting=meeting, kind=kind).order_by("recipient__email"))


def calendar_of(message: mail.EmailMultiAlternatives) -> tuple[str, str]:
    """(method, body) of the .ics part, read back from the MIME message as a client would."""
    parsed = message_from_bytes(message.message().as_bytes())
    for part in parsed.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), part.get_payload(decode=True).decode()
    raise AssertionError("no calendar part")


def test_planning_a_session_writes_both_members_reminders_in_the_same_transaction(clock, pair):
    meeting = plan(pair)

    upcoming = rows(meeting, Kind.UPCOMING_SESSION)
    assert {row.recipient for row in upcoming} == {pair.mentor_person, pair.mentee_person}
    assert {row.due_at for row in upcoming} == {IN_FIVE_DAYS - timedelta(days=2)}
    nudges = rows(meeting, Kind.LOG_NUDGE)
    assert {row.due_at for row in nudges} == {IN_FIVE_DAYS + timedelta(hours=1, days=1)}
    assert all(row.status == Status.PENDING for row in upcoming + nudges)


def test_a_rolled_back_change_leaves_no_reminder(clock, pair):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        plan(pair)
        raise RuntimeError("the caller fails after planning")

    assert not Reminder.objects.exists()


def test_the_coming_up_reminder_is_sent_n_days_before_with_the_invitation(clock, pair, sweep):
    pair.mentor_person.preferred_language = "fr"
    pair.mentor_person.time_zone = "Europe/Paris"
    pair.mentor_person.save()
    pair.mentee_person.time_zone = "America/New_York"
    pair.mentee_person.save()
    meeting = plan(pair)

    clock.move_to(IN_FIVE_DAYS - timedelta(days=2, minutes=1))
    assert sweep() == []

    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))
    sent = {message.to[0]: message for message in sweep()}
    assert set(sent) == {pair.mentor_person.email, pair.mentee_person.email}

    french = sent[pair.mentor_person.email]
    # In French, at 11:00 in Paris: the date in words, the zone as the picker names it.
    assert french.subject == "Votre séance Tandem avec Marc Senior\u00a0: 15 mars à 11:00"
    assert french.extra_headers["Content-Language"] == "fr"
    assert "Lundi 15 mars 2027 à 11:00 (Paris · France · UTC+01:00), 60 minutes" in french.body
    html, mimetype = french.alternatives[0]
    assert mimetype == "text/html" and 'lang="fr"' in html and "Marc Senior" in html
    method, ics = calendar_of(french)
    assert method == "REQUEST"
    assert f"UID:{meeting.code}@tandem" in ics and "DTSTART:20270315T100000Z" in ics

    english = sent[pair.mentee_person.email]
    assert english.subject == "Your Tandem session with Zoé Junior: 15 March at 06:00"
    # New York's offset on the session's day (summer time since 14 March), not today's.
    assert (
        "Monday 15 March 2027 at 06:00 (New York · United States of America · UTC−04:00)"
        in english.body
    )
    assert "America/New_York" not in english.body
    assert (
        english.extra_headers["Message-ID"]
        == Reminder.objects.get(kind=Kind.UPCOMING_SESSION, recipient=pair.mentee_person).message_id
    )

    assert sweep() == []  # sent once
    assert {row.status for row in rows(meeting, Kind.UPCOMING_SESSION)} == {Status.SENT}


def test_a_session_given_in_another_time_zone_is_reminded_all_the_same(clock, pair, sweep):
    plan(pair, starts_at=IN_FIVE_DAYS.astimezone(ZoneInfo("Pacific/Auckland")))

    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))

    assert len(sweep()) == 2


def test_n_is_the_programmes(clock, pair, hr_admin, sweep):
    ProgrammeReminderSettings.objects.create(programme=pair.programme, days_before=4)
    meeting = plan(pair)
    assert {row.due_at for row in rows(meeting, Kind.UPCOMING_SESSION)} == {
        IN_FIVE_DAYS - timedelta(days=4)
    }

    services.set_days_before(programme=pair.programme, days=1, by=hr_admin)

    assert {row.due_at for row in rows(meeting, Kind.UPCOMING_SESSION)} == {
        IN_FIVE_DAYS - timedelta(days=1)
    }
    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))
    assert sweep() == []


def test_a_session_nearer_than_n_days_is_reminded_at_once(clock, pair, sweep):
    plan(pair, starts_at=NOW + timedelta(hours=20))

    assert len(sweep()) == 2


def test_a_moved_session_never_sends_its_old_reminder(clock, pair, sweep):
    meeting = plan(pair)
    later = IN_FIVE_DAYS + timedelta(days=7)

    meetings.reschedule_meeting(
        meeting=meeting, by=pair.mentee_person, starts_at=later, duration_minutes=60
    )

    upcoming = Reminder.objects.filter(meeting=meeting, kind=Kind.UPCOMING_SESSION)
    assert upcoming.filter(status=Status.SUPERSEDED).count() == 2
    assert set(upcoming.filter(status=Status.PENDING).values_list("due_at", flat=True)) == {
        later - timedelta(days=2)
    }
    # The mentor is told at once that the mentee moved it, with the new invitation.
    assert [m.extra_headers["X-Tandem-Reminder"] for m in sweep()] == [Kind.SESSION_CHANGED]
    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))
    assert sweep() == []  # the old time's reminders stay silent
    clock.move_to(later - timedelta(days=2))
    sent = sweep()
    assert len(sent) == 2
    assert all("DTSTART:20270322T100000Z" in calendar_of(message)[1] for message in sent)
    assert all("SEQUENCE:1" in calendar_of(message)[1] for message in sent)


def test_moving_a_session_after_its_invitation_sends_the_new_one_at_once(clock, pair, sweep):
    meeting = plan(pair)
    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))
    assert len(sweep()) == 2

    meetings.reschedule_meeting(
        meeting=meeting,
        by=pair.mentor_person,
        starts_at=IN_FIVE_DAYS + timedelta(days=14),
        duration_minutes=90,
    )

    sent = {message.extra_headers["X-Tandem-Reminder"]: message for message in sweep()}
    # The mentor's calendar needs the new time; the mentee is told the mentor moved it.
    assert sent["upcoming_session"].to == [pair.mentor_person.email]
    assert sent["session_changed"].to == [pair.mentee_person.email]
    assert all("SEQUENCE:1" in calendar_of(message)[1] for message in sent.values())


def test_a_session_moved_behind_the_reminders_back_is_caught_when_sending(clock, pair, sweep):
    meeting = plan(pair)
    # A change that forgot to tell the reminders app: the check at send time catches it.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=IN_FIVE_DAYS + timedelta(days=1), sequence=1
    )

    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))

    assert sweep() == []
    assert {row.status for row in rows(meeting, Kind.UPCOMING_SESSION)} == {Status.SUPERSEDED}


def test_a_cancelled_session_sends_nothing_more(clock, pair, sweep):
    meeting = plan(pair)

    meetings.cancel_meeting(meeting=meeting, by=pair.mentee_person, reason="Travelling")

    # The mentor is told at once, once; nothing else of the session is ever sent.
    told = sweep()
    assert [message.to for message in told] == [[pair.mentor_person.email]]
    assert told[0].extra_headers["X-Tandem-Reminder"] == Kind.SESSION_CANCELLED
    assert "Travelling" in told[0].body
    others = Reminder.objects.filter(meeting=meeting).exclude(kind=Kind.SESSION_CANCELLED)
    assert set(others.values_list("status", flat=True)) == {Status.CANCELLED}
    for days in (2, 0, -2):
        clock.move_to(IN_FIVE_DAYS - timedelta(days=days))
        assert sweep() == []


def test_cancelling_after_the_invitation_sends_its_cancellation(clock, pair, mentor, sweep):
    meeting = plan(pair)
    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))
    sweep()

    meetings.cancel_meeting(meeting=meeting, by=mentor, reason="Off sick")

    sent = sweep()
    assert sorted(message.to[0] for message in sent) == sorted(
        [pair.mentor_person.email, pair.mentee_person.email]
    )
    method, ics = calendar_of(sent[0])
    assert method == "CANCEL" and "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics
    assert all(message.subject.startswith("Cancelled: ") for message in sent)
    assert sweep() == []


def test_the_nudge_to_log_comes_the_day_after_an_unlogged_session(clock, pair, sweep):
    meeting = plan(pair)
    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))
    sweep()

    clock.move_to(IN_FIVE_DAYS + timedelta(days=1, minutes=59))
    assert sweep() == []
    clock.move_to(IN_FIVE_DAYS + timedelta(days=1, hours=1))
    sent = sweep()

    assert len(sent) == 2
    assert all(message.subject.startswith("How did your session with") for message in sent)
    assert all(f"/sessions/{meeting.code}/log/" in message.body for message in sent)


def test_a_logged_session_is_not_nudged_and_asks_both_members_for_feedback(clock, pair, sweep):
    meeting = plan(pair)
    clock.move_to(IN_FIVE_DAYS + timedelta(hours=3))

    meetings.log_meeting(
        pair=pair,
        by=pair.mentee_person,
        meeting=meeting,
        held_at=IN_FIVE_DAYS,
        duration_minutes=60,
        mode=Mode.VIDEO,
        journal="Not for the reminders",
    )

    assert {row.status for row in rows(meeting, Kind.LOG_NUDGE)} == {Status.CANCELLED}
    sent = sweep()
    assert sorted(message.to[0] for message in sent) == sorted(
        [pair.mentor_person.email, pair.mentee_person.email]
    )
    assert all(f"/sessions/{meeting.code}/feedback/" in message.body for message in sent)
    assert all("Not for the reminders" not in message.body for message in sent)
    clock.move_to(IN_FIVE_DAYS + timedelta(days=3))
    assert sweep() == []


def test_feedback_given_withdraws_that_members_request(clock, pair, sweep):
    meeting = plan(pair)
    clock.move_to(IN_FIVE_DAYS + timedelta(hours=3))
    meetings.log_meeting(
        pair=pair,
        by=pair.mentor_person,
        meeting=meeting,
        held_at=IN_FIVE_DAYS,
        duration_minutes=60,
        mode=Mode.VIDEO,
    )

    meetings.give_feedback(meeting=meeting, by=pair.mentor_person, rating=5)
    services.meeting_logged(meeting)  # idempotent: called on every edit and feedback

    requests = {row.recipient: row.status for row in rows(meeting, Kind.FEEDBACK_REQUEST)}
    assert requests == {pair.mentor_person: Status.CANCELLED, pair.mentee_person: Status.PENDING}
    assert [message.to[0] for message in sweep()] == [pair.mentee_person.email]


def test_calling_meeting_changed_twice_writes_nothing_twice(clock, pair):
    meeting = plan(pair)

    services.meeting_changed(meeting)
    services.meeting_changed(meeting)

    assert Reminder.objects.filter(meeting=meeting).count() == 4
    assert Reminder.objects.filter(meeting=meeting, status=Status.PENDING).count() == 4


def test_a_reminder_of_an_ended_pair_is_not_sent(clock, pair, sweep):
    plan(pair)
    pair.status = pair.Status.ENDED
    pair.ended_at, pair.end_reason = NOW, pair.EndReason.OTHER
    pair.save()

    clock.move_to(IN_FIVE_DAYS - timedelta(days=2))

    assert sweep() == []


def test_a_whole_schedule_is_written_in_a_few_queries(clock, pair, django_assert_max_num_queries):
    from meetings.testing import make_meeting

    schedule = [make_meeting(pair, starts_at=IN_FIVE_DAYS + timedelta(weeks=n)) for n in range(30)]

    with django_assert_max_num_queries(7):  # 4 reads and writes, an insert in a savepoint
        services.meetings_changed(schedule)

    assert Reminder.objects.filter(kind=Kind.UPCOMING_SESSION).count() == 60
    assert Reminder.objects.filter(kind=Kind.LOG_NUDGE).count() == 60
    services.meetings_changed(schedule)  # idempotent
    assert Reminder.objects.count() == 120
