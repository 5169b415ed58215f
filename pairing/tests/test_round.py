"""A round of the approved volunteers: proposals, locks kept, forbidden pairs respected."""

import pytest
from django.core.exceptions import PermissionDenied

from enrolments.models import Enrolment
from pairing import matching, services
from pairing.models import Pair, PairConstraint, PairingRound, UnpairedReason
from pairing.testing import Role, approve
from people.testing import make_person
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def proposals(programme: Programme) -> set[tuple[str, str]]:
    return set(
        Pair.objects.proposed()
        .filter(programme=programme)
        .values_list("mentor_person__email", "mentee_person__email")
    )


def run(programme: Programme, by, **options) -> PairingRound:
    return services.start_round(programme=programme, by=by, run_now=True, **options)


def test_a_round_proposes_the_optimal_pairs_with_scores_and_reasons(programme, cohort, hr_admin):
    pairing_round = run(programme, hr_admin)

    assert pairing_round.status == PairingRound.Status.DONE
    assert pairing_round.progress == 100
    assert (pairing_round.mentor_count, pairing_round.mentee_count) == (3, 3)
    assert pairing_round.paired_count == 3 and pairing_round.unpaired_count == 0
    assert proposals(programme) == {
        ("mentor@example.com", "mentee@example.com"),
        ("yann@example.com", "anne@example.com"),
        ("ugo@example.com", "paul@example.com"),
    }
    pair = Pair.objects.get(mentee=cohort["mentee@example.com"])
    assert pair.status == Pair.Status.PROPOSED and pair.round == pairing_round
    assert 0 < pair.score <= 100
    assert set(pair.parts) == {"complementarity", "affinity", "diversity"}
    assert round(sum(pair.parts.values())) == pair.score
    assert pair.reasons[0]["code"] == matching.TEACHES_PRIORITY
    with_names = services.describe(pair.reasons, services.topic_names())
    assert "Teaches Generative AI at level 4 of 4, the mentee's first priority." in with_names
    assert pairing_round.total_score == sum(
        Pair.objects.filter(round=pairing_round).values_list("score", flat=True)
    )


def test_a_round_reads_only_approved_volunteers(programme, cohort, hr_admin):
    late = make_person(email="late@example.com", grade=18)
    approve(programme, late, Role.MENTEE, status=Enrolment.Status.SUBMITTED)
    Enrolment.objects.filter(pk=cohort["anne@example.com"].pk).update(
        status=Enrolment.Status.WAITLISTED
    )

    pairing_round = run(programme, hr_admin)

    assert pairing_round.mentee_count == 2
    assert {mentee for _, mentee in proposals(programme)} == {
        "mentee@example.com",
        "paul@example.com",
    }


def test_a_round_queued_from_a_page_runs_as_a_task_after_commit(
    programme, cohort, hr_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pairing_round = services.start_round(programme=programme, by=hr_admin)
        assert pairing_round.status == PairingRound.Status.QUEUED

    assert len(callbacks) == 1
    pairing_round.refresh_from_db()
    assert pairing_round.status == PairingRound.Status.DONE
    assert len(proposals(programme)) == 3


def test_a_task_delivered_twice_runs_the_round_once(programme, cohort, hr_admin):
    pairing_round = run(programme, hr_admin)
    first = set(Pair.objects.values_list("pk", flat=True))

    services.execute_round(round_id=pairing_round.pk)

    assert set(Pair.objects.values_list("pk", flat=True)) == first


def test_a_second_round_cannot_start_while_one_is_running(programme, cohort, hr_admin):
    PairingRound.objects.create(programme=programme, status=PairingRound.Status.RUNNING)

    with pytest.raises(services.PairingRefused, match="A round is running"):
        run(programme, hr_admin)


def test_a_round_that_lost_its_worker_no_longer_blocks_the_next(programme, cohort, hr_admin):
    stuck = PairingRound.objects.create(programme=programme, status=PairingRound.Status.RUNNING)
    PairingRound.objects.filter(pk=stuck.pk).update(
        queued_at=stuck.queued_at - services.ROUND_TIMEOUT * 2
    )

    assert run(programme, hr_admin).status == PairingRound.Status.DONE
    stuck.refresh_from_db()
    assert stuck.status == PairingRound.Status.FAILED
    assert stuck.error["code"] == "timed_out"


@pytest.mark.parametrize(
    "status", [Programme.Status.DRAFT, Programme.Status.ENROLMENT_OPEN, Programme.Status.COMPLETED]
)
def test_rounds_run_only_once_enrolment_has_closed(programme, cohort, hr_admin, status):
    Programme.objects.filter(pk=programme.pk).update(status=status)

    with pytest.raises(services.PairingRefused, match="pairs are made once enrolment has closed"):
        run(programme, hr_admin)


def test_only_hr_admins_run_rounds(programme, cohort, executive):
    with pytest.raises(PermissionDenied):
        run(programme, executive)


def test_the_weights_of_the_last_round_are_the_programmes(programme, cohort, hr_admin):
    assert services.weights_for(programme) == services.DEFAULT_WEIGHTS

    run(programme, hr_admin, weights={"complementarity": 20, "affinity": 0, "diversity": 80})

    assert services.weights_for(programme) == {
        "complementarity": 20,
        "affinity": 0,
        "diversity": 80,
    }
    assert run(programme, hr_admin).weights["diversity"] == 80


def test_locked_pairs_are_kept_when_the_round_runs_again(programme, cohort, hr_admin):
    run(programme, hr_admin)
    # Not what the solver prefers: Zoé with Paul, so Marc must go to Ugo.
    set_pair = services.set_pair_by_hand(
        programme=programme,
        mentor=cohort["mentor@example.com"],
        mentee=cohort["paul@example.com"],
        by=hr_admin,
    )
    yann_anne = Pair.objects.get(mentee=cohort["anne@example.com"])
    services.lock_pair(pair=yann_anne, by=hr_admin)

    pairing_round = run(programme, hr_admin)

    assert proposals(programme) == {
        ("mentor@example.com", "paul@example.com"),
        ("yann@example.com", "anne@example.com"),
        ("ugo@example.com", "mentee@example.com"),
    }
    assert pairing_round.locked_count == 2
    kept = Pair.objects.get(mentee=cohort["paul@example.com"])
    assert kept.locked and kept.set_by_hand and kept.pk != set_pair.pk
    assert kept.reasons[0]["code"] == matching.LOCKED
    assert Pair.objects.get(mentee=cohort["anne@example.com"]).locked


def test_unlocking_lets_the_solver_choose_again(programme, cohort, hr_admin):
    run(programme, hr_admin)
    pair = services.set_pair_by_hand(
        programme=programme,
        mentor=cohort["mentor@example.com"],
        mentee=cohort["paul@example.com"],
        by=hr_admin,
    )

    services.lock_pair(pair=pair, by=hr_admin, locked=False)
    run(programme, hr_admin)

    assert ("mentor@example.com", "mentee@example.com") in proposals(programme)
    assert not PairConstraint.objects.filter(kind=PairConstraint.Kind.LOCKED).exists()


def test_a_forbidden_pair_is_never_proposed_again(programme, cohort, hr_admin):
    run(programme, hr_admin)
    best = Pair.objects.get(mentee=cohort["mentee@example.com"])
    assert best.mentor == cohort["mentor@example.com"]

    services.forbid_pair(pair=best, by=hr_admin)

    assert ("mentor@example.com", "mentee@example.com") not in proposals(programme)
    assert not Pair.objects.filter(pk=best.pk).exists()
    assert cohort["mentee@example.com"] in services.unpaired_mentees(programme)
    for _ in range(2):
        run(programme, hr_admin)
        assert ("mentor@example.com", "mentee@example.com") not in proposals(programme)
        assert len(proposals(programme)) == 3


def test_a_forbidden_pair_can_be_allowed_again(programme, cohort, hr_admin):
    run(programme, hr_admin)
    constraint = services.forbid_pair(
        pair=Pair.objects.get(mentee=cohort["mentee@example.com"]), by=hr_admin
    )

    services.allow_pair(constraint=constraint, by=hr_admin)
    run(programme, hr_admin)

    assert ("mentor@example.com", "mentee@example.com") in proposals(programme)


def test_forbidding_a_locked_pair_drops_the_lock(programme, cohort, hr_admin):
    run(programme, hr_admin)
    pair = services.lock_pair(
        pair=Pair.objects.get(mentee=cohort["mentee@example.com"]), by=hr_admin
    )

    services.forbid_pair(pair=pair, by=hr_admin)

    kinds = PairConstraint.objects.values_list("kind", flat=True)
    assert list(kinds) == [PairConstraint.Kind.FORBIDDEN]
    assert run(programme, hr_admin).status == PairingRound.Status.DONE


def test_hr_cannot_change_proposals_while_a_round_runs(programme, cohort, hr_admin):
    run(programme, hr_admin)
    pair = Pair.objects.get(mentee=cohort["mentee@example.com"])
    PairingRound.objects.create(programme=programme, status=PairingRound.Status.QUEUED)

    for action in (services.lock_pair, services.forbid_pair):
        with pytest.raises(services.PairingRefused, match="wait for it to finish"):
            action(pair=pair, by=hr_admin)
    with pytest.raises(services.PairingRefused, match="wait for it to finish"):
        services.publish(programme=programme, by=hr_admin)


def test_unpaired_mentees_and_mentors_with_room_are_told_why(programme, cohort, hr_admin):
    german = make_person(email="german@example.com", name="Greta Senior", grade=15)
    approve(programme, german, Role.MENTEE, {"generative-ai": 1}, languages=["de"])
    Enrolment.objects.filter(pk=cohort["yann@example.com"].pk).update(capacity=2)

    pairing_round = run(programme, hr_admin)

    assert pairing_round.unpaired_count == 1
    why = UnpairedReason.objects.get(round=pairing_round, enrolment__person=german)
    assert [reason["code"] for reason in why.reasons] == [matching.NO_SHARED_LANGUAGE]
    assert services.describe(why.reasons, {}) == ["No mentor shares a language with them."]
    room = UnpairedReason.objects.get(round=pairing_round, enrolment=cohort["yann@example.com"])
    assert room.reasons[0] == {"code": matching.PLACES_LEFT, "params": {"places": 1}}
    assert list(services.unpaired_mentees(programme)) == [german.enrolments.get()]
    assert [e.person.email for e in services.mentors_with_room(programme)] == ["yann@example.com"]


def test_a_lock_that_breaks_a_rule_fails_the_round_with_its_reason(programme, cohort, hr_admin):
    run(programme, hr_admin)
    pair = services.lock_pair(
        pair=Pair.objects.get(mentee=cohort["mentee@example.com"]), by=hr_admin
    )
    # Since then, the directory says Zoé reports to Marc.
    pair.mentor_person.manager = pair.mentee_person
    pair.mentor_person.save(update_fields=["manager"])

    pairing_round = run(programme, hr_admin)

    assert pairing_round.status == PairingRound.Status.FAILED
    assert pairing_round.error["code"] == "invalid_lock"
    assert pairing_round.error["params"]["mentor"] == "Zoé Junior"
    texts = services.describe(pairing_round.error["params"]["reasons"], {})
    assert texts == ["The mentor is in the mentee's reporting line or direct team."]
    assert Pair.objects.filter(pk=pair.pk).exists()  # nothing changed


def test_locks_of_people_no_longer_approved_are_dropped(programme, cohort, hr_admin):
    run(programme, hr_admin)
    services.lock_pair(pair=Pair.objects.get(mentee=cohort["anne@example.com"]), by=hr_admin)
    Enrolment.objects.filter(pk=cohort["anne@example.com"].pk).update(
        status=Enrolment.Status.DECLINED, decision_reason="Left the company."
    )

    assert run(programme, hr_admin).status == PairingRound.Status.DONE
    assert not PairConstraint.objects.filter(kind=PairConstraint.Kind.LOCKED).exists()
    assert "anne@example.com" not in {mentee for _, mentee in proposals(programme)}


def test_the_reporting_line_of_the_whole_company_is_respected(programme, cohort, hr_admin):
    # Zoé's manager's manager is Marc: Zoé is in Marc's reporting line, two levels down.
    zoe, marc = cohort["mentor@example.com"].person, cohort["mentee@example.com"].person
    middle = make_person(email="middle@example.com", grade=9, manager=marc)
    zoe.manager = middle
    zoe.save(update_fields=["manager"])

    run(programme, hr_admin)

    assert ("mentor@example.com", "mentee@example.com") not in proposals(programme)


def test_the_reasons_shown_are_those_of_the_last_round_that_looked_at_the_person(
    programme, cohort, hr_admin
):
    german = make_person(email="german@example.com", name="Greta Senior", grade=15)
    greta = approve(programme, german, Role.MENTEE, {"generative-ai": 1}, languages=["de"])
    first = run(programme, hr_admin)
    marc = cohort["mentee@example.com"]
    services.forbid_pair(pair=Pair.objects.get(mentee=marc), by=hr_admin)

    # Marc was paired by the round, then HR removed his proposal: nobody looked at him since.
    assert services.latest_reasons(programme, [greta, marc]) == {
        greta.pk: UnpairedReason.objects.get(round=first, enrolment=greta).reasons
    }

    # Re-pairing Marc alone looks at him again: every other mentor is full.
    again = services.repair(enrolment=marc, by=hr_admin, run_now=True)
    assert again.paired_count == 0
    shown = services.latest_reasons(programme, [greta, marc])
    assert shown[marc.pk] == UnpairedReason.objects.get(round=again).reasons
    assert shown[marc.pk][0]["code"] == matching.MENTORS_FULL
    assert shown[greta.pk] == UnpairedReason.objects.get(round=first, enrolment=greta).reasons
