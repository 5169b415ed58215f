"""Deactivating and reactivating an account, with what it means for the person's pairs.

Deactivation goes through `people.leavers`, the one leavers' service (SCIM and the
full directory import use it too): the person can no longer sign in, their sessions end,
the leaving is dated and their future sessions are cancelled, each partner told. Their
active pairs are listed on the confirmation page; HR chooses which to end (the reason:
someone is leaving), and each partner left alone is offered a new pair by a one-person
round, whose proposal HR reviews and publishes as any other. Every step is in the audit
trail.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from common.bilingual import sort_key
from enrolments.models import Enrolment
from pairing import services as pairing
from pairing.models import Pair
from people import leavers
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

FINISHED = (Programme.Status.COMPLETED, Programme.Status.ARCHIVED)


@dataclass
class Outcome:
    ended: list[Pair] = field(default_factory=list)
    repaired: list[Enrolment] = field(default_factory=list)
    not_repaired: list[str] = field(default_factory=list)


def active_pairs(person: User) -> list[Pair]:
    """The person's active pairs (pairing's `ongoing`: a finished programme's pairs ended
    with it), with both members and the programme. One query."""
    return list(
        Pair.objects.ongoing()
        .of_person(person)
        .with_people()
        .order_by(sort_key("programme__name"), "pk")
    )


def deactivation_refusal(*, person: User, by: User | None) -> str:
    """Why this account cannot be deactivated now, or "" when it can."""
    if by is not None and by.pk == person.pk:
        return _("You cannot deactivate your own account: ask another HR admin.")
    if not person.is_active:
        return _("This account is already deactivated.")
    if person.is_hr_admin and not User.objects.hr_admins().exclude(pk=person.pk).exists():
        return _("%(name)s is the last HR admin: give the role to someone else first.") % {
            "name": person.name
        }
    return ""


def deactivate(
    *, person: User, by: User | None, end_pairs: list[Pair], repair_partners: bool
) -> Outcome:
    """Close the account, end the chosen pairs, then look for a new pair for each partner."""
    check_hr_admin(by)
    outcome = Outcome()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        if refusal := deactivation_refusal(person=person, by=by):
            raise ValidationError(refusal)
        for pair in end_pairs:
            if not pair.is_member(person):
                raise ValidationError(_("This pair is not one of this person's."))
            # pairing's own service, which writes the pair's line in the audit trail
            outcome.ended.append(pairing.end_pair(pair=pair, by=by, reason=Pair.EndReason.LEFT))
        withdrawn = _withdraw_free_enrolments(person)
        # The one leavers' service (SCIM and the full import use it too): the account
        # closes, the sessions end, the leaving is dated, future sessions are cancelled
        # and the partners told through the reminders' outbox.
        leavers.deactivate(person=person, by=by, source=leavers.Source.HR)
        record(
            Entry.Kind.PERSON_DEACTIVATED,
            by=by,
            person=person,
            target=person,
            changes={"is_active": [True, False]},
            details={"pairs_ended": len(outcome.ended), "enrolments_withdrawn": withdrawn},
        )
    if repair_partners:
        # After the commit, one programme at a time: a programme runs one round at once.
        for pair in outcome.ended:
            partner = pair.mentee if pair.mentor_person_id == person.pk else pair.mentor
            _repair(partner, by, outcome)
    return outcome


def _withdraw_free_enrolments(person: User) -> int:
    """The person's applications in programmes still going on, and not in an active pair,
    are withdrawn: no round proposes someone who has left. A pair HR chose to keep keeps
    its enrolments."""
    in_pair = Q(pairs_as_mentor__status=Pair.Status.ACTIVE) | Q(
        pairs_as_mentee__status=Pair.Status.ACTIVE
    )
    free = (
        Enrolment.objects.filter(person=person, status__in=Enrolment.ACTIVE_STATUSES)
        .exclude(programme__status__in=FINISHED)
        .exclude(pk__in=Enrolment.objects.filter(in_pair).values("pk"))
    )
    return Enrolment.objects.filter(pk__in=list(free.values_list("pk", flat=True))).update(
        status=Enrolment.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )


def _repair(partner: Enrolment, by: User | None, outcome: Outcome) -> None:
    partner.refresh_from_db()
    try:
        pairing.repair(enrolment=partner, by=by, run_now=True)
    except pairing.PairingRefused as refusal:
        outcome.not_repaired.extend(refusal.reasons)
    else:
        outcome.repaired.append(partner)


@transaction.atomic
def reactivate(*, person: User, by: User | None) -> User:
    check_hr_admin(by)
    if not leavers.reactivate(person=person, by=by, source=leavers.Source.HR):
        return person
    person.refresh_from_db()
    record(
        Entry.Kind.PERSON_REACTIVATED,
        by=by,
        person=person,
        target=person,
        changes={"is_active": [False, True]},
    )
    return person
