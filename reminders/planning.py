"""Reminder rows written with the session changes that make them due.

The meetings app calls `meeting_changed`, `meetings_changed`, `meeting_logged` and
`meeting_cancelled` INSIDE the transaction that changes a session (an arrow upwards that
docs/architecture.md allows), so that a reminder exists exactly when the change that makes
it due was committed. HR's cockpit calls `pairs_nudged` inside the transaction that records
its message to quiet pairs. Every function here is idempotent: called again for the same
state, it writes nothing new. The sweep (reminders.sweeping) claims the rows once they are
due.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from meetings.models import Feedback, Meeting
from pairing.models import Pair
from people.models import User
from programmes.models import Programme

from .activity import with_last_activity
from .models import (
    DAYS_BEFORE_DEFAULT,
    ProgrammeReminderSettings,
    Reminder,
    instant,
)

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Status = Reminder.Status

# What happened to a session, as a change notice says it (SESSION_CHANGED's context).
ADDED, MOVED, MOVED_BY_HR = "added", "moved", "moved_by_hr"
CHANGES = (ADDED, MOVED, MOVED_BY_HR)

LOG_NUDGE_AFTER = timedelta(days=1)  # after the session's end, if nobody has logged it
MEETINGS_AT_ONCE = 500  # sessions whose reminders are written by one set of queries


def _members(meeting: Meeting) -> tuple[int, int]:
    return (meeting.pair.mentor_person_id, meeting.pair.mentee_person_id)


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())


def _meeting_row(
    kind: str, meeting: Meeting, recipient_id: int, due_at: datetime, key: str
) -> Reminder:
    return Reminder(
        kind=kind,
        recipient_id=recipient_id,
        programme_id=meeting.pair.programme_id,
        pair_id=meeting.pair_id,
        meeting=meeting,
        due_at=due_at,
        dedupe_key=key,
        context={"starts_at": instant(meeting.starts_at), "sequence": meeting.sequence},
    )


def meeting_changed(meeting: Meeting, *, change: str | None = None, by: User | None = None) -> None:
    """A session was planned, added or moved: its reminders at its current time, and only those.

    The "coming up" reminder goes to each member N days before (N is the programme's),
    with the invitation; at once if the session is nearer than that, or if the member
    already received an invitation for an earlier time (their calendar needs the new one).
    The nudge to log it comes a day after its end. Reminders of an earlier time or sequence
    that were not sent are superseded. Idempotent.

    With a `change` (ADDED or MOVED by the member `by`, or MOVED_BY_HR), the people it
    concerns (the other member; both when HR moved it) are told at once, with the
    updated invitation (SESSION_CHANGED); their "coming up" reminder keeps its day.
    """
    if meeting.status != Meeting.Status.PLANNED:
        meetings_changed([meeting])
        return
    told = _concerned(meeting, change, by)
    _plan([meeting], told={meeting.pk: told})
    if change is not None:
        _tell(meeting, change, by, told)


def _concerned(meeting: Meeting, change: str | None, by: User | None) -> set[int]:
    """Who must hear of a change at once: the other member, or both when HR made it."""
    if change is None:
        return set()
    if change not in CHANGES:
        raise ValueError(f"Unknown change: {change!r}")
    return {person_id for person_id in _members(meeting) if by is None or person_id != by.pk}


def _tell(meeting: Meeting, change: str, by: User | None, told: set[int]) -> None:
    now = timezone.now()
    wanted = []
    for person_id in sorted(told):
        key = f"{Kind.SESSION_CHANGED}:m{meeting.pk}:s{meeting.sequence}:u{person_id}"
        row = _meeting_row(Kind.SESSION_CHANGED, meeting, person_id, now, key)
        row.context.update(change=change, by=by.pk if by else None)
        wanted.append(row)
    # A notice of an earlier version not sent yet is superseded by this one.
    _replace([meeting], [Kind.SESSION_CHANGED], wanted)


def meetings_changed(meetings: Iterable[Meeting]) -> None:
    """`meeting_changed` for many sessions at once (a schedule at publication): a few queries
    for every 500 sessions instead of a few for each."""
    planned = []
    for meeting in meetings:
        if meeting.status == Meeting.Status.CANCELLED:
            meeting_cancelled(meeting)
        elif meeting.status == Meeting.Status.HELD:
            meeting_logged(meeting)
        else:
            planned.append(meeting)
    for start in range(0, len(planned), MEETINGS_AT_ONCE):
        _plan(planned[start : start + MEETINGS_AT_ONCE])


def _plan(meetings: Sequence[Meeting], *, told: dict[int, set[int]] | None = None) -> None:
    """`told`: by session, the people a change notice tells at once (with the invitation):
    their "coming up" reminder keeps its day, and is not written when that day has come."""
    told = told or {}
    now = timezone.now()
    leads = {
        programme_id: timedelta(days=days)
        for programme_id, days in ProgrammeReminderSettings.objects.filter(
            programme_id__in={meeting.pair.programme_id for meeting in meetings}
        ).values_list("programme_id", "days_before")
    }
    invited = _invited(meetings)
    wanted = []
    for meeting in meetings:
        lead = leads.get(meeting.pair.programme_id, timedelta(days=DAYS_BEFORE_DEFAULT))
        version = f"{_stamp(meeting.starts_at)}.{meeting.sequence}"
        for person_id in _members(meeting):
            told_now = person_id in told.get(meeting.pk, ())
            if meeting.starts_at > now and not (told_now and meeting.starts_at - lead <= now):
                due_at = meeting.starts_at - lead
                if not told_now and (due_at < now or (meeting.pk, person_id) in invited):
                    due_at = now
                key = f"{Kind.UPCOMING_SESSION}:m{meeting.pk}:{version}:u{person_id}"
                wanted.append(_meeting_row(Kind.UPCOMING_SESSION, meeting, person_id, due_at, key))
            due_at = max(meeting.ends_at + LOG_NUDGE_AFTER, now)
            key = f"{Kind.LOG_NUDGE}:m{meeting.pk}:{_stamp(meeting.starts_at)}:u{person_id}"
            wanted.append(_meeting_row(Kind.LOG_NUDGE, meeting, person_id, due_at, key))
    _replace(meetings, [Kind.UPCOMING_SESSION, Kind.LOG_NUDGE, Kind.SESSION_CANCELLED], wanted)


def meeting_logged(meeting: Meeting) -> None:
    """A session was logged (or its log edited, or feedback given on it).

    The reminders of a planned session are withdrawn; each member who has not given
    feedback yet is asked for it, and requests to those who have are withdrawn. Idempotent.
    """
    now = timezone.now()
    given = set(Feedback.objects.filter(meeting=meeting).values_list("author_id", flat=True))
    wanted = [
        _meeting_row(
            Kind.FEEDBACK_REQUEST,
            meeting,
            person_id,
            now,
            f"{Kind.FEEDBACK_REQUEST}:m{meeting.pk}:u{person_id}",
        )
        for person_id in _members(meeting)
        if person_id not in given
    ]
    _withdraw(
        meeting,
        [Kind.UPCOMING_SESSION, Kind.LOG_NUDGE, Kind.SESSION_CHANGED],
        Status.CANCELLED,
        now,
    )
    _replace([meeting], [Kind.FEEDBACK_REQUEST], wanted, retire_as=Status.CANCELLED)


def meeting_cancelled(meeting: Meeting, *, by: User | None = None) -> None:
    """A session was cancelled: nothing of it is sent any more, except the cancellation (with
    the CANCEL invitation that removes the event from calendars), at once, to the other
    member (`by` cancelled it; both when HR did) and to a member who received an invitation."""
    now = timezone.now()
    invited = _invited([meeting])
    concerned = {person_id for person_id in _members(meeting) if by is None or person_id != by.pk}
    invited |= {(meeting.pk, person_id) for person_id in concerned}
    wanted = [
        _meeting_row(
            Kind.SESSION_CANCELLED,
            meeting,
            person_id,
            now,
            f"{Kind.SESSION_CANCELLED}:m{meeting.pk}:s{meeting.sequence}:u{person_id}",
        )
        for person_id in _members(meeting)
        if (meeting.pk, person_id) in invited
    ]
    for row in wanted:
        row.context["by"] = by.pk if by else None
    _withdraw(
        meeting,
        [Kind.UPCOMING_SESSION, Kind.LOG_NUDGE, Kind.FEEDBACK_REQUEST, Kind.SESSION_CHANGED],
        Status.CANCELLED,
        now,
    )
    _replace([meeting], [Kind.SESSION_CANCELLED], wanted)


def _invited(meetings: Sequence[Meeting]) -> set[tuple[int, int]]:
    """(session, member) pairs where the member received an invitation (at any of its times),
    with a reminder or a change notice."""
    return set(
        Reminder.objects.filter(
            meeting__in=meetings,
            kind__in=[Kind.UPCOMING_SESSION, Kind.SESSION_CHANGED],
            status=Status.SENT,
        ).values_list("meeting_id", "recipient_id")
    )


def _withdraw(meeting: Meeting, kinds: Sequence[str], status: str, now: datetime) -> int:
    # A row a sender holds is locked: this waits for it, then finds it sent, or not.
    return (
        Reminder.objects.filter(meeting=meeting, kind__in=kinds)
        .active()
        .update(status=status, last_error="", updated_at=now)
    )


def _replace(
    meetings: Sequence[Meeting],
    kinds: Sequence[str],
    wanted: Sequence[Reminder],
    *,
    retire_as: str = Status.SUPERSEDED,
) -> None:
    """Make the sessions' reminders of these kinds the wanted ones: retire the others that
    were not sent, write the missing ones, revive withdrawn ones that are wanted again."""
    now = timezone.now()
    keys = [row.dedupe_key for row in wanted]
    Reminder.objects.filter(meeting__in=meetings, kind__in=kinds).active().exclude(
        dedupe_key__in=keys
    ).update(status=retire_as, updated_at=now)
    existing = {row.dedupe_key: row for row in Reminder.objects.filter(dedupe_key__in=keys)}
    missing = []
    for row in wanted:
        found = existing.get(row.dedupe_key)
        if found is None:
            missing.append(row)
        elif found.status in (Status.SUPERSEDED, Status.CANCELLED):
            Reminder.objects.filter(pk=found.pk, status=found.status).update(
                status=Status.PENDING,
                due_at=row.due_at,
                context=row.context,
                claim=None,
                claimed_at=None,
                attempts=0,
                last_error="",
                updated_at=now,
            )
        elif found.status == Status.PENDING and found.due_at != row.due_at:
            Reminder.objects.filter(pk=found.pk, status=Status.PENDING).update(
                due_at=row.due_at, updated_at=now
            )
        # Claimed, sent or failed: that reminder is settled or on its way; never twice.
    # A concurrent call may have written the same rows: the dedupe key keeps one.
    Reminder.objects.bulk_create(missing, batch_size=1000, ignore_conflicts=True)


@transaction.atomic
def set_days_before(*, programme: Programme, days: int, by: User) -> ProgrammeReminderSettings:
    """Change N for a programme, and move its pending "coming up" reminders accordingly."""
    programme_settings, _ = ProgrammeReminderSettings.objects.update_or_create(
        programme=programme, defaults={"days_before": days}
    )
    now = timezone.now()
    pending = list(
        Reminder.objects.select_for_update(of=("self",))
        .filter(programme=programme, kind=Kind.UPCOMING_SESSION, status=Status.PENDING)
        .select_related("meeting")
    )
    for reminder in pending:
        reminder.due_at = max(reminder.meeting.starts_at - timedelta(days=days), now)
    Reminder.objects.bulk_update(pending, ["due_at"], batch_size=500)
    logger.info("%s set reminders %s days before for %s.", by.email, days, programme.slug)
    return programme_settings


def nudge_rows(
    pairs: Sequence[Pair], *, by: User | None, note: str, batch: str, now: datetime | None = None
) -> list[Reminder]:
    """HR's message to quiet pairs, as rows not yet written: one PAIR_NUDGE for each member
    of each pair, due at once. HR's confirmation page renders them (the very emails the
    members will read); `pairs_nudged` writes them.

    `batch` is the confirmation page's own token: it is in each dedupe key, so that the same
    page posted twice writes nothing more, while a later nudge of the same pair is a new one.
    The context keeps the pair's last sign of life, checked again when the row is sent: a
    pair that has met since is not told it has not.
    """
    now = now or timezone.now()
    last = dict(
        with_last_activity(Pair.objects.filter(pk__in=[pair.pk for pair in pairs]))
        .order_by()
        .values_list("pk", "last_activity")
    )
    rows = []
    for pair in pairs:
        since = last.get(pair.pk)
        context = {
            "by": by.pk if by is not None else None,
            "note": note,
            "batch": batch,
            "last_activity": instant(since) if since else None,
        }
        for person in (pair.mentor_person, pair.mentee_person):
            rows.append(
                Reminder(
                    kind=Kind.PAIR_NUDGE,
                    recipient=person,
                    programme_id=pair.programme_id,
                    pair=pair,
                    due_at=now,
                    dedupe_key=f"{Kind.PAIR_NUDGE}:p{pair.pk}:b{batch}:u{person.pk}",
                    context=dict(context),
                )
            )
    return rows


def pairs_nudged(
    pairs: Sequence[Pair], *, by: User | None, note: str, batch: str, now: datetime | None = None
) -> list[Reminder]:
    """Write HR's message to each member of these pairs (see `nudge_rows`), in the caller's
    transaction; the sweep sends them once each. The rows written: none for a batch that was
    already written."""
    rows = nudge_rows(pairs, by=by, note=note, batch=batch, now=now)
    known = set(
        Reminder.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).values_list(
            "dedupe_key", flat=True
        )
    )
    new = [row for row in rows if row.dedupe_key not in known]
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return new
