"""No double booking when a member adds or moves a session; a timeline that tells the truth;
an ended programme is read-only; a member can ask HR, without blame, to end the pair."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import ExitRequest, Meeting
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from people.testing import make_person
from programmes.models import Programme

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 7, 9, tzinfo=UTC)  # a Monday
TEN = datetime(2030, 1, 9, 9, tzinfo=UTC)  # Wednesday 10:00 in Paris


@pytest.fixture
def second_pair(hr_admin, executive, mentor):
    """The mentor's second mentee, in another programme: clashes are checked across them."""
    other = make_running_programme(hr_admin=hr_admin, executive=executive, slug="csr")
    return make_pair(programme=other, mentor=mentor, mentee=make_person(name="Anne Autre"))


def test_adding_a_session_beside_another_of_the_mentors_is_refused_naming_the_clash(
    pair, second_pair, mentor
):
    make_meeting(second_pair, starts_at=TEN, duration_minutes=90)

    with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError) as refused:
        services.add_meeting(
            pair=pair,
            by=pair.mentee_person,
            starts_at=TEN + timedelta(minutes=30),
            duration_minutes=60,
        )

    message = refused.value.message_dict["day"][0]
    assert (
        "Zoé Junior already has a session on Wednesday 9 January 2030 from 10:00 to 11:30"
        in message
    )
    assert "Anne" not in message  # when, never with whom
    assert Meeting.objects.filter(pair=pair).count() == 0


def test_fifteen_minutes_must_separate_two_sessions_and_are_enough(pair, second_pair):
    make_meeting(second_pair, starts_at=TEN, duration_minutes=60)

    with time_machine.travel(NOW, tick=False):
        with pytest.raises(ValidationError):
            services.add_meeting(
                pair=pair,
                by=pair.mentor_person,
                starts_at=TEN + timedelta(minutes=70),
                duration_minutes=30,
            )
        services.add_meeting(
            pair=pair,
            by=pair.mentor_person,
            starts_at=TEN + timedelta(minutes=75),
            duration_minutes=30,
        )


def test_moving_a_session_onto_another_is_refused_but_it_may_stay_where_it_is(
    client, pair, second_pair, mentor
):
    other = make_meeting(second_pair, starts_at=TEN, duration_minutes=60)
    mine = make_meeting(pair, starts_at=TEN + timedelta(days=1), duration_minutes=60)

    with time_machine.travel(NOW, tick=False):
        client.force_login(mentor)
        response = client.post(
            reverse("meetings:reschedule", args=[mine.code]),
            {"day": "2030-01-09", "at": "10:30", "duration_minutes": "60", "mode": "video"},
        )
        assert response.status_code == 200
        assert "already has a session" in response.content.decode()
        services.reschedule_meeting(
            meeting=mine, by=mentor, starts_at=mine.starts_at, duration_minutes=45
        )
    assert other.pk != mine.pk


def test_a_cancelled_session_to_come_stays_at_its_date_marked_cancelled(client, pair, mentor):
    with time_machine.travel(NOW, tick=False):
        coming = make_meeting(pair, starts_at=TEN)
        later = make_meeting(pair, starts_at=TEN + timedelta(days=14))
        services.cancel_meeting(meeting=coming, by=mentor, reason="Training day")
        client.force_login(mentor)
        page = client.get(reverse("meetings:pair", args=[pair.code]))

    context = page.context
    assert [m.pk for m in context["coming"]] == [coming.pk, later.pk]
    assert context["past"] == []
    html = page.content.decode()
    assert 'data-testid="coming-cancelled"' in html and "Training day" in html


def test_an_ended_programme_is_read_only_and_asks_nothing(client, pair, mentor):
    held = make_held_meeting(pair)
    make_meeting(pair, starts_at=NOW - timedelta(days=1))  # would be "to log"
    Programme.objects.filter(pk=pair.programme_id).update(status=Programme.Status.COMPLETED)
    client.force_login(mentor)

    page = client.get(reverse("meetings:pair", args=[pair.code]))

    html = page.content.decode()
    assert page.context["programme_ended"] and not page.context["can_change"]
    assert page.context["to_log"] == []
    assert 'data-testid="programme-ended"' in html
    for asked in ("Add a session", "Log a session", "Give feedback", "Your feedback is awaited"):
        assert asked not in html
    refused = client.get(reverse("meetings:feedback", args=[held.code]), follow=True)
    assert "This programme has ended" in refused.content.decode()
    with pytest.raises(ValidationError):
        services.save_journal(meeting=Meeting.objects.get(pk=held.pk), by=mentor, text="Late")


def test_a_member_asks_hr_to_end_the_pair_and_only_hr_reads_why(
    client, pair, mentor, mentee, hr_admin
):
    client.force_login(mentee)
    response = client.post(
        reverse("meetings:exit", args=[pair.code]), {"reason": "We never find a slot"}
    )

    assert response.status_code == 302
    request = ExitRequest.objects.get()
    assert (request.by, request.pair) == (mentee, pair)
    assert list(ExitRequest.objects.open()) == [request]
    client.force_login(mentor)
    assert (
        "We never find a slot"
        not in client.get(reverse("meetings:pair", args=[pair.code])).content.decode()
    )
    client.force_login(hr_admin)
    assert (
        "We never find a slot"
        in client.get(reverse("meetings:pair", args=[pair.code])).content.decode()
    )
    pair.status = pair.Status.ENDED
    pair.ended_at, pair.end_reason = NOW, pair.EndReason.POOR_FIT
    pair.save()
    assert list(ExitRequest.objects.open()) == []


def test_an_empty_reason_is_refused_next_to_the_field(client, pair, mentee):
    client.force_login(mentee)

    response = client.post(reverse("meetings:exit", args=[pair.code]), {"reason": " "})

    assert response.status_code == 200 and not ExitRequest.objects.exists()
    assert response.context["form"].errors["reason"]


def test_a_planned_session_moved_off_a_holiday_says_so_on_the_pairs_page(client, pair, mentor):
    with time_machine.travel(NOW, tick=False):
        moved = make_meeting(
            pair,
            starts_at=datetime(2030, 5, 2, 8, tzinfo=UTC),
            planned_for=date(2030, 5, 1),
            moved_because="holiday",
        )
        client.force_login(mentor)
        html = client.get(reverse("meetings:pair", args=[pair.code])).content.decode()

    assert moved.moved_reasons == ["holiday"]
    assert "rather than on Wednesday 1 May: a public holiday for one of you" in html
