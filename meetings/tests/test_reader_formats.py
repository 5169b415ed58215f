"""Issue 12, item 4, on the sessions' pages: a session's moment in words in the reader's
time zone, the zone named as the picker names it (never "Europe/Paris"), HR's counts
grouped (“1 260 minutes” in French) and a clash told with its day in words."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from common.testing import NBSP
from meetings.models import Meeting
from meetings.testing import make_held_meeting, make_meeting
from people.models import User

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 1, 12, tzinfo=UTC)
SESSION = datetime(2030, 3, 16, 14, tzinfo=UTC)  # 15:00 in Paris, 10:00 in Toronto

EXPECTED = {
    "en": {
        "next": "Next session: Saturday 16 March 2030 at 15:00",
        "coming": '">Saturday 16 March 2030 at 15:00</time>',
        "zone": "Times are shown in your time zone, Paris · France · UTC+01:00.",
        "help": "In your time zone, Paris · France · UTC+01:00.",
        "clash": "Zoé Junior already has a session on Saturday 16 March 2030 from 15:00 to 16:00.",
        "minutes": "1,260 minutes",
        "last": '">28 February 2030</time>',
    },
    "fr": {
        "next": f"Prochaine séance{NBSP}: samedi 16 mars 2030 à 15:00",
        "coming": '">Samedi 16 mars 2030 à 15:00</time>',
        "zone": "Les horaires sont affichés dans votre fuseau horaire, Paris · France · UTC+01:00.",
        "help": "Dans votre fuseau horaire, Paris · France · UTC+01:00.",
        "clash": "Zoé Junior a déjà une séance le samedi 16 mars 2030 de 15:00 à 16:00.",
        "minutes": f"1{NBSP}260 minutes",
        "last": '">28 février 2030</time>',
    },
}


def text(response) -> str:
    return re.sub(r"[ \t\n]+", " ", unescape(response.content.decode()))  # keeps no-break spaces


def words(html: str) -> str:
    """What the reader reads: the text without its tags."""
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_reads_their_sessions_in_their_language_and_zone(
    client, pair, mentor, mentee, language
):
    User.objects.filter(pk=mentor.pk).update(preferred_language=language)
    User.objects.filter(pk=mentee.pk).update(time_zone="America/Toronto")
    expected = EXPECTED[language]
    with time_machine.travel(NOW, tick=False):
        make_meeting(pair, starts_at=SESSION)
        session = Meeting.objects.get()  # both are busy then: 15:30 clashes
        client.force_login(mentor)
        mine = text(client.get(reverse("meetings:mine")))
        page = text(client.get(reverse("meetings:pair", args=[pair.code])))
        form = text(client.get(reverse("meetings:add", args=[pair.code])))
        clash = text(
            client.post(
                reverse("meetings:add", args=[pair.code]),
                {
                    "day": "2030-03-16",
                    "at": "15:30",
                    "duration_minutes": "30",
                    "mode": "video",
                    "place": "",
                },
            )
        )

    assert session.starts_at == SESSION
    assert expected["next"] in words(mine)
    assert expected["zone"] in mine and "Europe/Paris" not in mine
    assert expected["coming"] in page
    assert expected["zone"] in page
    assert expected["help"] in form
    assert expected["clash"] in clash


@pytest.mark.parametrize("language", ["en", "fr"])
def test_hr_reads_a_pairs_counts_grouped_and_its_last_session_in_words(
    client, pair, hr_admin, language
):
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language)
    expected = EXPECTED[language]
    with time_machine.travel(NOW, tick=False):
        for days_ago in range(1, 22):  # 21 sessions of an hour
            make_held_meeting(pair, days_ago=days_ago, duration_minutes=60)
        client.force_login(hr_admin)
        page = text(client.get(reverse("meetings:pair", args=[pair.code])))

    assert expected["minutes"] in page
    assert expected["last"] in page
