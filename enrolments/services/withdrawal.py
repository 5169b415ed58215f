"""A volunteer steps back from a programme."""

import logging

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User

from ..models import REASON_MAX_LENGTH, Enrolment
from .errors import EnrolmentRefused

logger = logging.getLogger(__name__)


def withdraw(*, enrolment: Enrolment, by: User, reason: str = "") -> Enrolment:
    """The volunteer steps back, at any time; HR sees it and the reason, if given."""
    if by.pk != enrolment.person_id:
        raise PermissionDenied
    # A conditional update: a double click, or a decision at the same moment, cannot undo it.
    withdrawn = Enrolment.objects.filter(
        pk=enrolment.pk, status__in=Enrolment.ACTIVE_STATUSES
    ).update(
        status=Enrolment.Status.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawal_reason=reason.strip()[:REASON_MAX_LENGTH],
    )
    enrolment.refresh_from_db()
    if not withdrawn:
        raise EnrolmentRefused(
            [
                _("This enrolment is already “%(status)s”: there is nothing to withdraw.")
                % {"status": enrolment.get_status_display()}
            ]
        )
    logger.info("%s withdrew from %s.", by.email, enrolment.programme.slug)
    return enrolment
