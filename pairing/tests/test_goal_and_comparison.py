"""HR chooses the goal of a round (as many pairs as possible, or only pairs of at least a
given quality), compares a round with the proposals it replaced, and may go back to them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from pairing import services
from pairing.models import Pair, PairConstraint, PairingRound, ReplacedProposal

pytestmark = pytest.mark.django_db


def proposals() -> dict[tuple[str, str], int]:
    return {
        (pair.mentor_person.email, pair.mentee_person.email): pair.score
        for pair in Pair.objects.proposed().select_related("mentor_person", "mentee_person")
    }


def run(client, programme, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("pairing:run", args=[programme.code]), data)


WEIGHTS = {"complementarity": 50, "affinity": 25, "diversity": 25}


def test_hr_asks_for_pairs_of_at_least_a_given_quality_and_reads_who_is_left_out_and_why(
    client, programme, cohort, hr_admin, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)
    run(client, programme, django_capture_on_commit_callbacks, **WEIGHTS)
    scores = sorted(proposals().values())
    floor = scores[0] + 1  # the weakest pair of "as many as possible" falls below it

    response = run(
        client,
        programme,
        django_capture_on_commit_callbacks,
        **WEIGHTS,
        goal="quality",
        min_score=floor,
    )

    last = PairingRound.objects.latest()
    assert (last.goal, last.min_score, last.status) == ("quality", floor, "done")
    assert len(proposals()) == len(scores) - 1
    assert all(score >= floor for score in proposals().values())
    html = client.get(response["Location"]).content.decode()
    assert f"only pairs scoring at least {floor}" in html
    assert f"the pair would score below {floor}, the lowest score accepted in this round" in html


def test_the_quality_goal_needs_its_lowest_score(client, programme, cohort, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("pairing:run", args=[programme.code]), {**WEIGHTS, "goal": "quality"}
    )

    assert response.status_code == 400
    assert "Give the lowest score a pair may have, from 1 to 100." in response.content.decode()
    assert not PairingRound.objects.exists()


def test_a_second_round_is_compared_with_the_proposals_it_replaced_and_hr_can_go_back(
    client, programme, cohort, hr_admin, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)
    run(client, programme, django_capture_on_commit_callbacks, **WEIGHTS)
    first = proposals()
    assert services.comparison(programme) is None  # nothing to compare the first round with
    # HR forbids a pair, then asks for better pairs only: a pair breaks, someone is left out.
    services.forbid_pair(
        pair=Pair.objects.proposed().get(mentor_person__email="mentor@example.com"), by=hr_admin
    )
    floor = min(first.values()) + 1
    run(
        client,
        programme,
        django_capture_on_commit_callbacks,
        **WEIGHTS,
        goal="quality",
        min_score=floor,
    )
    second = proposals()
    # What the second round replaced: the first round's proposals, minus the forbidden one.
    forbidden = ("mentor@example.com", "mentee@example.com")
    first = {pair: score for pair, score in first.items() if pair != forbidden}

    comparison = services.comparison(programme)

    kept = set(first) & set(second)
    assert (comparison.pairs_before, comparison.pairs_now) == (len(first), len(second))
    assert comparison.kept == len(kept)
    assert comparison.broken.total == len(set(first) - kept) >= 1
    assert comparison.new == len(set(second) - kept)
    left_out = {e for _r, e in first} - {e for _r, e in second}
    assert {e.person.email for e in comparison.left_out.shown} == left_out
    assert comparison.average_before == round(sum(first.values()) / len(first), 1)
    assert comparison.average_now == round(sum(second.values()) / len(second), 1)
    assert comparison.before.weights == WEIGHTS
    html = client.get(reverse("pairing:round", args=[programme.code])).content.decode()
    assert "What this round changed" in html and 'data-testid="broken">' in html

    response = client.post(reverse("pairing:go_back", args=[programme.code]))

    assert response.status_code == 302
    assert proposals() == first
    assert PairConstraint.objects.filter(kind="forbidden").count() == 1
    assert services.comparison(programme).went_back
    html = client.get(reverse("pairing:round", args=[programme.code])).content.decode()
    assert "You went back to the proposals made before this round" in html
    again = client.post(reverse("pairing:go_back", args=[programme.code]), follow=True)
    assert "You have already gone back to the earlier proposals." in again.content.decode()


def test_going_back_is_refused_once_pairs_are_published(
    programme, cohort, hr_admin, django_capture_on_commit_callbacks
):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.start_round(
        programme=programme,
        by=hr_admin,
        weights={"complementarity": 10, "affinity": 0, "diversity": 90},
        run_now=True,
    )
    assert ReplacedProposal.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(programme=programme, by=hr_admin)

    assert services.comparison(programme) is None
    with pytest.raises(services.PairingRefused, match="published since this round"):
        services.go_back(programme=programme, by=hr_admin)


def test_run_pairing_takes_the_goal(programme, cohort):
    out = StringIO()
    call_command("run_pairing", "digital-acculturation", "--json", stdout=out)
    floor = min(pair["score"] for pair in json.loads(out.getvalue())["pairs"]) + 1
    out = StringIO()

    call_command(
        "run_pairing", "digital-acculturation", "--json", "--min-score", str(floor), stdout=out
    )

    result = json.loads(out.getvalue())
    assert (result["goal"], result["min_score"]) == ("quality", floor)
    assert result["pairs"] and all(pair["score"] >= floor for pair in result["pairs"])
    assert any(
        reason["code"] == "below_quality_floor"
        for person in result["unpaired"]
        for reason in person["reasons"]
    )
