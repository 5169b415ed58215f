"""One rule says what a member of a pair is still asked (`meetings.access.can_change`): the
home page, "My sessions", the pair's page, a session's page and the pairing page of the pair
all agree. A pair that ended, or whose programme ended, is asked nothing; "First steps" is
for a new pair only; no empty heading and no dangling separator."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.testing import make_held_meeting
from pairing.models import Pair
from programmes.models import Programme

pytestmark = pytest.mark.django_db

ASKS = ("feedback to give", "Your feedback is awaited", "Give feedback", "Give your feedback")


def pages(client, pair, meeting) -> dict[str, str]:
    urls = {
        "home": reverse("home"),
        "mine": reverse("meetings:mine"),
        "pair": reverse("meetings:pair", args=[pair.code]),
        "session": reverse("meetings:detail", args=[meeting.code]),
        "pairing": reverse("pairing:pair", args=[pair.code]),
    }
    found = {}
    for name, url in urls.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, name
        found[name] = response.content.decode()
    return found


def finish(pair: Pair, how: str) -> None:
    if how == "programme completed":
        Programme.objects.filter(pk=pair.programme_id).update(status=Programme.Status.COMPLETED)
    else:
        Pair.objects.filter(pk=pair.pk).update(
            status=Pair.Status.ENDED, ended_at=timezone.now(), end_reason=Pair.EndReason.OTHER
        )


@pytest.mark.parametrize("how", ["programme completed", "pair ended"])
def test_a_finished_pair_is_asked_nothing_on_any_page(client, pair, mentor, mentee, how):
    # Zoé gave her feedback on the session; Marc did not.
    meeting = make_held_meeting(pair, days_ago=20, feedback_by=(mentor,))
    finish(pair, how)
    client.force_login(mentee)
    html = pages(client, pair, meeting)
    for name, text in html.items():
        for ask in ASKS:
            assert ask not in text, (name, ask)
    assert "session to log" not in html["mine"]
    assert 'id="feedback-title"' not in html["session"]  # no empty "Feedback" heading
    assert "Waiting for" not in html["pair"] and "You will read" not in html["session"]
    assert not re.search(r"·\s*</div>", html["pair"]), "a dangling separator"
    assert 'data-testid="first-steps"' not in html["pairing"]
    assert "Write to each other this week" not in html["pairing"]
    if how == "programme completed":
        assert "nothing more is asked of you here" in html["pair"]


def test_a_running_pair_is_asked_the_same_thing_on_every_page(client, pair, mentor, mentee):
    meeting = make_held_meeting(pair, days_ago=20, feedback_by=(mentor,))
    client.force_login(mentee)
    html = pages(client, pair, meeting)
    assert "feedback to give" in html["mine"]
    assert "Give your feedback on the session with Zoé Junior" in html["home"]
    assert "Your feedback is awaited" in html["pair"]
    assert 'id="feedback-title"' in html["session"] and "Give feedback" in html["session"]
    assert not re.search(r"·\s*</div>", html["pair"])
    # Past its first session, a pair is no longer new.
    assert 'data-testid="first-steps"' not in html["pairing"]


def test_first_steps_are_for_a_new_pair(client, pair, mentee):
    client.force_login(mentee)
    html = client.get(reverse("pairing:pair", args=[pair.code])).content.decode()
    assert 'data-testid="first-steps"' in html and "Write to each other this week" in html
