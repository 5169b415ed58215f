"""Calendar invitations (RFC 5545): stable UID, SEQUENCE, METHOD, times in UTC, folding."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from meetings import ics, services
from meetings.testing import make_meeting

pytestmark = pytest.mark.django_db


def unfold(data: bytes) -> list[str]:
    text = data.decode()
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    return text.replace("\r\n ", "").split("\r\n")


def prop(lines: list[str], name: str) -> str:
    return next(line.split(":", 1)[1] for line in lines if line.split(":")[0].split(";")[0] == name)


def test_an_invitation_is_a_request_with_a_stable_uid_and_utc_times(pair, mentor, mentee):
    meeting = make_meeting(pair, starts_at=datetime(2030, 6, 3, 8, 0, tzinfo=UTC))

    lines = unfold(ics.invitation(meeting, recipient=mentor))

    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "VERSION:2.0" in lines and "METHOD:REQUEST" in lines
    assert prop(lines, "UID") == f"{meeting.code}@tandem"
    assert prop(lines, "DTSTART") == "20300603T080000Z"
    assert prop(lines, "DTEND") == "20300603T090000Z"
    assert prop(lines, "SEQUENCE") == "0"
    assert prop(lines, "STATUS") == "CONFIRMED"
    assert prop(lines, "SUMMARY") == "Tandem session with Marc Senior"
    assert prop(lines, "DTSTAMP").endswith("Z")
    attendees = [line for line in lines if line.startswith("ATTENDEE")]
    assert [a.rsplit("mailto:", 1)[1] for a in attendees] == [mentor.email, mentee.email]
    assert prop(lines, "ORGANIZER").startswith("mailto:")
    assert all(len(line) <= 75 for line in ics.invitation(meeting).split(b"\r\n"))


def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(pair, mentor):
    meeting = make_meeting(pair, starts_at=datetime(2030, 6, 3, 8, tzinfo=UTC))
    before = unfold(ics.invitation(meeting))

    with time_machine.travel(datetime(2030, 6, 1, tzinfo=UTC), tick=False):
        services.reschedule_meeting(
            meeting=meeting,
            by=mentor,
            starts_at=datetime(2030, 6, 4, 12, tzinfo=UTC),
            duration_minutes=45,
        )
    meeting.refresh_from_db()
    after = unfold(ics.invitation(meeting))

    assert prop(after, "UID") == prop(before, "UID")
    assert (prop(before, "SEQUENCE"), prop(after, "SEQUENCE")) == ("0", "1")
    assert (prop(after, "DTSTART"), prop(after, "DTEND")) == (
        "20300604T120000Z",
        "20300604T124500Z",
    )


def test_a_cancelled_session_gives_a_cancel_with_a_higher_sequence(pair, mentee):
    meeting = make_meeting(pair)
    services.cancel_meeting(meeting=meeting, by=mentee, reason="Sick")
    meeting.refresh_from_db()

    lines = unfold(ics.invitation(meeting, method="CANCEL"))

    assert "METHOD:CANCEL" in lines
    assert prop(lines, "STATUS") == "CANCELLED"
    assert prop(lines, "SEQUENCE") == "1"
    assert prop(lines, "UID") == f"{meeting.code}@tandem"
    # Asked for a request, a cancelled session is still a cancellation.
    assert "METHOD:CANCEL" in unfold(ics.invitation(meeting, method="REQUEST"))
    with pytest.raises(ValueError):
        ics.invitation(meeting, method="PUBLISH")


@pytest.mark.parametrize(
    ("zone", "local_day", "utc_start"),
    [
        ("Europe/Paris", "2030-03-30", "20300330T090000Z"),  # Saturday, winter time
        ("Europe/Paris", "2030-04-01", "20300401T080000Z"),  # after the last Sunday of March
        ("Europe/Paris", "2030-10-26", "20301026T080000Z"),  # Saturday, summer time
        ("Europe/Paris", "2030-10-28", "20301028T090000Z"),  # after the last Sunday of October
        ("America/Chicago", "2030-03-09", "20300309T160000Z"),  # CST, before 10 March
        ("America/Chicago", "2030-03-11", "20300311T150000Z"),  # CDT
        ("America/Chicago", "2030-11-02", "20301102T150000Z"),  # CDT, before 3 November
        ("America/Chicago", "2030-11-04", "20301104T160000Z"),  # CST
    ],
)
def test_ten_oclock_local_is_written_in_utc_on_each_side_of_a_clock_change(
    client, pair, mentor, zone, local_day, utc_start
):
    mentor.time_zone = zone
    mentor.save(update_fields=["time_zone"])
    with time_machine.travel(datetime(2030, 1, 2, tzinfo=UTC), tick=False):
        client.force_login(mentor)
        client.post(
            reverse("meetings:add", args=[pair.code]),
            {"day": local_day, "at": "10:00", "duration_minutes": "60", "mode": "video"},
        )
        meeting = pair.meetings.get()
        response = client.get(reverse("meetings:invitation", args=[meeting.code]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert prop(unfold(response.content), "DTSTART") == utc_start


def test_text_is_escaped_and_long_lines_folded_without_splitting_a_character(pair, mentor):
    pair.programme.name = "Programme; digital, IA & écologie " + "é" * 60
    pair.programme.save()
    meeting = make_meeting(pair, place="Salle 3; bâtiment B, 2e étage")

    data = ics.invitation(meeting, recipient=mentor)

    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # each physical line is valid UTF-8 on its own
    lines = unfold(data)
    assert prop(lines, "LOCATION") == "Salle 3\\; bâtiment B\\, 2e étage"
    assert prop(lines, "DESCRIPTION").startswith("Programme\\; digital\\, IA & écologie ééé")


def test_the_summary_names_the_other_member_or_both_without_a_recipient(pair, mentor, mentee):
    meeting = make_meeting(pair)

    to_marc = prop(unfold(ics.invitation(meeting, recipient=mentee)), "SUMMARY")
    to_nobody = prop(unfold(ics.invitation(meeting)), "SUMMARY")

    assert to_marc == "Tandem session with Zoé Junior"
    assert to_nobody == "Tandem session: Zoé Junior and Marc Senior"
