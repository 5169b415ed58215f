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
