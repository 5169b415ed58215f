"""Pairing rounds: queued, then run by a Celery task (or in-process); re-pairing one person.

The run itself is pairing.running.
"""

import logging
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from enrolments.models import Enrolment
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from .. import tasks
from ..cohort import DEFAULT_WEIGHTS, Role
from ..guards import PairingRefused, lock_programme, refuse_while_running
from ..models import Pair, PairingRound
from ..running import execute_round
from .reading import round_defaults

logger = logging.getLogger(__name__)


def start_round(
    *,
    programme: Programme,
    by: User | None,
    weights: Mapping[str, int] | None = None,
    goal: str | None = None,
    min_score: int | None = None,
    person: Enrolment | None = None,
    run_now: bool = False,
) -> PairingRound:
    """Queue a round (a Celery task after commit; in-process without Redis) and return it.

    `goal`: PairingRound.Goal, with `min_score` (1..100) for "only pairs of at least a given
    quality"; weights and goal default to the programme's last round. `person`: re-pair only
    this enrolment, from the places left. `run_now` runs the round in this process before
    returning (the command does; the pages queue it).
    """
    check_hr_admin(by)
    defaults = round_defaults(programme)
    weights = {**{name: defaults[name] for name in DEFAULT_WEIGHTS}, **(weights or {})}
    if any(weights[name] < 0 for name in DEFAULT_WEIGHTS) or not any(weights.values()):
        raise ValidationError(_("Give at least one part a weight above zero."))
    if goal is None:
        goal, min_score = defaults["goal"], defaults["min_score"]
    if goal == PairingRound.Goal.MOST_PAIRS:
        min_score = None
    elif goal != PairingRound.Goal.QUALITY or min_score is None or not 1 <= min_score <= 100:
        raise ValidationError(_("Give the lowest score a pair may have, from 1 to 100."))
    with transaction.atomic():
        programme = lock_programme(programme)
        refuse_while_running(programme)
        pairing_round = PairingRound.objects.create(
            programme=programme,
            scope=PairingRound.Scope.ONE_PERSON if person else PairingRound.Scope.EVERYONE,
            person=person,
            run_by=by,
            weights={name: int(weights[name]) for name in DEFAULT_WEIGHTS},
            goal=goal,
            min_score=min_score,
        )
        record(
            Entry.Kind.ROUND_RUN,
            by=by,
            programme=programme,
            person=person.person if person else None,
            target=pairing_round,
            details={"weights": pairing_round.weights, "scope": pairing_round.scope},
        )
        if not run_now:
            tasks.run_round.delay_on_commit(pairing_round.pk)
    if run_now:
        execute_round(round_id=pairing_round.pk)
    pairing_round.refresh_from_db()
    logger.info(
        "%s started a pairing round of %s.", by.email if by else "The system", programme.slug
    )
    return pairing_round


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
