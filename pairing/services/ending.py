"""After publication: ending a pair, and who is left alone to re-pair."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from enrolments.models import Enrolment
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from ..cohort import Role
from ..guards import PairingRefused
from ..models import NOTE_MAX_LENGTH, Pair

logger = logging.getLogger(__name__)


def end_pair(*, pair: Pair, by: User | None, reason: str, note: str = "") -> Pair:
    """Close an active pair; its members may then be re-paired."""
    check_hr_admin(by)
    note = note.strip()
    if reason not in Pair.EndReason.values:
        raise ValidationError({"reason": _("Choose why the pair ends.")})
    if reason == Pair.EndReason.OTHER and not note:
        raise ValidationError({"note": _("Say in a few words why the pair ends.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("At most %(limit)d characters, please.") % {"limit": NOTE_MAX_LENGTH}}
        )
    with transaction.atomic():
        current = Pair.objects.select_for_update().filter(pk=pair.pk).first()
        if current is None or not current.can_end:
            raise PairingRefused([_("This pair is not active: it may have just been ended.")])
        current.status = Pair.Status.ENDED
        current.ended_at, current.ended_by = timezone.now(), by
        current.end_reason, current.end_note = reason, note
        current.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "end_note"])
        # The reason's code, never the note: what HR wrote about a pair stays on the pair.
        record(
            Entry.Kind.PAIR_ENDED,
            by=by,
            programme=current.programme,
            target=current,
            changes={"status": [Pair.Status.ACTIVE, Pair.Status.ENDED]},
            details={"reason": reason},
        )
    logger.info("%s ended pair %s.", by.email if by else "The system", current.code)
    return current


def left_alone(programme: Programme) -> list[Enrolment]:
    """Approved people whose pair ended and who could take a new one: mentees without an
    active pair or proposal, mentors with a place left. One query, of the columns the
    published pairs page shows of them (their name, email and role)."""
    open_pairs = [Pair.Status.PROPOSED, Pair.Status.ACTIVE]
    ended = Pair.objects.filter(programme=programme, status=Pair.Status.ENDED)
    candidates = (
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
        .filter(Q(pk__in=ended.values("mentor_id")) | Q(pk__in=ended.values("mentee_id")))
        .annotate(
            mentoring=Count(
                "pairs_as_mentor",
                filter=Q(pairs_as_mentor__status__in=open_pairs),
                distinct=True,
            ),
            mentored=Count(
                "pairs_as_mentee",
                filter=Q(pairs_as_mentee__status__in=open_pairs),
                distinct=True,
            ),
        )
        .filter(Q(role=Role.MENTOR, capacity__gt=F("mentoring")) | Q(role=Role.MENTEE, mentored=0))
        .select_related("person")
        .only("code", "role", "capacity", "person__name", "person__email")
        .order_by("person__name", "pk")
    )
    return list(candidates)
