"""When someone leaves the company (people.leavers.person_left): their future sessions go.

Each planned session to come of the person's active pairs is cancelled through the same
service as a member's own cancellation, in the leaving transaction, so that the reminders
outbox tells the partner exactly once and withdraws the session's pending reminders. The
reason is written in the partner's language, who is the one to read it.
"""

from datetime import date
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pairing.models import Pair
from people.models import User

from . import services
from .models import Meeting

LEFT_REASON_MAX = 200


def cancel_future_sessions(
    sender: type[User], *, person: User, left_on: date, by: User | None, **kwargs: Any
) -> int:
    """Cancel the leaver's planned sessions to come; returns how many."""
    meetings = (
        Meeting.objects.filter(
            pair__in=Pair.objects.active().of_person(person),
            status=Meeting.Status.PLANNED,
            starts_at__gt=timezone.now(),
        )
        .select_related("pair__mentor_person", "pair__mentee_person")
        .order_by("starts_at")
    )
    cancelled = 0
    for meeting in meetings:
        partner = meeting.pair.other_member(person)
        with translation.override(partner.preferred_language):
            reason = _("%(name)s has left the company.") % {"name": person.name}
        services.cancel_meeting(meeting=meeting, by=person, reason=reason[:LEFT_REASON_MAX])
        cancelled += 1
    return cancelled
