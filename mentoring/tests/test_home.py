"""The home page is a to-do list for mentors and mentees: the next session in their zone,
where or the video link, its invitation, then what is due, each a link; its query count
does not grow with the number of pairs and sessions."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Agreement
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from people.testing import make_person
from programmes.models import Programme

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 7, 9, tzinfo=UTC)


@pytest.fixture
def programme(hr_admin, executive):
    return make_running_programme(hr_admin=hr_admin, executive=executive)


def test_the_mentor_sees_the_next_session_in_their_zone_and_what_is_due(
    client, programme, mentor, mentee
):
    mentor.time_zone = "America/New_York"
    mentor.save()
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    with time_machine.travel(NOW, tick=False):
        coming = make_meeting(
            pair,
            starts_at=NOW + timedelta(days=2, hours=6),
            video_link="https://meet.example.com/abc",
        )
        to_log = make_meeting(pair, starts_at=NOW - timedelta(days=3))
        held = make_held_meeting(pair, days_ago=10)
        client.force_login(mentor)
        page = client.get(reverse("home"))

    html = page.content.decode()
    assert "Wednesday 9 January 2030 at 10:00" in html  # 15:00 UTC in New York
    assert "Your time zone: New York · United States of America · UTC−05:00." in html
    assert "https://meet.example.com/abc" in html
    assert reverse("meetings:invitation", args=[coming.code]) in html
    due = page.context["sections"][0].context["due"]
    assert [(item.kind, item.link) for item in due] == [
        ("log", reverse("meetings:log", args=[to_log.code])),
        ("feedback", reverse("meetings:feedback", args=[held.code])),
        ("agreement", reverse("meetings:agreement", args=[pair.code])),
    ]
    assert "Log your session with Marc Senior" in html


def test_a_french_mentor_reads_the_next_session_and_what_is_due_in_french_words(
    client, programme, mentor, mentee
):
    mentor.time_zone, mentor.preferred_language = "America/New_York", "fr"
    mentor.save()
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    with time_machine.travel(NOW, tick=False):
        make_meeting(pair, starts_at=NOW + timedelta(days=2, hours=6))
        make_meeting(pair, starts_at=NOW - timedelta(days=6))  # 1 January, 04:00 in New York
        client.force_login(mentor)
        html = client.get(reverse("home")).content.decode()

    assert ">Mercredi 9 janvier 2030 à 10:00</time>" in html
    assert "Votre fuseau horaire\u00a0: New York · États-Unis d&#x27;Amérique · UTC−05:00." in html
    assert '<span class="small text-body-secondary text-nowrap">1er janvier</span>' in html


def test_nothing_is_asked_on_an_ended_programme(client, programme, mentor, mentee):
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    make_held_meeting(pair, days_ago=10)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    client.force_login(mentor)

    page = client.get(reverse("home"))

    assert page.context["sections"][0].context["due"] == []
    assert 'data-testid="nothing-due"' in page.content.decode()


def test_someone_in_no_pair_gets_no_to_do_list(client, outsider):
    client.force_login(outsider)

    page = client.get(reverse("home"))

    assert 'data-testid="pair-todo"' not in page.content.decode()


def _queries(client, person) -> int:
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_home_page_query_count_is_constant_in_pairs_and_sessions(
    client, hr_admin, executive, mentor
):
    programmes = [
        make_running_programme(hr_admin=hr_admin, executive=executive, slug=f"p{n}")
        for n in range(5)
    ]
    with time_machine.travel(NOW, tick=False):
        first = make_pair(programme=programmes[0], mentor=mentor, mentee=make_person())
        make_meeting(first, starts_at=NOW + timedelta(days=1))
        make_held_meeting(first, days_ago=3)
        one_pair = _queries(client, mentor)
        for programme in programmes[1:]:
            pair = make_pair(programme=programme, mentor=mentor, mentee=make_person())
            Agreement.objects.create(pair=pair)
            for days in range(1, 12):
                make_meeting(pair, starts_at=NOW + timedelta(days=days * 3, hours=days))
            make_meeting(pair, starts_at=NOW - timedelta(days=2))
            make_held_meeting(pair, days_ago=5)
        five_pairs = _queries(client, mentor)

    assert five_pairs == one_pair
