"""Issue 18: a leaver, from the directory's PATCH `active: false` to their partner's inbox.

On PostgreSQL (CI's database): the leaving transaction locks the person and the sessions.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from meetings import services as meetings
from meetings.models import Feedback, Meeting
from meetings.testing import make_held_meeting, make_pair, make_running_programme
from pairing.models import Pair
from reminders import sweeping
from reminders.models import Reminder
from scim.protocol import PATCH_OP
from scim.testing import call, make_token

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # a Wednesday
NEXT_MONDAY = NOW.replace(hour=10) + timedelta(days=5)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def members_mail() -> list[mail.EmailMessage]:
    before = len(mail.outbox)
    sweeping.sweep()
    return [
        message
        for message in mail.outbox[before:]
        if message.extra_headers.get("X-Tandem-Reminder") in Reminder.MEMBER_KINDS
    ]


def test_a_leaver_through_scim_closes_the_account_and_the_partner_is_told(
    client, clock, hr_admin, executive, mentor, mentee
):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    held = make_held_meeting(
        pair, takeaways="Try Notion for the team's notes.", feedback_by=(mentor,)
    )
    soon = meetings.add_meeting(pair=pair, by=mentor, starts_at=NEXT_MONDAY, duration_minutes=60)
    later = meetings.add_meeting(
        pair=pair, by=mentor, starts_at=NEXT_MONDAY + timedelta(days=28), duration_minutes=60
    )
    clock.move_to(NEXT_MONDAY - timedelta(days=2))
    members_mail()  # Monday's invitations go out to both members
    client.force_login(mentor)
    assert client.get(reverse("home")).status_code == 200

    token = make_token("Entra ID")
    answer = call(
        client,
        "PATCH",
        f"/Users/{mentor.code}",
        {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Replace", "path": "active", "value": False}],
        },
        token=token,
    )
    assert answer.status_code == 200

    mentor.refresh_from_db()
    assert not mentor.is_active
    # The session in the browser has ended.
    assert client.get(reverse("home")).status_code == 302
    # Both sessions to come are cancelled, in the partner's language, by the same service.
    for meeting in (soon, later):
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        assert meeting.cancel_reason == "Zoé Junior has left the company."
    held.refresh_from_db()
    assert held.status == Meeting.Status.HELD
    # The partner hears of it, once; the leaver hears nothing more.
    told = members_mail()
    assert {message.to[0] for message in told} == {mentee.email}
    cancellations = [
        message
        for message in told
        if message.extra_headers["X-Tandem-Reminder"] == Reminder.Kind.SESSION_CANCELLED
    ]
    assert cancellations and all(m.subject.startswith("Cancelled: ") for m in cancellations)
    assert members_mail() == []
    # HR's pairs page flags the pair for ending and re-pairing; the pair is still active.
    assert list(Pair.objects.with_leaver()) == [pair]
    client.force_login(hr_admin)
    page = client.get(reverse("pairing:published", args=[programme.code]))
    assert "Zoé Junior left the company on 13 March 2027" in page.content.decode()
    # Nothing the leaver wrote is lost.
    assert held.takeaways == "Try Notion for the team's notes."
    assert Feedback.objects.filter(meeting=held, author=mentor).exists()


def test_a_leaver_without_sessions_to_come_leaves_nothing_to_cancel(client, clock, mentor):
    token = make_token()
    answer = call(
        client,
        "PATCH",
        f"/Users/{mentor.code}",
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]},
        token=token,
    )
    assert answer.status_code == 200
    mentor.refresh_from_db()
    assert not mentor.is_active
    assert members_mail() == []
