"""Who may see what of the reminders. Views load objects through here.

- Everyone signed in: their own reminder preferences.
- HR admins: every programme's reminder settings and failed reminders (who, what kind,
  when, the mail server's answer); never a session's content, which reminders do not hold.
- Anyone else: a 404 on HR's pages.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.access import require_hr_admin
from people.models import User

from .models import Reminder, ReminderQuerySet


def failed_reminders_for(user: User | AnonymousUser) -> ReminderQuerySet:
    require_hr_admin(user)
    return Reminder.objects.failed().select_related("recipient", "programme", "meeting")


def failed_reminder_for(user: User | AnonymousUser, code: UUID | str) -> Reminder:
    try:
        return failed_reminders_for(user).get(code=code)
    except (Reminder.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
