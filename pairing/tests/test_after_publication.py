"""After publication: end a pair with a reason, re-pair whoever is left alone with the solver."""

import pytest
from django.core.exceptions import ValidationError

from pairing import matching, services
from pairing.models import Pair, PairingRound, UnpairedReason
from pairing.testing import Role, approve
from people.testing import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(programme, cohort, hr_admin) -> dict[str, Pair]:
    """The three pairs of the cohort, published, by mentee email."""
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    pairs = services.publish(programme=programme, by=hr_admin, notify=False)
    return {pair.mentee_person.email: pair for pair in pairs}


def test_ending_a_pair_records_why_who_and_when(published, hr_admin):
    pair = published["mentee@example.com"]

    ended = services.end_pair(
        pair=pair, by=hr_admin, reason=Pair.EndReason.POOR_FIT, note="  Little in common.  "
    )

    assert ended.status == Pair.Status.ENDED
    assert ended.ended_by == hr_admin and ended.ended_at is not None
    assert (ended.end_reason, ended.end_note) == (Pair.EndReason.POOR_FIT, "Little in common.")


def test_ending_a_pair_needs_a_reason_and_words_for_another_reason(published, hr_admin):
    pair = published["mentee@example.com"]

    with pytest.raises(ValidationError) as unknown:
        services.end_pair(pair=pair, by=hr_admin, reason="bored")
    with pytest.raises(ValidationError) as silent:
        services.end_pair(pair=pair, by=hr_admin, reason=Pair.EndReason.OTHER, note=" ")

    assert "reason" in unknown.value.message_dict and "note" in silent.value.message_dict
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE


def test_a_pair_ends_once(published, hr_admin):
    pair = published["mentee@example.com"]
    services.end_pair(pair=pair, by=hr_admin, reason=Pair.EndReason.LEFT)

    with pytest.raises(services.PairingRefused, match="not active"):
        services.end_pair(pair=pair, by=hr_admin, reason=Pair.EndReason.LEFT)


def test_both_members_of_an_ended_pair_are_left_alone(published, hr_admin):
    services.end_pair(pair=published["mentee@example.com"], by=hr_admin, reason="poor_fit")

    assert [
        e.person.email for e in services.left_alone(published["mentee@example.com"].programme)
    ] == [
        "mentee@example.com",  # Marc Senior
        "mentor@example.com",  # Zoé Junior
    ]


def test_a_mentee_left_alone_is_re_paired_from_the_places_that_remain(
    programme, published, hr_admin
):
    # Ugo has a second place; Zoé and Marc part.
    ugo = published["paul@example.com"].mentor
    ugo.capacity = 2
    ugo.save(update_fields=["capacity"])
    services.end_pair(pair=published["mentee@example.com"], by=hr_admin, reason="poor_fit")
    marc = published["mentee@example.com"].mentee
    # HR also forbids Zoé and Marc from being paired again.
    services.forbid_pair(
        pair=Pair.objects.create(
            programme=programme,
            mentor=published["mentee@example.com"].mentor,
            mentee=marc,
            mentor_person=published["mentee@example.com"].mentor_person,
            mentee_person=marc.person,
        ),
        by=hr_admin,
    )

    pairing_round = services.repair(enrolment=marc, by=hr_admin, run_now=True)

    assert pairing_round.scope == PairingRound.Scope.ONE_PERSON
    assert pairing_round.status == PairingRound.Status.DONE
    proposal = Pair.objects.proposed().get()
    assert (proposal.mentor, proposal.mentee) == (ugo, marc)
    services.publish(programme=programme, by=hr_admin, notify=False)
    assert Pair.objects.active().filter(mentor=ugo).count() == 2
    assert Pair.objects.active().count() == 3  # the two others untouched


def test_a_mentor_left_alone_is_re_paired_with_a_mentee_without_a_pair(
    programme, published, hr_admin, cohort
):
    late = make_person(email="late@example.com", name="Léa Senior", grade=17)
    newcomer = approve(programme, late, Role.MENTEE, {"generative-ai": 2})
    services.end_pair(pair=published["mentee@example.com"], by=hr_admin, reason="left")
    zoe = cohort["mentor@example.com"]

    services.repair(enrolment=zoe, by=hr_admin, run_now=True)

    # Marc, whose pair ended, and Léa, who came late, both lack a pair: the solver picks.
    proposal = Pair.objects.proposed().get()
    assert proposal.mentor == zoe
    assert proposal.mentee in {newcomer, cohort["mentee@example.com"]}


def test_nobody_to_re_pair_is_told_why(programme, published, hr_admin):
    services.end_pair(pair=published["mentee@example.com"], by=hr_admin, reason="left")
    marc = published["mentee@example.com"].mentee
    zoe = published["mentee@example.com"].mentor
    zoe.status = "withdrawn"
    zoe.withdrawn_at = zoe.submitted_at
    zoe.save(update_fields=["status", "withdrawn_at"])

    pairing_round = services.repair(enrolment=marc, by=hr_admin, run_now=True)

    assert pairing_round.paired_count == 0 and not Pair.objects.proposed().exists()
    why = UnpairedReason.objects.get(round=pairing_round)
    assert why.enrolment == marc
    assert why.reasons[0]["code"] == matching.MENTORS_FULL
    with pytest.raises(services.PairingRefused, match="no longer approved"):
        services.repair(enrolment=zoe, by=hr_admin)


def test_someone_still_paired_is_not_re_paired(published, hr_admin):
    pair = published["mentee@example.com"]

    with pytest.raises(services.PairingRefused, match="already has an active pair"):
        services.repair(enrolment=pair.mentee, by=hr_admin)
    with pytest.raises(services.PairingRefused, match="no place left"):
        services.repair(enrolment=pair.mentor, by=hr_admin)


def test_a_new_round_on_a_running_programme_leaves_published_pairs_alone(
    programme, published, hr_admin
):
    services.end_pair(pair=published["anne@example.com"], by=hr_admin, reason="left")

    pairing_round = services.start_round(programme=programme, by=hr_admin, run_now=True)

    assert pairing_round.mentee_count == 1  # Anne only
    assert Pair.objects.active().count() == 2
    proposal = Pair.objects.proposed().get()
    assert proposal.mentee_person.email == "anne@example.com"
    assert proposal.mentor_person.email == "yann@example.com"
