"""Either member can add, move or cancel a session; nobody else can, and an ended pair is
read-only. Each change calls the reminders app inside its transaction."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from meetings.testing import make_held_meeting, make_meeting
from pairing.models import Pair

pytestmark = pytest.mark.django_db


def when(day: str, at: str = "10:00", **extra) -> dict:
    return {"day": day, "at": at, "duration_minutes": "60", "mode": "video", "place": "", **extra}


@pytest.fixture
def hooks(monkeypatch) -> list:
    """Every call to the reminders app: (hook, meeting status, inside a transaction)."""
    calls = []
    for name in ("meeting_changed", "meeting_logged", "meeting_cancelled"):

        def record(meeting, name=name, **_kwargs):
            calls.append((name, meeting.status, transaction.get_connection().in_atomic_block))

        monkeypatch.setattr(services.reminders, name, record)
    return calls


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_either_member_can_move_a_session_and_its_calendar_sequence_goes_up(
    client, request, pair, hooks, who
):
    meeting = make_meeting(pair)

    with time_machine.travel(datetime(2030, 1, 6, 12, tzinfo=UTC), tick=False):
        client.force_login(request.getfixturevalue(who))
        meeting.starts_at = datetime(2030, 1, 9, 8, tzinfo=UTC)
        meeting.save()
        response = client.post(
            reverse("meetings:reschedule", args=[meeting.code]), when("2030-01-10", "14:30")
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    # 14:30 in Paris in January is 13:30 UTC.
    assert meeting.starts_at == datetime(2030, 1, 10, 13, 30, tzinfo=UTC)
    assert meeting.sequence == 1
    assert hooks == [("meeting_changed", "planned", True)]


def test_a_member_adds_a_session_in_their_own_time_zone(client, pair, mentee, hooks):
    mentee.time_zone = "America/New_York"
    mentee.save(update_fields=["time_zone"])

    with time_machine.travel(datetime(2030, 3, 1, 12, tzinfo=UTC), tick=False):
        client.force_login(mentee)
        response = client.post(
            reverse("meetings:add", args=[pair.code]), when("2030-03-12", "09:00")
        )

    assert response.status_code == 302
    meeting = Meeting.objects.get(pair=pair)
    # 12 March 2030 is after New York's spring change (10 March): EDT, UTC-4.
    assert meeting.starts_at == datetime(2030, 3, 12, 13, 0, tzinfo=UTC)
    assert (meeting.origin, meeting.created_by) == (Meeting.Origin.ADDED, mentee)
    assert hooks == [("meeting_changed", "planned", True)]


def test_a_time_the_clocks_skip_is_refused_next_to_the_time_field(client, pair, mentor):
    with time_machine.travel(datetime(2030, 3, 1, 12, tzinfo=UTC), tick=False):
        client.force_login(mentor)
        response = client.post(
            reverse("meetings:add", args=[pair.code]), when("2030-03-31", "02:30")
        )

    assert response.status_code == 200
    # The zone as the picker names it, never its raw name ("Europe/Paris").
    assert "does not exist on that day in Paris · France · UTC+01:00" in str(
        response.context["form"]["at"].errors
    )
    assert not Meeting.objects.exists()


def test_a_session_cannot_be_added_or_moved_into_the_past(client, pair, mentor):
    meeting = make_meeting(pair)
    client.force_login(mentor)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    added = client.post(reverse("meetings:add", args=[pair.code]), when(yesterday))
    moved = client.post(reverse("meetings:reschedule", args=[meeting.code]), when(yesterday))

    assert added.status_code == moved.status_code == 200
    assert "Choose a time to come" in added.content.decode()
    assert Meeting.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_cancelling_needs_a_reason_and_withdraws_the_reminders(client, pair, mentee, hooks):
    meeting = make_meeting(pair)
    client.force_login(mentee)
    url = reverse("meetings:cancel", args=[meeting.code])

    refused = client.post(url, {"reason": "  "})
    done = client.post(url, {"reason": "Board meeting moved to that morning."})

    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.cancel_reason == "Board meeting moved to that morning."
    assert (meeting.cancelled_by, meeting.sequence) == (mentee, 1)
    assert hooks == [("meeting_cancelled", "cancelled", True)]


def test_a_held_or_cancelled_session_cannot_be_moved_or_cancelled(pair, mentor):
    held = make_held_meeting(pair)
    for change in (
        lambda: services.cancel_meeting(meeting=held, by=mentor, reason="x"),
        lambda: services.reschedule_meeting(
            meeting=held,
            by=mentor,
            starts_at=timezone.now() + timedelta(days=2),
            duration_minutes=60,
        ),
    ):
        with pytest.raises(ValidationError):
            change()


CHANGE_URLS = [
    ("meetings:reschedule", "meeting"),
    ("meetings:cancel", "meeting"),
    ("meetings:log", "meeting"),
    ("meetings:feedback", "meeting"),
    ("meetings:journal", "meeting"),
    ("meetings:detail", "meeting"),
    ("meetings:invitation", "meeting"),
    ("meetings:add", "pair"),
    ("meetings:log_new", "pair"),
    ("meetings:agreement", "pair"),
]


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "outsider"])
@pytest.mark.parametrize(("name", "target"), CHANGE_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_members_reach_a_sessions_pages_everyone_else_gets_404(
    client, request, pair, persona, name, target, method
):
    meeting = make_meeting(pair)
    code = meeting.code if target == "meeting" else pair.code
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(
        reverse(name, args=[code]), {"reason": "x", **when("2031-01-01")}
    )

    assert response.status_code in (404, 405)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == ("planned", 0)
    assert Meeting.objects.count() == 1


def test_services_refuse_anyone_but_a_member_even_without_a_view(pair, hr_admin, outsider):
    meeting = make_meeting(pair)
    for person in (hr_admin, outsider, None):
        with pytest.raises(PermissionDenied):
            services.cancel_meeting(meeting=meeting, by=person, reason="Not mine to cancel")
        with pytest.raises(PermissionDenied):
            services.add_meeting(
                pair=pair,
                by=person,
                starts_at=timezone.now() + timedelta(days=2),
                duration_minutes=60,
            )


def test_an_ended_pairs_sessions_can_no_longer_change(client, pair, mentor):
    meeting = make_meeting(pair)
    Pair.objects.filter(pk=pair.pk).update(
        status=Pair.Status.ENDED, ended_at=timezone.now(), end_reason="other"
    )
    client.force_login(mentor)

    response = client.post(
        reverse("meetings:cancel", args=[meeting.code]), {"reason": "We stopped."}
    )
    page = client.get(reverse("meetings:pair", args=[pair.code]))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert page.status_code == 200
    assert reverse("meetings:add", args=[pair.code]) not in page.content.decode()
