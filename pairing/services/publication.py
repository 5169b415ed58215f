"""Publishing the proposals; the introduction emails follow the commit (pairing.tasks)."""

import logging
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from enrolments.models import Enrolment
from meetings.services import plan_meetings_for_pairs
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from .. import tasks
from ..guards import PairingRefused, lock_programme, name_list, refuse_while_running
from ..models import Pair, PairConstraint

logger = logging.getLogger(__name__)


def publish(*, programme: Programme, by: User | None, notify: bool = True) -> list[Pair]:
    """Make every proposal of the programme an active pair, at once or not at all.

    Each member is then introduced to the other by email, in their own language, after
    commit. Two publications at the same time cannot both activate a mentee's pair: the
    programme's row queues them, and the database keeps one active pair per mentee.
    """
    check_hr_admin(by)
    try:
        with transaction.atomic():
            pairs = _publish(programme, by)
            # Each pair's planned sessions, in the same transaction (meetings app): one of
            # the two upward arrows docs/architecture.md allows.
            plan_meetings_for_pairs(pairs)
            emails = 0
            if notify:
                for pair in pairs:
                    for role in Enrolment.Role.values:
                        tasks.send_introduction.delay_on_commit(pair.pk, role)
                        emails += 1
            record(
                Entry.Kind.PAIRS_PUBLISHED,
                by=by,
                programme=programme,
                details={"pairs": len(pairs), "emails": emails},
            )
    except IntegrityError:
        logger.warning("A publication of %s lost a race.", programme.slug, exc_info=True)
        raise PairingRefused(
            [
                _(
                    "Someone changed these pairs at the same moment, so nothing was published. "
                    "Reload the page to see the pairs as they are now."
                )
            ]
        ) from None
    logger.info(
        "%s published %d pairs of %s.", by.email if by else "The system", len(pairs), programme.slug
    )
    return pairs


def _publish(programme: Programme, by: User | None) -> list[Pair]:
    programme = lock_programme(programme)
    refuse_while_running(programme)
    pairs = _proposals(programme)
    _check_people(pairs)
    _check_places(pairs)
    now = timezone.now()
    Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).update(
        status=Pair.Status.ACTIVE, published_at=now, published_by=by
    )
    PairConstraint.objects.filter(
        programme=programme,
        kind=PairConstraint.Kind.LOCKED,
        mentee_id__in=[pair.mentee_id for pair in pairs],
    ).delete()
    for pair in pairs:
        pair.status, pair.published_at, pair.published_by = Pair.Status.ACTIVE, now, by
    return pairs


def _proposals(programme: Programme) -> list[Pair]:
    """The programme's proposals, locked; refused when there are none."""
    pairs = list(
        Pair.objects.proposed()
        .filter(programme=programme)
        .select_for_update(of=("self",))
        .select_related("mentor__person", "mentee__person")
        .order_by("pk")
    )
    if pairs:
        return pairs
    if Pair.objects.active().filter(programme=programme).exists():
        raise PairingRefused(
            [_("There is nothing left to publish: these pairs have already been published.")]
        )
    raise PairingRefused([_("There is nothing to publish: run a round first.")])


def _check_people(pairs: list[Pair]) -> None:
    """Everyone still approved, and no mentee already in an active pair."""
    gone = {
        enrolment.pk: enrolment
        for pair in pairs
        for enrolment in (pair.mentor, pair.mentee)
        if enrolment.status != Enrolment.Status.APPROVED
    }
    if gone:
        raise PairingRefused(
            [
                _(
                    "%(names)s no longer take part (withdrawn or no longer approved). "
                    "Nothing was published: run the round again."
                )
                % {"names": name_list(gone.values())}
            ]
        )
    mentees = [pair.mentee_id for pair in pairs]
    taken = Pair.objects.active().filter(mentee_id__in=mentees).select_related("mentee__person")
    if taken:
        raise PairingRefused(
            [
                _("%(names)s already have an active pair. Nothing was published.")
                % {"names": name_list(pair.mentee for pair in taken)}
            ]
        )


def _check_places(pairs: list[Pair]) -> None:
    """No mentor over capacity: a count, checked with the mentors' enrolments locked, in a
    fixed order."""
    mentor_ids = sorted({pair.mentor_id for pair in pairs})
    mentors = {
        row.pk: row
        for row in Enrolment.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk__in=mentor_ids)
        .order_by("pk")
    }
    active = Counter(
        Pair.objects.active().filter(mentor_id__in=mentor_ids).values_list("mentor_id", flat=True)
    )
    new = Counter(pair.mentor_id for pair in pairs)
    full = [mentors[pk] for pk in mentor_ids if active[pk] + new[pk] > (mentors[pk].capacity or 0)]
    if full:
        raise PairingRefused(
            [
                _("%(names)s would have more mentees than they can take. Nothing was published.")
                % {"names": name_list(full)}
            ]
        )
