"""Pairing rounds: queued, run (a Celery task, or in-process), stored as proposals; re-pairing."""

import logging
from collections import Counter
from collections.abc import Mapping
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enrolments.models import Enrolment
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from .. import matching
from ..models import Pair, PairConstraint, PairingRound, UnpairedReason
from .cohort import Cohort, build_cohort
from .common import (
    DEFAULT_WEIGHTS,
    PairingRefused,
    Role,
    _fail,
    _lock_programme,
    _plain,
    _refuse_while_running,
    as_data,
)
from .reading import weights_for

logger = logging.getLogger(__name__)


def start_round(
    *,
    programme: Programme,
    by: User | None,
    weights: Mapping[str, int] | None = None,
    person: Enrolment | None = None,
    run_now: bool = False,
) -> PairingRound:
    """Queue a round (a Celery task after commit; in-process without Redis) and return it.

    `person`: re-pair only this enrolment, from the places left. `run_now` runs the round
    in this process before returning (the command does; the pages queue it).
    """
    check_hr_admin(by)
    weights = {**weights_for(programme), **(weights or {})}
    if any(weights[name] < 0 for name in DEFAULT_WEIGHTS) or not any(weights.values()):
        raise ValidationError(_("Give at least one part a weight above zero."))
    with transaction.atomic():
        programme = _lock_programme(programme)
        _refuse_while_running(programme)
        pairing_round = PairingRound.objects.create(
            programme=programme,
            scope=PairingRound.Scope.ONE_PERSON if person else PairingRound.Scope.EVERYONE,
            person=person,
            run_by=by,
            weights={name: int(weights[name]) for name in DEFAULT_WEIGHTS},
        )
        if not run_now:
            transaction.on_commit(partial(_enqueue_round, pairing_round.pk))
    if run_now:
        execute_round(round_id=pairing_round.pk)
    pairing_round.refresh_from_db()
    logger.info(
        "%s started a pairing round of %s.", by.email if by else "The system", programme.slug
    )
    return pairing_round


def _enqueue_round(round_id: int) -> None:
    from .. import tasks  # tasks import this module

    tasks.run_round.delay(round_id)


def _progress(pairing_round: PairingRound, percent: int, stage: str) -> None:
    PairingRound.objects.filter(pk=pairing_round.pk).update(progress=percent, stage=stage)


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
        _fail(
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
    except PairingRefused as refusal:
        _fail(pairing_round, {"code": "refused", "params": {"reasons": refusal.reasons}})
    except Exception:
        logger.exception("Pairing round %s failed.", round_id)
        _fail(pairing_round, {"code": "crashed", "params": {}})
    pairing_round.refresh_from_db()
    return pairing_round


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
        )
        return cohort, None  # every proposal goes, those of people no longer approved too

    # One person: a mentee against the places left, or a mentor's places against the
    # mentees who have neither a pair nor a proposal. Other proposals stay as they are.
    person = pairing_round.person
    if person.status != Enrolment.Status.APPROVED:
        raise PairingRefused([_("%(name)s is no longer approved.") % {"name": person.person.name}])
    proposals = list(
        Pair.objects.proposed()
        .filter(programme=programme)
        .exclude(mentee=person)
        .values_list("mentor_id", "mentee_id")
    )
    taken.update(mentor for mentor, _mentee in proposals)
    if person.role == Role.MENTEE:
        if person.pk in paired:
            raise PairingRefused(
                [_("%(name)s already has an active pair.") % {"name": person.person.name}]
            )
        chosen = [person] + [e for e in approved if e.role == Role.MENTOR]
        return build_cohort(
            programme, weights=pairing_round.weights, enrolments=chosen, capacity_taken=taken
        ), {person.pk}
    busy = paired | {mentee for _mentor, mentee in proposals}
    chosen = [person] + [e for e in approved if e.role == Role.MENTEE and e.pk not in busy]
    return build_cohort(
        programme, weights=pairing_round.weights, enrolments=chosen, capacity_taken=taken
    ), set()


def _save_round(
    pairing_round: PairingRound,
    cohort: Cohort,
    result: matching.Matching,
    replaced: set[int] | None,
) -> None:
    people = cohort.enrolments
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=pairing_round.programme_id)
        current = PairingRound.objects.select_for_update().get(pk=pairing_round.pk)
        if current.status != PairingRound.Status.RUNNING:
            return  # timed out and replaced meanwhile
        old = Pair.objects.proposed().filter(programme=programme)
        if replaced is not None:
            old = old.filter(mentee_id__in=replaced)
        by_hand = set(old.filter(set_by_hand=True).values_list("mentor_id", "mentee_id"))
        old.delete()
        Pair.objects.bulk_create(
            Pair(
                programme=programme,
                round=pairing_round,
                mentor=people[proposal.mentor_id],
                mentee=people[proposal.mentee_id],
                mentor_person_id=proposal.mentor_id,
                mentee_person_id=proposal.mentee_id,
                score=proposal.score,
                parts=_plain(dict(proposal.parts)),
                reasons=as_data(proposal.reasons),
                locked=proposal.locked,
                set_by_hand=(people[proposal.mentor_id].pk, people[proposal.mentee_id].pk)
                in by_hand,
            )
            for proposal in result.pairs
        )
        if cohort.dropped_locks:
            PairConstraint.objects.filter(
                programme=programme,
                kind=PairConstraint.Kind.LOCKED,
                mentee_id__in=[mentee for _mentor, mentee in cohort.dropped_locks],
            ).delete()
        everyone = pairing_round.scope == PairingRound.Scope.EVERYONE
        left = [*result.unpaired_mentees, *result.mentors_with_room]
        if not everyone:
            left = [item for item in left if people[item.person_id].pk == pairing_round.person_id]
        UnpairedReason.objects.bulk_create(
            UnpairedReason(
                round=pairing_round, enrolment=people[item.person_id], reasons=as_data(item.reasons)
            )
            for item in left
        )
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
        )


def repair(*, enrolment: Enrolment, by: User | None, run_now: bool = False) -> PairingRound:
    """Look for a new pair for someone left alone, from the places that remain, with the solver.

    The result is a proposal, reviewed and published like any other.
    """
    check_hr_admin(by)
    if enrolment.status != Enrolment.Status.APPROVED:
        raise PairingRefused(
            [
                _("%(name)s is no longer approved: nobody to re-pair.")
                % {"name": enrolment.person.name}
            ]
        )
    if enrolment.role == Role.MENTEE:
        if Pair.objects.filter(mentee=enrolment, status__in=[Pair.Status.ACTIVE]).exists():
            raise PairingRefused(
                [_("%(name)s already has an active pair.") % {"name": enrolment.person.name}]
            )
    elif _places_left(enrolment) <= 0:
        raise PairingRefused(
            [
                _("%(name)s has no place left: every place is taken by a pair or a proposal.")
                % {"name": enrolment.person.name}
            ]
        )
    return start_round(programme=enrolment.programme, by=by, person=enrolment, run_now=run_now)


def _places_left(mentor: Enrolment) -> int:
    used = Pair.objects.filter(
        mentor=mentor, status__in=[Pair.Status.PROPOSED, Pair.Status.ACTIVE]
    ).count()
    return (mentor.capacity or 0) - used
