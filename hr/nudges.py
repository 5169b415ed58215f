"""HR's message to the pairs at risk (a "nudge"), from the page of pairs that need HR.

HR picks one pair at risk, or every pair at risk of a programme, reads on a confirmation
page how many pairs and emails, and the very emails each member will read in their own
language, may add a short line of their own, and sends. `nudge`, in one transaction:

- refuses anyone but an active HR admin (PermissionDenied);
- locks the pairs and keeps those still at risk (`Pair.objects.at_risk`) whose two members
  are still here and neither of whom has asked HR to end the pair: a pair with a member who
  has left, or asking to end, is ended, not nudged;
- leaves out a pair whose last nudge is still waiting to be sent (another page, the Back
  button): it would write the same email twice;
- leaves out the pairs nudged in the last NUDGE_AGAIN_AFTER_DAYS days, unless HR asks to
  nudge them again;
- writes one reminder row per member through the reminders' outbox
  (`reminders.planning.pairs_nudged`), which the sweep sends exactly once; the confirmation
  page's token is in each row's key, so the same page posted twice sends nothing more;
- records one `pair_nudged` entry per pair in the audit trail: HR, the programme, the pair,
  the emails, and whether HR added a line of their own, never the line itself (the trail
  holds no free text: docs/hr.md).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record_many, target_of
from common.bilingual import sort_key
from meetings.models import ExitRequest, Meeting
from pairing.models import Pair
from people.access import check_hr_admin
from people.directory import language_name
from people.models import User
from programmes.models import Programme
from reminders import emails as reminder_emails
from reminders import planning
from reminders.models import Reminder
from reminders.sending import PAIR_NUDGE_QUIET_HOURS

NUDGE_AGAIN_AFTER_DAYS = 14  # a pair nudged more recently is left out unless HR insists
NOTE_MAX_LENGTH = 500
EMAILS_PER_PAIR = 2


def with_nudge_facts(pairs: QuerySet) -> QuerySet:
    """Pairs annotated with `last_held` (their last session held), `last_nudged` (when HR
    last wrote to them), `nudge_waiting` (when HR wrote a nudge not sent yet, else None) and
    `asks_to_end` (a member's request to end the pair is open). Subqueries: the whole list
    stays one query."""
    last_held = (
        Meeting.objects.filter(pair=OuterRef("pk"), status=Meeting.Status.HELD)
        .order_by()
        .values("pair")
        .annotate(last=Max("starts_at"))
        .values("last")
    )
    nudges = Reminder.objects.filter(pair=OuterRef("pk"), kind=Reminder.Kind.PAIR_NUDGE)
    last_nudged = nudges.order_by().values("pair").annotate(last=Max("created_at")).values("last")
    waiting = (
        nudges.filter(status__in=Reminder.ACTIVE_STATUSES)
        .order_by()
        .values("pair")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    asks_to_end = ExitRequest.objects.filter(pair=OuterRef("pk"), withdrawn_at__isnull=True)
    return pairs.annotate(
        last_held=Subquery(last_held),
        last_nudged=Subquery(last_nudged),
        nudge_waiting=Subquery(waiting),
        asks_to_end=Exists(asks_to_end),
    )


def recently(now: datetime) -> datetime:
    return now - timedelta(days=NUDGE_AGAIN_AFTER_DAYS)


def too_soon(now: datetime) -> datetime:
    """A pair nudged after this is not nudged again, even when HR insists: the sender drops
    a nudge to a member who had one for the pair within PAIR_NUDGE_QUIET_HOURS."""
    return now - timedelta(hours=PAIR_NUDGE_QUIET_HOURS)


def _both_here() -> Q:
    return Q(mentor_person__is_active=True, mentee_person__is_active=True)


@dataclass
class Plan:
    """What a confirmation page offers: the pairs to nudge, and those it leaves out."""

    pairs: list[Pair]  # at risk, both members here, not asking to end, no nudge waiting
    recent: list[Pair]  # of those, nudged in the last NUDGE_AGAIN_AFTER_DAYS days
    with_leaver: int  # at risk, but a member has left: ended, not nudged
    asking_to_end: list[Pair] = field(default_factory=list)  # a member asked HR to end it
    waiting: list[Pair] = field(default_factory=list)  # a nudge not sent yet: not another
    too_soon: list[Pair] = field(default_factory=list)  # nudged less than a day ago
    programme: Programme | None = None
    pair: Pair | None = None  # the one pair asked for, whatever its state

    @property
    def fresh(self) -> list[Pair]:
        return [pair for pair in self.pairs if pair not in self.recent]

    def to_send(self, again: bool) -> list[Pair]:
        return self.pairs if again else self.fresh


def _plan(pairs: QuerySet, now: datetime, **scope: object) -> Plan:
    at_risk = list(
        with_nudge_facts(Pair.objects.at_risk(now).filter(pk__in=pairs.values("pk")))
        .with_people()
        .order_by(sort_key("programme__name"), "mentor_person__name", "mentee_person__name", "pk")
    )
    here = [p for p in at_risk if p.mentor_person.is_active and p.mentee_person.is_active]
    for pair in here:  # in brackets after a name, as inside a sentence (« (français) »)
        pair.mentor_language = language_name(
            pair.mentor_person.preferred_language, in_sentence=True
        )
        pair.mentee_language = language_name(
            pair.mentee_person.preferred_language, in_sentence=True
        )
    asking = [p for p in here if p.asks_to_end]
    waiting = [p for p in here if not p.asks_to_end and p.nudge_waiting]
    pairs = [p for p in here if not p.asks_to_end and not p.nudge_waiting]
    soon = [p for p in pairs if p.last_nudged and p.last_nudged >= too_soon(now)]
    pairs = [p for p in pairs if p not in soon]
    recent = [p for p in pairs if p.last_nudged and p.last_nudged >= recently(now)]
    return Plan(
        pairs=pairs,
        recent=recent,
        with_leaver=len(at_risk) - len(here),
        asking_to_end=asking,
        waiting=waiting,
        too_soon=soon,
        **scope,
    )


def plan_for_pair(pair: Pair, now: datetime | None = None) -> Plan:
    return _plan(Pair.objects.filter(pk=pair.pk), now or timezone.now(), pair=pair)


def plan_for_programme(programme: Programme, now: datetime | None = None) -> Plan:
    pairs = Pair.objects.filter(programme=programme)
    return _plan(pairs, now or timezone.now(), programme=programme)


@dataclass(frozen=True)
class Sample:
    """One email as its recipient will read it, written in their language."""

    recipient: User
    language: str
    subject: str
    body: str

    @property
    def language_name(self) -> str:
        """As it reads inside a sentence ("in French", « en français »)."""
        return language_name(self.language, in_sentence=True)


def samples(plan: Plan, *, by: User, note: str, batch: str, one_per_language: bool) -> list[Sample]:
    """The emails the page shows: each member's for one pair; for a programme, the first
    member's of each language (the others differ only by their names and dates)."""
    rows = planning.nudge_rows(plan.pairs, by=by, note=note, batch=batch)
    shown, seen = [], set()
    for row in rows:
        language = row.recipient.preferred_language
        if one_per_language and language in seen:
            continue
        seen.add(language)
        message = reminder_emails.compose(row)
        # The text version, as plain text: the page escapes it (it may hold HR's markup).
        shown.append(Sample(row.recipient, language, str(message.subject), f"{message.body}"))
    return shown


def clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("At most %(limit)d characters, please (%(count)d now).")
                % {"limit": NOTE_MAX_LENGTH, "count": len(note)}
            }
        )
    return note


def _batch(value: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError as exc:
        raise ValidationError(_("This page has expired: open it again.")) from exc


@dataclass
class Outcome:
    nudged: list[Pair] = field(default_factory=list)
    emails: int = 0
    left_out_recent: int = 0  # nudged recently, and HR did not ask again
    no_longer: int = 0  # met since, ended, or a member left, since the page was shown
    repeated: int = 0  # already nudged by this very page (posted twice)
    asking_to_end: int = 0  # a member asked HR to end the pair: not nudged
    waiting: int = 0  # a nudge of another page is still waiting to be sent: not another


@transaction.atomic
def nudge(
    *,
    pairs: Sequence[Pair],
    by: User,
    batch: str,
    note: str = "",
    again: bool = False,
    now: datetime | None = None,
) -> Outcome:
    """Send HR's message to each member of these pairs, once (see the module's docstring)."""
    if by is None:
        raise PermissionDenied  # a nudge is a person's message, never the system's
    check_hr_admin(by)
    note, batch = clean_note(note), _batch(batch)
    now = now or timezone.now()
    asked = sorted({pair.pk for pair in pairs})
    # One nudge of a pair at a time: a second page posted at once waits, then sees the first.
    list(Pair.objects.select_for_update().filter(pk__in=asked).order_by("pk").values("pk"))
    current = list(
        with_nudge_facts(Pair.objects.at_risk(now).filter(_both_here(), pk__in=asked))
        .select_related("programme", "mentor_person", "mentee_person")
        .order_by("pk")
    )
    done = set(
        Reminder.objects.filter(
            kind=Reminder.Kind.PAIR_NUDGE, pair__in=asked, dedupe_key__contains=f":b{batch}:"
        ).values_list("pair_id", flat=True)
    )
    outcome = Outcome(no_longer=len(asked) - len(current), repeated=len(done))
    for pair in current:
        if pair.pk in done:
            continue
        if pair.asks_to_end:
            outcome.asking_to_end += 1
            continue
        if pair.nudge_waiting:
            outcome.waiting += 1
            continue
        if pair.last_nudged and pair.last_nudged >= (
            too_soon(now) if again else recently(now)
        ):  # even "Nudge again" waits a day: the sender would drop it (reminders.sending)
            outcome.left_out_recent += 1
            continue
        outcome.nudged.append(pair)
    rows = planning.pairs_nudged(outcome.nudged, by=by, note=note, batch=batch, now=now)
    outcome.emails = len(rows)
    record_many(
        [
            Entry(
                kind=Entry.Kind.PAIR_NUDGED,
                at=now,
                actor=by,
                programme_id=pair.programme_id,
                target=target_of(pair),
                details={"emails": EMAILS_PER_PAIR, "note": bool(note)},
            )
            for pair in outcome.nudged
        ]
    )
    return outcome
