"""What people do on the reminders pages: a person's choices, HR's second try.

The reminder rows themselves are written by `planning` (with the session changes that make
them due) and `sweeping` (those that come from the passing of time), and sent by `sending`.
"""

import logging

from django.db import transaction
from django.utils import timezone

from people.models import User

from .models import Reminder, ReminderPreferences

logger = logging.getLogger(__name__)


def preferences_for(person: User) -> ReminderPreferences:
    """The person's choices; everything on until they save the page."""
    try:
        return person.reminder_preferences
    except ReminderPreferences.DoesNotExist:
        return ReminderPreferences(person=person)


@transaction.atomic
def retry(*, reminder: Reminder, by: User) -> bool:
    """HR sends a failed reminder again (once more, from the first attempt)."""
    updated = Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.FAILED).update(
        status=Reminder.Status.PENDING,
        due_at=timezone.now(),
        attempts=0,
        claim=None,
        claimed_at=None,
        updated_at=timezone.now(),
    )
    logger.info("%s asked to retry reminder %s.", by.email, reminder.code)
    return bool(updated)
