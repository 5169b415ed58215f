"""The demo's part of HR's work list that earlier steps leave empty, so that every line of it
has something to show (hr/worklist.py). The last step of `seed_demo`: it reads what the
others built, and it records a leaver, which the outcomes step must not find before it has
written the directory's history.

In “CSR and sustainability” (running), among the pairs that are not the demo accounts':
- a reminder the mail server refused;
- a mentee of a pair at risk asks HR to end the pair (meetings' own service);
- another pair at risk was nudged by HR nine days ago (its line says so, and nudging it
  again asks first);
- a mentor of a pair that still meets has left the company, through people/leavers.py: the
  account closes, the coming sessions are cancelled and the partner's notices queued;
and a programme ending this week whose final review is under half answered
(hr/demo_ending.py). Each part is matched on what it wrote, so a second run adds nothing.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from audit.models import Entry
from audit.recording import record_many, target_of
from enrolments.demo import written_by
from meetings import services as meetings
from meetings.models import ExitRequest, Meeting
from pairing.models import Pair
from people import leavers
from reminders.activity import last_activity
from reminders.models import Reminder, instant

from .demo_ending import seed_programme_ending

RUNNING = "csr-sustainability"
FAILED_KEY = "demo:failed-log-nudge"
NUDGE_KEY = "demo:pair-nudge"
NUDGED_DAYS_AGO = 9
EXIT_REASON = (  # in the language of the member who writes it
    "Since I moved to the Lyon plant our diaries never match, and we have not met for two "
    "months. We would both rather start again with someone closer.",
    "Depuis que je suis à l’usine de Lyon, nos agendas ne concordent jamais et nous ne nous "
    "sommes pas vus depuis deux mois. Nous préférerions tous les deux repartir avec "
    "quelqu’un de plus proche.",
)


def seed_hr_worklist(demo: Any) -> str:
    now = timezone.now()
    pairs = list(
        Pair.objects.active()
        .filter(programme__slug=RUNNING)
        .exclude(mentor_person__in=demo.accounts.values())
        .exclude(mentee_person__in=demo.accounts.values())
        .select_related("programme", "mentor_person", "mentee_person")
        .order_by("pk")
    )
    at_risk = set(Pair.objects.at_risk(now).values_list("pk", flat=True))
    quiet = [pair for pair in pairs if pair.pk in at_risk]
    meeting = [pair for pair in pairs if pair.pk not in at_risk]
    added = [
        _failed_reminder(pairs),
        _exit_request(quiet),
        _nudged(quiet[1:], by=demo.accounts["hr"], now=now),
        _leaver(meeting[::-1]),
        seed_programme_ending(demo),
    ]
    added = [line for line in added if line]
    return "HR's work list: " + ("; ".join(added) if added else "nothing to add")


def _failed_reminder(pairs: list[Pair]) -> str:
    if Reminder.objects.filter(dedupe_key=FAILED_KEY).exists():
        return ""
    for pair in pairs:
        held = (
            Meeting.objects.filter(pair=pair, status=Meeting.Status.HELD)
            .order_by("-starts_at")
            .first()
        )
        if held is not None:
            break
    else:
        return ""
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
    return "1 reminder the mail server refused"


def _exit_request(quiet: list[Pair]) -> str:
    if not quiet or ExitRequest.objects.filter(pair__programme__slug=RUNNING).exists():
        return ""
    pair = quiet[0]
    meetings.request_exit(
        pair=pair, by=pair.mentee_person, reason=written_by(pair.mentee_person, EXIT_REASON)
    )
    return "1 pair asks to end"


def _nudged(quiet: list[Pair], *, by: Any, now: Any) -> str:
    """HR's nudge of a quiet pair, sent nine days ago: the rows the sweep would have left,
    and the trail's entry."""
    if not quiet or Reminder.objects.filter(dedupe_key__startswith=NUDGE_KEY).exists():
        return ""
    pair, when = quiet[0], now - timedelta(days=NUDGED_DAYS_AGO)
    since = last_activity(pair)
    context = {
        "by": by.pk,
        "note": "",
        "batch": "demo",
        "last_activity": instant(since) if since else None,
    }
    rows = Reminder.objects.bulk_create(
        Reminder(
            kind=Reminder.Kind.PAIR_NUDGE,
            status=Reminder.Status.SENT,
            recipient=person,
            programme=pair.programme,
            pair=pair,
            dedupe_key=f"{NUDGE_KEY}:p{pair.pk}:u{person.pk}",
            context=context,
            due_at=when,
            sent_at=when,
            attempts=1,
        )
        for person in (pair.mentor_person, pair.mentee_person)
    )
    Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=when)
    record_many(
        [
            Entry(
                kind=Entry.Kind.PAIR_NUDGED,
                at=when,
                actor=by,
                programme=pair.programme,
                target=target_of(pair),
                details={"emails": 2, "note": False},
            )
        ]
    )
    return f"1 pair nudged {NUDGED_DAYS_AGO} days ago"


def _leaver(meeting: list[Pair]) -> str:
    if not meeting or Pair.objects.with_leaver().filter(programme__slug=RUNNING).exists():
        return ""
    person = meeting[0].mentor_person
    leavers.deactivate(person=person, by=None, source=leavers.Source.DIRECTORY)
    return "1 mentor has left the company"
