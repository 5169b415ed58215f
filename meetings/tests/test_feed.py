"""A person's private calendar address: the token is the credential, revocable, regenerable."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import CalendarFeed
from meetings.testing import make_held_meeting, make_meeting, make_pair
from people.testing import make_person

pytestmark = pytest.mark.django_db


def test_the_feed_lists_the_persons_sessions_without_signing_in(client, pair, mentor):
    coming = make_meeting(pair)
    held = make_held_meeting(pair, note="CANARY-NOTE", takeaways="CANARY-TAKEAWAY")
    cancelled = make_meeting(pair, starts_at=timezone.now() + timedelta(days=9))
    services.cancel_meeting(meeting=cancelled, by=mentor, reason="CANARY-REASON")
    feed = services.regenerate_feed(person=mentor)

    response = client.get(reverse("meetings:feed", args=[feed.token]))

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "METHOD" not in body  # a published calendar, not an invitation
    assert f"UID:{coming.code}@tandem" in body and f"UID:{held.code}@tandem" in body
    assert f"UID:{cancelled.code}@tandem" not in body
    assert "CANARY" not in body
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_wrong_or_revoked_token_is_a_404(client, pair, mentor):
    make_meeting(pair)
    feed = services.regenerate_feed(person=mentor)
    url = reverse("meetings:feed", args=[feed.token])

    assert client.get(reverse("meetings:feed", args=["not-a-token"])).status_code == 404
    services.revoke_feed(person=mentor)
    assert client.get(url).status_code == 404


def test_regenerating_retires_the_old_address_at_once(client, pair, mentor):
    old = services.regenerate_feed(person=mentor).token
    new = services.regenerate_feed(person=mentor).token

    assert old != new
    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200


def test_a_deactivated_persons_feed_stops(client, pair, mentor):
    feed = services.regenerate_feed(person=mentor)
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])

    assert client.get(reverse("meetings:feed", args=[feed.token])).status_code == 404


def test_the_feed_shows_only_the_persons_own_pairs(client, programme, pair, mentor):
    other_pair = make_pair(programme=programme, mentor=make_person(), mentee=make_person())
    other = make_meeting(other_pair)
    mine = make_meeting(pair)
    feed = services.regenerate_feed(person=mentor)

    body = client.get(reverse("meetings:feed", args=[feed.token])).content.decode()

    assert str(mine.code) in body and str(other.code) not in body


def test_the_calendar_page_creates_regenerates_and_switches_off_the_address(client, mentor):
    client.force_login(mentor)
    url = reverse("meetings:calendar")

    assert "Create my calendar address" in client.get(url).content.decode()
    client.post(url, {"action": "regenerate"})
    first = CalendarFeed.objects.get(person=mentor).token
    page = client.get(url).content.decode()
    client.post(url, {"action": "regenerate"})
    second = CalendarFeed.objects.get(person=mentor).token
    client.post(url, {"action": "revoke"})

    assert f"/sessions/calendar/{first}.ics" in page
    assert first != second
    assert not CalendarFeed.objects.exists()
