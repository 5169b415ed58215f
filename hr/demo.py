"""The demo's part of HR's work list that earlier steps leave empty: a reminder the mail
server refused. A step of `seed_demo`, after the evaluation step; a second run adds
nothing (the row is matched on its key)."""

from typing import Any

from meetings.models import Meeting
from pairing.models import Pair
from reminders.models import Reminder

RUNNING = "csr-sustainability"
FAILED_KEY = "demo:failed-log-nudge"


def seed_hr_worklist(demo: Any) -> str:
    pair = (
        Pair.objects.active()
        .filter(programme__slug=RUNNING)
        .exclude(mentor_person__in=demo.accounts.values())
        .exclude(mentee_person__in=demo.accounts.values())
        .select_related("programme")
        .order_by("pk")
        .first()
    )
    held = (
        Meeting.objects.filter(pair=pair, status=Meeting.Status.HELD).order_by("-starts_at").first()
        if pair
        else None
    )
    if held is None or Reminder.objects.filter(dedupe_key=FAILED_KEY).exists():
        return "HR's work list: nothing to add"
    Reminder.objects.create(
        kind=Reminder.Kind.LOG_NUDGE,
        status=Reminder.Status.FAILED,
        recipient=pair.mentor_person,
        programme=pair.programme,
        pair=pair,
        meeting=held,
        dedupe_key=FAILED_KEY,
        due_at=held.starts_at,
        attempts=5,
        last_error="550 5.1.1 Mailbox unavailable",
    )
    return "HR's work list: 1 reminder the mail server refused"
