"""The demo gains a running programme with published pairs and a round waiting for review."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from pairing.models import Pair, PairingRound
from programmes.testing import ensure_seeded_topics

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


def test_the_demo_pairs_mentor_and_mentee_and_leaves_a_round_to_review():
    ensure_seeded_topics()  # an earlier transactional test may have flushed them

    output = seed()

    running = Pair.objects.active().filter(programme__slug="csr-sustainability")
    assert running.count() >= 6
    assert running.filter(
        mentor_person__email="mentor@example.com", mentee_person__email="mentee@example.com"
    ).exists()
    assert all(pair.published_at.date() < pair.programme.start_on for pair in running)
    review = PairingRound.objects.get(programme__slug="executive-committee")
    assert review.status == PairingRound.Status.DONE
    proposals = Pair.objects.proposed().filter(programme__slug="executive-committee")
    assert proposals.count() == review.paired_count > 0
    assert not Pair.objects.proposed().filter(programme__slug="csr-sustainability").exists()
    assert "published in csr-sustainability" in output
    assert mail.outbox == []  # the demo introduces nobody

    before = set(Pair.objects.values_list("pk", "status"))
    again = next(line for line in seed().splitlines() if "Pairs:" in line)
    assert again.endswith("(0 new)")
    assert set(Pair.objects.values_list("pk", "status")) == before
    assert PairingRound.objects.count() == 2


def test_the_demo_s_pairs_explain_themselves_truthfully_in_both_languages(client):
    """No pair of the demo is called alike when its members differ, or without a topic in
    common when they share one; the finished programmes' pairs store their true score."""
    from django.urls import reverse

    from pairing import facts
    from pairing.exchange import exchange
    from people.models import User

    ensure_seeded_topics()
    seed()
    client.force_login(User.objects.get(email="hr@example.com"))
    programmes = {pair.programme for pair in Pair.objects.published().select_related("programme")}
    assert len(programmes) >= 3
    for programme in programmes:
        pairs = list(
            Pair.objects.published()
            .filter(programme=programme)
            .select_related("mentor_person", "mentee_person")
        )
        facts.attach(pairs, programme)
        for pair in pairs:
            codes = {item["code"] for item in pair.facts.weak}
            mentor, mentee = pair.mentor_person, pair.mentee_person
            if (
                mentor.department_id != mentee.department_id
                or mentor.generation != mentee.generation
            ):
                assert "same_profile" not in codes or all(
                    getattr(mentor, c) == getattr(mentee, c)
                    for item in pair.facts.weak
                    if item["code"] == "same_profile"
                    for c in item["params"]["criteria"]
                )
            if exchange(pair).shared:
                assert "no_topic_in_common" not in codes, pair
            if pair.status == Pair.Status.ENDED or pair.programme.status != "running":
                assert pair.score == pair.facts.score, pair  # stored by the demo, true
        by_mentee = {pair.mentee_person.email: pair for pair in pairs}
        for language, alike, none in (
            ("en", "no diversity", "no topic in common"),
            ("fr", "aucune diversité", "aucun sujet en commun"),
        ):
            html = client.get(
                reverse("pairing:published", args=[programme.code]), HTTP_ACCEPT_LANGUAGE=language
            ).content.decode()
            for row in html.split('data-testid="active-pair"')[1:]:
                row = row.split("</tr>")[0]
                pair = by_mentee[row.split('data-mentee="')[1].split('"')[0]]
                mentor, mentee = pair.mentor_person, pair.mentee_person
                if (mentor.department_id, mentor.generation) != (
                    mentee.department_id,
                    mentee.generation,
                ):
                    assert alike not in row, (programme.slug, language, pair)
                if exchange(pair).shared:
                    assert none not in row, (programme.slug, language, pair)
