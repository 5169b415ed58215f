"""The pair's page: members see everything they share; HR counts only; others a 404."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Agreement
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from people.testing import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_members_see_each_other_their_agreement_and_their_timeline(client, request, pair, who):
    coming = make_meeting(pair)
    held = make_held_meeting(pair)
    to_log = make_meeting(pair, starts_at=timezone.now() - timedelta(days=2))
    Agreement.objects.create(pair=pair, mentor_teaches="Prompting", mentee_teaches="Budgets")
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("meetings:pair", args=[pair.code]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Zoé Junior" in page and "Marc Senior" in page
    assert "Prompting" in page and "Budgets" in page
    assert [m.pk for m in response.context["coming"]] == [coming.pk]
    assert [m.pk for m in response.context["to_log"]] == [to_log.pk]
    assert [m.pk for m in response.context["past"]] == [held.pk]
    assert reverse("meetings:invitation", args=[coming.code]) in page


def test_hr_sees_the_status_and_counts_and_nothing_the_pair_wrote(client, pair, hr_admin, mentor):
    make_meeting(pair)
    make_held_meeting(pair, duration_minutes=45, takeaways="CANARY-TAKEAWAY", note="CANARY-NOTE")
    make_held_meeting(pair, days_ago=30, duration_minutes=60, feedback_by=(mentor,))
    cancelled = make_meeting(pair)
    services.cancel_meeting(meeting=cancelled, by=mentor, reason="CANARY-REASON")
    Agreement.objects.create(pair=pair, mentor_teaches="CANARY-AGREEMENT")
    client.force_login(hr_admin)

    response = client.get(reverse("meetings:pair", args=[pair.code]))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"] == {
        "planned": 1,
        "held": 2,
        "cancelled": 1,
        "held_minutes": 105,
        "last_held_at": pair.meetings.held().order_by("-starts_at")[0].starts_at,
    }
    assert "105 minutes" in page
    assert "CANARY" not in page
    assert "learned something" not in page
    assert "coming" not in response.context


@pytest.mark.parametrize("persona", ["executive", "outsider"])
def test_executives_and_other_employees_get_a_404(client, request, pair, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("meetings:pair", args=[pair.code])).status_code == 404


def test_a_proposed_pair_is_not_shown_to_its_future_members(client, programme, mentor, mentee):
    proposed = make_pair(programme=programme, mentor=mentor, mentee=mentee, status="proposed")
    client.force_login(mentor)

    assert client.get(reverse("meetings:pair", args=[proposed.code])).status_code == 404


def test_the_pairing_page_links_to_the_sessions(client, pair, mentor, hr_admin):
    for person in (mentor, hr_admin):
        client.force_login(person)
        page = client.get(reverse("pairing:pair", args=[pair.code])).content.decode()
        assert reverse("meetings:pair", args=[pair.code]) in page


def test_times_show_in_the_readers_zone_across_the_weeks_only_america_has_changed(
    client, pair, mentor, mentee
):
    # 16 March 2030: New York is on summer time since the 10th, Paris not before the 31st.
    mentee.time_zone = "America/New_York"
    mentee.save(update_fields=["time_zone"])
    with time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC), tick=False):
        meeting = make_meeting(
            pair,
            starts_at=services.at_local_time(date(2030, 3, 16), time(10), services.zone_of(mentee)),
        )
        client.force_login(mentor)
        paris = client.get(reverse("meetings:pair", args=[pair.code])).content.decode()
        client.force_login(mentee)
        new_york = client.get(reverse("meetings:pair", args=[pair.code])).content.decode()

    assert meeting.starts_at == datetime(2030, 3, 16, 14, tzinfo=UTC)
    assert (
        '<time datetime="2030-03-16T15:00:00+01:00">Saturday 16 March 2030 at 15:00</time>' in paris
    )
    assert (
        '<time datetime="2030-03-16T10:00:00-04:00">Saturday 16 March 2030 at 10:00</time>'
        in new_york
    )
    # Each reader's zone named as the picker names it, with its offset on that day (1 March).
    assert "Times are shown in your time zone, Paris · France · UTC+01:00." in paris
    assert (
        "Times are shown in your time zone, New York · United States of America · UTC−05:00."
        in new_york
    )


def test_members_write_their_agreement_both_ways(client, pair, mentee):
    client.force_login(mentee)

    response = client.post(
        reverse("meetings:agreement", args=[pair.code]),
        {
            "mentor_teaches": "Generative AI for memos",
            "mentor_learns": "How the board decides",
            "mentee_learns": "Prompting",
            "mentee_teaches": "Negotiation",
            "cadence": "every_2_weeks",
            "channel": "video",
            "channel_details": "Teams",
        },
    )

    assert response.status_code == 302
    agreement = Agreement.objects.get(pair=pair)
    assert (agreement.mentor_learns, agreement.mentee_teaches) == (
        "How the board decides",
        "Negotiation",
    )
    assert (agreement.cadence, agreement.updated_by) == ("every_2_weeks", mentee)


def test_the_pair_page_costs_the_same_queries_with_many_sessions(
    client, pair, mentor, mentee, django_assert_max_num_queries
):
    client.force_login(mentor)
    url = reverse("meetings:pair", args=[pair.code])
    make_meeting(pair)
    client.get(url)  # warm the session and the language

    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for days in range(1, 30):
        make_held_meeting(pair, days_ago=days, feedback_by=(mentor, mentee), note="n")
        make_meeting(pair, starts_at=timezone.now() + timedelta(days=days))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert len(response.context["past"]) == 29 and len(response.context["coming"]) == 30


def test_the_hr_view_and_my_sessions_cost_a_few_queries(
    client, programme, pair, hr_admin, mentor, django_assert_max_num_queries
):
    for days in range(1, 20):
        make_held_meeting(pair, days_ago=days)
    for _ in range(5):
        other = make_pair(programme=programme, mentor=make_person(), mentee=make_person())
        make_meeting(other)
    client.force_login(hr_admin)
    client.get(reverse("meetings:pair", args=[pair.code]))
    with django_assert_max_num_queries(6):
        client.get(reverse("meetings:pair", args=[pair.code]))
    client.force_login(mentor)
    client.get(reverse("meetings:mine"))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("meetings:mine"))
    assert len(response.context["rows"]) == 1


def test_my_sessions_lists_my_pairs_with_the_next_session_and_what_waits_for_me(
    client, pair, mentor, mentee, hr_admin, executive
):
    coming = make_meeting(pair, starts_at=timezone.now() + timedelta(days=4))
    make_meeting(pair, starts_at=timezone.now() + timedelta(days=30))
    make_meeting(pair, starts_at=timezone.now() - timedelta(days=1))  # to log
    make_held_meeting(pair, feedback_by=(mentee,))  # the mentor's feedback is due
    earlier = make_running_programme(
        hr_admin=hr_admin, executive=executive, name="First edition", slug="first-edition"
    )
    ended = make_pair(programme=earlier, mentor=mentor, mentee=make_person(name="Anne Senior"))
    ended.status, ended.ended_at, ended.end_reason = "ended", timezone.now(), "other"
    ended.save()
    client.force_login(mentor)

    response = client.get(reverse("meetings:mine"))

    rows = response.context["rows"]
    assert [row["other"].name for row in rows] == ["Marc Senior", "Anne Senior"]
    first = rows[0]["pair"]
    assert (first.next_at, first.to_log, first.feedback_due) == (coming.starts_at, 1, True)
    page = response.content.decode()
    assert "1 session to log" in page and "feedback to give" in page
    client.force_login(mentee)
    marc = client.get(reverse("meetings:mine")).context["rows"][0]["pair"]
    assert marc.feedback_due is False
