"""Every change is told at once: a session added, moved or cancelled by one member emails the
other, in their language, with the updated invitation (REQUEST with the next SEQUENCE, or
CANCEL), exactly once; HR re-planning a programme tells every member concerned."""

from datetime import date, timedelta
from email import message_from_bytes

import pytest
from django.core import mail

from meetings import planning
from meetings import services as meetings
from meetings.models import Meeting
from reminders.models import Reminder

from .conftest import NOW

pytestmark = pytest.mark.django_db

Kind = Reminder.Kind
IN_FIVE_DAYS = NOW.replace(hour=10) + timedelta(days=5)  # Monday 15 March 2027, 10:00 UTC


def calendar_of(message: mail.EmailMultiAlternatives) -> tuple[str, str]:
    parsed = message_from_bytes(message.message().as_bytes())
    for part in parsed.walk():
        if part.get_content_type() == "text/calendar":
            body = part.get_payload(decode=True).decode().replace("\r\n ", "")
            return part.get_param("method"), body
    raise AssertionError("no calendar part")


@pytest.fixture
def french_mentee(pair):
    pair.mentee_person.preferred_language = "fr"
    pair.mentee_person.time_zone = "Europe/Paris"
    pair.mentee_person.save()
    pair.programme.managers.clear()  # no HR digest in the way
    return pair.mentee_person


def test_a_session_added_by_the_mentor_is_told_to_the_mentee_in_french_once(
    clock, pair, french_mentee, sweep
):
    meeting = meetings.add_meeting(
        pair=pair,
        by=pair.mentor_person,
        starts_at=IN_FIVE_DAYS,
        duration_minutes=60,
        video_link="https://meet.example.com/zoe-marc",
    )

    sent = [m for m in sweep() if m.to == [french_mentee.email]]

    assert len(sent) == 1
    notice = sent[0]
    assert notice.extra_headers["X-Tandem-Reminder"] == Kind.SESSION_CHANGED
    assert notice.extra_headers["Content-Language"] == "fr"
    assert notice.subject == "Zoé Junior a ajouté une séance Tandem"
    # The date in French words, the zone as the picker names it (never "Europe/Paris").
    assert "Lundi 15 mars 2027 à 11:00 (Paris · France · UTC+01:00), 60 minutes" in notice.body
    assert "https://meet.example.com/zoe-marc" in notice.body
    method, ics = calendar_of(notice)
    assert method == "REQUEST" and "METHOD:REQUEST" in ics
    assert "SEQUENCE:0" in ics and f"UID:{meeting.code}@tandem" in ics
    assert "https://meet.example.com/zoe-marc" in ics
    # The mentor, who added it, gets no notice; nobody gets it twice.
    assert not [
        m
        for m in mail.outbox
        if m.extra_headers["X-Tandem-Reminder"] == "session_changed"
        and m.to == [pair.mentor_person.email]
    ]
    assert sweep() == []
    assert Reminder.objects.get(kind=Kind.SESSION_CHANGED).status == Reminder.Status.SENT


def test_a_session_moved_by_the_mentor_is_told_with_the_next_sequence(
    clock, pair, french_mentee, sweep
):
    meeting = meetings.add_meeting(
        pair=pair, by=pair.mentor_person, starts_at=IN_FIVE_DAYS, duration_minutes=60
    )
    sweep()

    meetings.reschedule_meeting(
        meeting=meeting,
        by=pair.mentor_person,
        starts_at=IN_FIVE_DAYS + timedelta(days=1, hours=2),
        duration_minutes=45,
    )
    sent = [m for m in sweep() if m.to == [french_mentee.email]]

    assert [m.extra_headers["X-Tandem-Reminder"] for m in sent] == [Kind.SESSION_CHANGED]
    assert sent[0].subject == "Zoé Junior a déplacé votre séance Tandem"
    assert "Mardi 16 mars 2027 à 13:00 (Paris · France · UTC+01:00), 45 minutes" in sent[0].body
    method, ics = calendar_of(sent[0])
    assert method == "REQUEST" and "SEQUENCE:1" in ics and "DTSTART:20270316T120000Z" in ics
    assert sweep() == []


def test_a_session_cancelled_by_the_mentor_is_told_with_a_cancel(clock, pair, french_mentee, sweep):
    meeting = meetings.add_meeting(
        pair=pair, by=pair.mentor_person, starts_at=IN_FIVE_DAYS, duration_minutes=60
    )
    sweep()

    meetings.cancel_meeting(meeting=meeting, by=pair.mentor_person, reason="Malade")
    sent = [m for m in sweep() if m.to == [french_mentee.email]]

    assert [m.extra_headers["X-Tandem-Reminder"] for m in sent] == [Kind.SESSION_CANCELLED]
    assert sent[0].subject.startswith("Annulée")
    assert "Zoé Junior a annulé votre séance" in sent[0].body and "Malade" in sent[0].body
    method, ics = calendar_of(sent[0])
    assert method == "CANCEL" and "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics
    assert sweep() == []


def test_a_notice_not_yet_sent_is_replaced_by_the_next_change(clock, pair, french_mentee, sweep):
    meeting = meetings.add_meeting(
        pair=pair, by=pair.mentor_person, starts_at=IN_FIVE_DAYS, duration_minutes=60
    )
    meetings.reschedule_meeting(
        meeting=meeting,
        by=pair.mentor_person,
        starts_at=IN_FIVE_DAYS + timedelta(hours=3),
        duration_minutes=60,
    )

    sent = [m for m in sweep() if m.to == [french_mentee.email]]

    assert len(sent) == 1 and "SEQUENCE:1" in calendar_of(sent[0])[1]


def test_hr_closing_days_moves_the_sessions_on_them_and_tells_both_members(
    clock, pair, french_mentee, hr_admin, sweep
):
    meeting = Meeting.objects.create(
        pair=pair, origin=Meeting.Origin.SCHEDULE, starts_at=IN_FIVE_DAYS, duration_minutes=60
    )

    _period, moved = planning.add_closure(
        programme=pair.programme,
        first_day=date(2027, 3, 15),
        last_day=date(2027, 3, 15),
        label="Séminaire",
        by=hr_admin,
    )
    sent = {m.to[0]: m for m in sweep()}

    assert moved == [meeting]
    meeting.refresh_from_db()
    assert meeting.starts_at.date() != date(2027, 3, 15) and meeting.sequence == 1
    assert meeting.moved_reasons == ["closure"]
    assert set(sent) == {pair.mentor_person.email, french_mentee.email}
    assert all(m.extra_headers["X-Tandem-Reminder"] == Kind.SESSION_CHANGED for m in sent.values())
    assert "SEQUENCE:1" in calendar_of(sent[french_mentee.email])[1]
    assert "ont modifié le calendrier" in sent[french_mentee.email].body
    assert sweep() == []
