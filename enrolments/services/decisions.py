"""HR's review: approve, waitlist or decline volunteers, each emailed the decision."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record_many
from common import formatting
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from .. import tasks
from ..models import REASON_MAX_LENGTH, Enrolment
from .errors import EnrolmentRefused

logger = logging.getLogger(__name__)
Status = Enrolment.Status


@dataclass
class Decided:
    """What a decision changed; `unchanged` already held that decision (no second email)."""

    changed: list[Enrolment] = field(default_factory=list)
    unchanged: list[Enrolment] = field(default_factory=list)


def decide(
    *,
    programme: Programme,
    enrolments: Iterable[Enrolment],
    decision: str,
    reason: str = "",
    by: User | None,
) -> Decided:
    """Approve, waitlist or decline these volunteers of the programme: all of them or none.

    Each person whose status changes is emailed in their own language, after commit.
    Declining needs a reason, which the email gives. Volunteers who already hold
    this decision are left alone; if one of them withdrew meanwhile, nothing changes.
    """
    check_hr_admin(by)
    reason = _checked_reason(decision, reason)
    if not programme.is_editable:
        raise EnrolmentRefused([_("This programme is over: its volunteers can no longer change.")])
    ids = {enrolment.pk for enrolment in enrolments}
    if not ids:
        raise ValidationError({"enrolments": _("Tick at least one volunteer.")})
    with transaction.atomic():
        decided, now = Decided(), timezone.now()
        trail: list[Entry] = []
        for row in _lock_decidable(programme, ids):
            if row.status == decision:
                decided.unchanged.append(row)
            else:
                # The decision, never its reason: a decline's words stay on the enrolment.
                trail.append(
                    Entry(
                        kind=Entry.Kind.ENROLMENT_DECIDED,
                        actor=by,
                        person_id=row.person_id,
                        programme=programme,
                        target=f"enrolment:{row.code}",
                        changes={"status": [row.status, decision]},
                        details={"role": row.role},
                    )
                )
                row.status, row.decision_reason = decision, reason
                row.decided_by, row.decided_at = by, now
                decided.changed.append(row)
        Enrolment.objects.bulk_update(
            decided.changed, ["status", "decision_reason", "decided_by", "decided_at"]
        )
        record_many(trail)
        for row in decided.changed:
            tasks.send_decision_email.delay_on_commit(row.pk, decision)
    logger.info(
        "%s: %d volunteer(s) of %s now %s.",
        by.email if by else "the system",
        len(decided.changed),
        programme.slug,
        decision,
    )
    return decided


def _checked_reason(decision: str, reason: str) -> str:
    """The reason, stripped; a decline must give one, as its email does."""
    if decision not in Enrolment.DECISIONS:
        raise ValueError(f"Not a decision: {decision!r}")
    reason = reason.strip()
    if decision == Status.DECLINED and not reason:
        raise ValidationError(
            {"reason": _("Say why: the reason is sent to the person in the email.")}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(limit)d characters, please.") % {"limit": REASON_MAX_LENGTH}}
        )
    return reason


def _lock_decidable(programme: Programme, ids: set[int]) -> list[Enrolment]:
    """The enrolments, locked, once sure each is the programme's and still open to a decision."""
    rows = list(
        Enrolment.objects.select_for_update().filter(programme=programme, pk__in=ids).order_by("pk")
    )
    if len(rows) != len(ids):
        raise EnrolmentRefused([_("Some of these volunteers are not in this programme.")])
    gone = [row for row in rows if row.status not in Enrolment.DECIDABLE_STATUSES]
    if gone:
        names = formatting.word_list(sorted(row.person.name for row in gone))
        raise EnrolmentRefused(
            [
                _("%(names)s withdrew meanwhile. Nothing was changed: please try again.")
                % {"names": names}
            ]
        )
    return rows
