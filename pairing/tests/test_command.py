"""`manage.py run_pairing PROGRAMME_SLUG [--publish] [--json]`: the same round as HR's."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from pairing.models import Pair, PairingRound
from pairing.testing import Role, approve
from people.testing import make_person

pytestmark = pytest.mark.django_db


def run_pairing(*args: str) -> str:
    out = StringIO()
    call_command("run_pairing", *args, stdout=out)
    return out.getvalue()


def test_json_gives_the_same_pairs_as_the_round_hr_runs_in_the_browser(
    client, programme, cohort, hr_admin, django_capture_on_commit_callbacks
):
    german = make_person(email="greta@example.com", name="Greta Senior", grade=15)
    approve(programme, german, Role.MENTEE, {"generative-ai": 1}, languages=["de"])
    client.force_login(hr_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("pairing:run", args=[programme.code]),
            {"complementarity": 50, "affinity": 25, "diversity": 25},
        )
    from_the_page = {
        (pair.mentor_person.email, pair.mentee_person.email, pair.score)
        for pair in Pair.objects.proposed().select_related("mentor_person", "mentee_person")
    }

    result = json.loads(run_pairing("digital-acculturation", "--json"))

    assert {(p["mentor"], p["mentee"], p["score"]) for p in result["pairs"]} == from_the_page
    assert len(from_the_page) == 3
    assert result["published"] is False
    assert PairingRound.objects.count() == 2
    zoe = next(p for p in result["pairs"] if p["mentor"] == "mentor@example.com")
    assert zoe["reasons"][0] == {
        "code": "teaches_priority",
        "params": {
            "topic": programme.topics.get(slug="generative-ai").pk,
            "level": 4,
            "priority": 1,
        },
        "text": "Teaches Generative AI at level 4 of 4, the mentee's first priority.",
    }
    greta = next(p for p in result["unpaired"] if p["email"] == "greta@example.com")
    assert greta["role"] == "mentee"
    assert greta["reasons"][0]["code"] == "no_shared_language"
    assert greta["reasons"][0]["text"] == "No mentor shares a language with them."


def test_the_reasons_come_in_the_language_asked_for(programme, cohort):
    result = json.loads(run_pairing("digital-acculturation", "--json", "--language", "fr"))

    texts = [reason["text"] for pair in result["pairs"] for reason in pair["reasons"]]
    assert any("IA générative" in text for text in texts)


def test_publish_makes_the_pairs_active_and_introduces_everyone(
    programme, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = json.loads(run_pairing("digital-acculturation", "--publish", "--json"))

    assert result["published"] is True
    assert Pair.objects.active().count() == 3 == len(result["pairs"])
    assert len(mail.outbox) == 6


def test_without_json_it_prints_one_line_per_pair_and_a_summary(programme, cohort):
    output = run_pairing("digital-acculturation", "--weights", "70,10,20")

    assert "mentor@example.com → mentee@example.com" in output
    assert "3 pairs proposed" in output
    assert PairingRound.objects.get().weights == {
        "complementarity": 70,
        "affinity": 10,
        "diversity": 20,
    }


def test_an_unknown_programme_or_bad_weights_are_refused(programme, cohort):
    with pytest.raises(CommandError, match="no programme with the short name"):
        run_pairing("nowhere")
    with pytest.raises(CommandError, match="three whole numbers"):
        run_pairing("digital-acculturation", "--weights", "1,2")


def test_a_programme_not_ready_for_pairing_is_refused(programme, cohort):
    programme.status = "enrolment_open"
    programme.save(update_fields=["status"])

    with pytest.raises(CommandError, match="pairs are made once enrolment has closed"):
        run_pairing("digital-acculturation")
