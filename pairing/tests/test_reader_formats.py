"""Issue 12, item 4, on HR's pairing pages and the introductions: weights and a round's
progress as percentages (“60 %” in French), a round's moment in words, the match quality on
its scale and the topics a pair shares as lists in the reader's language."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from common.testing import NBSP
from pairing import services
from pairing.models import PairingRound
from people.models import User

pytestmark = pytest.mark.django_db

RUN_AT = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)  # 10:30 in Paris, HR's zone

EXPECTED = {
    "en": {
        "started": "started 1 March 2027 at 10:30",
        "weights": "complementarity 60%, affinity 20%, diversity 20%",
        "scale": "out of 100: strong 70–100, good 50–69, fair 30–49 and weak 0–29",
        "progress": "30% · ",
        "published": ">1 March 2027</time>",
    },
    "fr": {
        "started": "lancé le 1er mars 2027 à 10:30",
        "weights": f"complémentarité 60{NBSP}%, affinité 20{NBSP}%, diversité 20{NBSP}%",
        "scale": f"sur 100{NBSP}: solide 70–100, bon 50–69, correct 30–49 et faible 0–29",
        "progress": f"30{NBSP}% · ",
        "published": ">1er mars 2027</time>",
    },
}


def text(response) -> str:
    return re.sub(r"[ \t\n]+", " ", unescape(response.content.decode()))  # keeps no-break spaces


@pytest.fixture
def gives_back(programme, cohort, mentor, mentee):
    """Zoé wants to learn strategy, which Marc can give back: they share two topics."""
    strategy = programme.topics.get(slug="strategy")
    cohort[mentor.email].return_topics.add(strategy)
    cohort[mentee.email].return_topics.add(strategy)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_hr_reads_a_round_and_its_pairs_in_their_format(
    client, programme, cohort, gives_back, hr_admin, language
):
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language)
    expected = EXPECTED[language]
    with time_machine.travel(RUN_AT, tick=False):
        services.start_round(
            programme=programme,
            by=hr_admin,
            run_now=True,
            weights={"complementarity": 60, "affinity": 20, "diversity": 20},
        )
        client.force_login(hr_admin)
        done = text(client.get(reverse("pairing:round", args=[programme.code])))
        services.publish(programme=programme, by=hr_admin, notify=False)
        published = text(client.get(reverse("pairing:published", args=[programme.code])))
        PairingRound.objects.create(
            programme=programme, status=PairingRound.Status.RUNNING, progress=30
        )
        running = text(client.get(reverse("pairing:round", args=[programme.code])))

    assert expected["started"] in done
    assert expected["weights"] in done
    assert expected["scale"] in done
    assert expected["published"] in published
    assert expected["scale"] in published
    assert expected["progress"] in running


def test_each_member_reads_the_shared_topics_as_a_list_in_their_language(
    programme, cohort, gives_back, hr_admin, mentor, mentee, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=mentor.pk).update(preferred_language="fr")
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(programme=programme, by=hr_admin)

    to_zoe = next(message for message in mail.outbox if message.to == [mentor.email])
    to_marc = next(message for message in mail.outbox if message.to == [mentee.email])
    assert f"Vos thèmes communs{NBSP}: IA générative et Stratégie." in to_zoe.body
    assert (
        f"Vous pouvez transmettre{NBSP}: IA générative (votre niveau{NBSP}: 4 sur 4)."
        in to_zoe.body
    )
    assert "Your shared topics: Generative AI and Strategy." in to_marc.body
