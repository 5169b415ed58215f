"""Running a queued round: read the volunteers, solve, store the proposals and the unpaired.

What the run_round task does (or `start_round(run_now=True)`, in-process); it enqueues
nothing, so the task imports it without a circle.
"""

import logging
from collections import Counter

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from enrolments.models import Enrolment
from programmes.models import Programme

from . import matching
from .cohort import Cohort, Role, build_cohort
from .guards import fail
from .models import Pair, PairConstraint, PairingRound, ReplacedProposal, UnpairedReason
from .reasons import as_data, plain

logger = logging.getLogger(__name__)


class RoundRefused(Exception):
    """The round cannot run for one person; stored as a reason code with its parameters
    (pairing.reasons words it when the page is read, in the reader's language)."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def execute_round(*, round_id: int) -> PairingRound | None:
    """Run a queued round: read the volunteers, solve, store the proposals and the unpaired.

    Claimed with a conditional update, so a task delivered twice runs once. A round that
    cannot run (a lock that breaks a rule) is marked failed with its reason; it never raises
    for that, so that an eager task does not turn HR's click into an error page.
    """
    now = timezone.now()
    claimed = PairingRound.objects.filter(pk=round_id, status=PairingRound.Status.QUEUED).update(
        status=PairingRound.Status.RUNNING,
        started_at=now,
        progress=5,
        stage=PairingRound.Stage.READING,
    )
    pairing_round = (
        PairingRound.objects.select_related("programme", "person").filter(pk=round_id).first()
    )
    if not claimed or pairing_round is None:
        return pairing_round
    try:
        cohort, replaced = _round_input(pairing_round)
        _progress(pairing_round, 30, PairingRound.Stage.SOLVING)
        result = matching.solve(cohort.mentors, cohort.mentees, cohort.rules)
        _progress(pairing_round, 80, PairingRound.Stage.SAVING)
        _save_round(pairing_round, cohort, result, replaced)
    except matching.InvalidLock as error:
        mentor, mentee = (
            cohort.enrolments.get(error.mentor_id),
            cohort.enrolments.get(error.mentee_id),
        )
        fail(
            pairing_round,
            {
                "code": "invalid_lock",
                "params": {
                    "mentor": mentor.person.name if mentor else "",
                    "mentee": mentee.person.name if mentee else "",
                    "reasons": as_data(error.reasons),
                },
            },
        )
    except RoundRefused as refusal:
        reason = {"code": refusal.code, "params": refusal.params}
        fail(pairing_round, {"code": "refused", "params": {"reasons": [reason]}})
    except Exception:
        logger.exception("Pairing round %s failed.", round_id)
        fail(pairing_round, {"code": "crashed", "params": {}})
    pairing_round.refresh_from_db()
    return pairing_round


def _progress(pairing_round: PairingRound, percent: int, stage: str) -> None:
    PairingRound.objects.filter(pk=pairing_round.pk).update(progress=percent, stage=stage)


def _round_input(pairing_round: PairingRound) -> tuple[Cohort, set[int] | None]:
    """The cohort to solve, and the mentee enrolments whose proposals the result replaces
    (None: all of them)."""
    programme = pairing_round.programme
    approved = list(
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
        .select_related("person")
        .order_by("pk")
    )
    active = list(
        Pair.objects.active().filter(programme=programme).values_list("mentor_id", "mentee_id")
    )
    paired = {mentee for _mentor, mentee in active}
    taken = Counter(mentor for mentor, _mentee in active)
    if pairing_round.scope == PairingRound.Scope.EVERYONE:
        locks = list(
            PairConstraint.objects.filter(
                programme=programme, kind=PairConstraint.Kind.LOCKED
            ).values_list("mentor_id", "mentee_id")
        )
        locks = [(mentor, mentee) for mentor, mentee in locks if mentee not in paired]
        chosen = [enrolment for enrolment in approved if enrolment.pk not in paired]
        cohort = build_cohort(
            programme,
            weights=pairing_round.weights,
            enrolments=chosen,
            capacity_taken=taken,
            locked=locks,
            min_score=pairing_round.min_score,
        )
        return cohort, None  # every proposal goes, those of people no longer approved too

    # One person: a mentee against the places left, or a mentor's places against the
    # mentees who have neither a pair nor a proposal. Other proposals stay as they are.
    person = pairing_round.person
    if person.status != Enrolment.Status.APPROVED:
        raise RoundRefused("no_longer_approved", name=person.person.name)
    proposals = list(
        Pair.objects.proposed()
        .filter(programme=programme)
        .exclude(mentee=person)
        .values_list("mentor_id", "mentee_id")
    )
    taken.update(mentor for mentor, _mentee in proposals)
    if person.role == Role.MENTEE:
        if person.pk in paired:
            raise RoundRefused("already_paired", name=person.person.name)
        chosen = [person] + [e for e in approved if e.role == Role.MENTOR]
        return build_cohort(
            programme,
            weights=pairing_round.weights,
            enrolments=chosen,
            capacity_taken=taken,
            min_score=pairing_round.min_score,
        ), {person.pk}
    busy = paired | {mentee for _mentor, mentee in proposals}
    chosen = [person] + [e for e in approved if e.role == Role.MENTEE and e.pk not in busy]
    return build_cohort(
        programme,
        weights=pairing_round.weights,
        enrolments=chosen,
        capacity_taken=taken,
        min_score=pairing_round.min_score,
    ), set()


def _save_round(
    pairing_round: PairingRound,
    cohort: Cohort,
    result: matching.Matching,
    replaced: set[int] | None,
) -> None:
    """The proposals replace the old ones (HR's "by hand" mark kept), with why each person
    is left; all at once, unless the round timed out and was replaced meanwhile."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=pairing_round.programme_id)
        current = PairingRound.objects.select_for_update().get(pk=pairing_round.pk)
        if current.status != PairingRound.Status.RUNNING:
            return
        old = Pair.objects.proposed().filter(programme=programme)
        if replaced is not None:
            old = old.filter(mentee_id__in=replaced)
        by_hand = set(old.filter(set_by_hand=True).values_list("mentor_id", "mentee_id"))
        replaced_count = _keep_replaced(pairing_round, old) if replaced is None else None
        old.delete()
        Pair.objects.bulk_create(_proposals(pairing_round, cohort, result, by_hand))
        if cohort.dropped_locks:
            PairConstraint.objects.filter(
                programme=programme,
                kind=PairConstraint.Kind.LOCKED,
                mentee_id__in=[mentee for _mentor, mentee in cohort.dropped_locks],
            ).delete()
        UnpairedReason.objects.bulk_create(_left(pairing_round, cohort, result))
        PairingRound.objects.filter(pk=pairing_round.pk).update(
            status=PairingRound.Status.DONE,
            progress=100,
            stage="",
            finished_at=timezone.now(),
            mentor_count=len(cohort.mentors),
            mentee_count=len(cohort.mentees),
            paired_count=len(result.pairs),
            unpaired_count=len(result.unpaired_mentees),
            locked_count=sum(1 for proposal in result.pairs if proposal.locked),
            total_score=result.total_score,
            replaced_count=replaced_count,
        )


def _keep_replaced(pairing_round: PairingRound, old: QuerySet[Pair]) -> int | None:
    """Copy the proposals a round of everyone replaces, to compare it with them and perhaps
    go back (pairing.services.comparison); None when no earlier round of everyone is done."""
    earlier = PairingRound.objects.filter(
        programme_id=pairing_round.programme_id,
        scope=PairingRound.Scope.EVERYONE,
        status=PairingRound.Status.DONE,
    ).exclude(pk=pairing_round.pk)
    if not earlier.exists():
        return None
    copies = [
        ReplacedProposal(round=pairing_round, proposed_by_id=pair.round_id, **fields)
        for pair in old.only(*REPLACED_FIELDS, "round_id")
        for fields in [{name: getattr(pair, name) for name in REPLACED_FIELDS}]
    ]
    ReplacedProposal.objects.bulk_create(copies, batch_size=2_000)
    return len(copies)


REPLACED_FIELDS = (
    "mentor_id",
    "mentee_id",
    "score",
    "parts",
    "reasons",
    "locked",
    "set_by_hand",
)


def _proposals(
    pairing_round: PairingRound,
    cohort: Cohort,
    result: matching.Matching,
    by_hand: set[tuple[int, int]],
) -> list[Pair]:
    people = cohort.enrolments
    return [
        Pair(
            programme_id=pairing_round.programme_id,
            round=pairing_round,
            mentor=people[proposal.mentor_id],
            mentee=people[proposal.mentee_id],
            mentor_person_id=proposal.mentor_id,
            mentee_person_id=proposal.mentee_id,
            score=proposal.score,
            parts=plain(dict(proposal.parts)),
            reasons=as_data(proposal.reasons),
            locked=proposal.locked,
            set_by_hand=(people[proposal.mentor_id].pk, people[proposal.mentee_id].pk) in by_hand,
        )
        for proposal in result.pairs
    ]


def _left(
    pairing_round: PairingRound, cohort: Cohort, result: matching.Matching
) -> list[UnpairedReason]:
    """Why each mentee is left unpaired and each mentor with free places; a round of one
    person records that person only."""
    people = cohort.enrolments
    left = [*result.unpaired_mentees, *result.mentors_with_room]
    if pairing_round.scope != PairingRound.Scope.EVERYONE:
        left = [item for item in left if people[item.person_id].pk == pairing_round.person_id]
    return [
        UnpairedReason(
            round=pairing_round, enrolment=people[item.person_id], reasons=as_data(item.reasons)
        )
        for item in left
    ]
