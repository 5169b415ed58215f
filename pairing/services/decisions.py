"""HR's decisions on proposals: lock, forbid, allow again, set a pair by hand."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from enrolments.models import Enrolment
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from .. import matching
from ..cohort import Role, build_cohort
from ..guards import PairingRefused, lock_programme, refuse_while_running
from ..models import Pair, PairConstraint
from ..reasons import as_data, describe, plain, topic_names
from .reading import weights_for

logger = logging.getLogger(__name__)


def _proposal_for_update(pair: Pair) -> Pair:
    current = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("mentor__person", "mentee__person")
        .filter(pk=pair.pk)
        .first()
    )
    if current is None or current.status != Pair.Status.PROPOSED:
        raise PairingRefused(
            [_("This proposal is no longer there: a round or a publication replaced it.")]
        )
    return current


@transaction.atomic
def lock_pair(*, pair: Pair, by: User | None, locked: bool = True) -> Pair:
    """Keep this proposal as it is on the next runs (or stop keeping it)."""
    check_hr_admin(by)
    programme = lock_programme(pair.programme)
    refuse_while_running(programme)
    pair = _proposal_for_update(pair)
    PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.LOCKED, mentee=pair.mentee
    ).delete()
    if locked:
        PairConstraint.objects.create(
            programme=programme,
            kind=PairConstraint.Kind.LOCKED,
            mentor=pair.mentor,
            mentee=pair.mentee,
            created_by=by,
        )
    pair.locked = locked
    pair.save(update_fields=["locked"])
    _record(Entry.Kind.PAIR_LOCKED if locked else Entry.Kind.PAIR_UNLOCKED, pair, by)
    return pair


def _record(kind: str, pair: Pair, by: User | None, **details: object) -> None:
    record(
        kind,
        by=by,
        programme=pair.programme,
        person=pair.mentee.person,
        target=pair,
        details={"mentor": str(pair.mentor.code), "mentee": str(pair.mentee.code), **details},
    )


@transaction.atomic
def forbid_pair(*, pair: Pair, by: User | None) -> PairConstraint:
    """Never pair these two in this programme; the proposal goes, its mentee awaits a new run."""
    check_hr_admin(by)
    programme = lock_programme(pair.programme)
    refuse_while_running(programme)
    pair = _proposal_for_update(pair)
    PairConstraint.objects.filter(
        programme=programme, mentor=pair.mentor, mentee=pair.mentee
    ).delete()
    PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.LOCKED, mentee=pair.mentee
    ).delete()
    constraint = PairConstraint.objects.create(
        programme=programme,
        kind=PairConstraint.Kind.FORBIDDEN,
        mentor=pair.mentor,
        mentee=pair.mentee,
        created_by=by,
    )
    _record(Entry.Kind.PAIR_FORBIDDEN, pair, by)
    pair.delete()
    return constraint


@transaction.atomic
def allow_pair(*, constraint: PairConstraint, by: User | None) -> None:
    """Lift HR's refusal of a pair: the next run may propose it again."""
    check_hr_admin(by)
    programme = lock_programme(constraint.programme)
    refuse_while_running(programme)
    deleted, _rows = PairConstraint.objects.filter(
        pk=constraint.pk, kind=PairConstraint.Kind.FORBIDDEN
    ).delete()
    if deleted:
        record(
            Entry.Kind.PAIR_ALLOWED,
            by=by,
            programme=programme,
            person=constraint.mentee.person,
            target=constraint,
            details={"mentor": str(constraint.mentor.code), "mentee": str(constraint.mentee.code)},
        )


def set_pair_by_hand(
    *, programme: Programme, mentor: Enrolment, mentee: Enrolment, by: User | None
) -> Pair:
    """HR's own pair, checked against every hard constraint, proposed and locked.

    It replaces the mentee's proposal; if the mentor has no place left for it, the
    mentor's weakest unlocked proposals make room (their mentees await the next run).
    """
    check_hr_admin(by)
    with transaction.atomic():
        programme = lock_programme(programme)
        refuse_while_running(programme)
        rows = {
            row.pk: row
            for row in Enrolment.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk__in=[mentor.pk, mentee.pk], programme=programme)
            .order_by("pk")
        }
        mentor, mentee = rows.get(mentor.pk), rows.get(mentee.pk)
        _check_by_hand(mentor, mentee)
        _check_rules(programme, mentor, mentee)
        _make_room(programme, mentor, mentee)
        cohort = build_cohort(
            programme,
            weights=weights_for(programme),
            enrolments=[mentor, mentee],
            capacity_taken={mentor.pk: max(0, (mentor.capacity or 0) - 1)},
            locked=[(mentor.pk, mentee.pk)],
        )
        (proposal,) = matching.solve(cohort.mentors, cohort.mentees, cohort.rules).pairs
        pair = Pair.objects.create(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            mentor_person=mentor.person,
            mentee_person=mentee.person,
            score=proposal.score,
            parts=plain(dict(proposal.parts)),
            reasons=as_data(proposal.reasons),
            locked=True,
            set_by_hand=True,
        )
        PairConstraint.objects.create(
            programme=programme,
            kind=PairConstraint.Kind.LOCKED,
            mentor=mentor,
            mentee=mentee,
            created_by=by,
        )
        _record(Entry.Kind.PAIR_BY_HAND, pair, by)
    logger.info("%s set a pair by hand in %s.", by.email if by else "The system", programme.slug)
    return pair


def _check_rules(programme: Programme, mentor: Enrolment, mentee: Enrolment) -> None:
    """Refused, with the broken rules in words, when the solver would never propose them."""
    cohort = build_cohort(
        programme,
        weights=weights_for(programme),
        enrolments=[mentor, mentee],
        capacity_taken={mentor.pk: max(0, (mentor.capacity or 0) - 1)},
    )
    broken = matching.pair_violations(cohort.mentors[0], cohort.mentees[0], cohort.rules)
    if broken:
        raise PairingRefused(
            [
                _("%(mentor)s and %(mentee)s cannot be paired:")
                % {"mentor": mentor.person.name, "mentee": mentee.person.name},
                *describe(as_data(broken), topic_names()),
            ]
        )


def _make_room(programme: Programme, mentor: Enrolment, mentee: Enrolment) -> None:
    """The mentee's proposal and lock go; so do the mentor's weakest unlocked proposals when
    the mentor has no place left. Refused when active and locked pairs fill every place."""
    firm = Pair.objects.filter(mentor=mentor).exclude(mentee=mentee)
    active = firm.filter(status=Pair.Status.ACTIVE).count()
    proposed = list(firm.proposed().order_by("locked", "score", "pk"))
    locked = sum(1 for pair in proposed if pair.locked)
    capacity = mentor.capacity or 0
    if active + locked + 1 > capacity:
        raise PairingRefused(
            [
                _(
                    "%(mentor)s has no place left: %(taken)d of %(capacity)d taken by active "
                    "or locked pairs. Unlock one of them first."
                )
                % {"mentor": mentor.person.name, "taken": active + locked, "capacity": capacity}
            ]
        )
    unlocked = [pair for pair in proposed if not pair.locked]
    overflow = active + locked + len(unlocked) + 1 - capacity
    if overflow > 0:
        Pair.objects.filter(pk__in=[pair.pk for pair in unlocked[:overflow]]).delete()
    Pair.objects.proposed().filter(programme=programme, mentee=mentee).delete()
    PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.LOCKED, mentee=mentee
    ).delete()


def _check_by_hand(mentor: Enrolment | None, mentee: Enrolment | None) -> None:
    if mentor is None or mentee is None:
        raise PairingRefused([_("Both people must be volunteers of this programme.")])
    problems = []
    if mentor.role != Role.MENTOR:
        problems.append(_("%(name)s is not a mentor here.") % {"name": mentor.person.name})
    if mentee.role != Role.MENTEE:
        problems.append(_("%(name)s is not a mentee here.") % {"name": mentee.person.name})
    for enrolment in (mentor, mentee):
        if enrolment.status != Enrolment.Status.APPROVED:
            problems.append(
                _("%(name)s is not approved (%(status)s).")
                % {"name": enrolment.person.name, "status": enrolment.get_status_display()}
            )
    if problems:
        raise PairingRefused(problems)
    if Pair.objects.active().filter(mentee=mentee).exists():
        raise PairingRefused(
            [_("%(name)s already has an active pair: end it first.") % {"name": mentee.person.name}]
        )
