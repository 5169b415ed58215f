"""Every write to reminders: rows made due by session changes, the sweep, the sending.

The meetings app calls `meeting_changed`, `meeting_logged` and `meeting_cancelled` INSIDE
the transaction that changes a session, so that a reminder exists exactly when the change
that makes it due was committed. The sweep (`sweep`, run by Celery beat every few minutes
or by `manage.py send_due_reminders`) writes the reminders that come from the passing of
time, claims due rows with a conditional UPDATE, and hands each claim to `send_claimed`.

Delivery is exactly once, with one accepted window (see docs/reminders.md):
- a claim is a token written by `UPDATE ... WHERE id IN (...) AND <still claimable>`: of two
  sweeps racing for a row, one updates it, the other finds it no longer claimable;
- a sender locks its row (SELECT ... FOR UPDATE) where the claim is still its own, checks
  again that the reminder is still wanted, sends, marks it sent and commits. A session
  change that withdraws the reminder waits for that lock, then finds it sent, or wins and
  the sender finds the row withdrawn;
- a claim whose worker died is claimable again after REMINDERS_CLAIM_TIMEOUT;
- the window: a worker killed after the SMTP server accepted a message and before the
  commit sends it again on the next claim, with the same Message-ID header, so that a
  mail system can drop the copy.
"""

import contextlib
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from common.emails import subject_line
from meetings import ics
from meetings.models import Feedback, Meeting
from pairing.models import Pair
from people.models import User
from programmes.models import Programme

from .models import (
    DAYS_BEFORE_DEFAULT,
    ProgrammeReminderSettings,
    Reminder,
    ReminderPreferences,
)

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Status = Reminder.Status

LOG_NUDGE_AFTER = timedelta(days=1)  # after the session's end, if nobody has logged it
INACTIVE_AFTER = timedelta(days=45)  # without a session held, HR hears of the pair
DIGEST_WEEKDAY, DIGEST_TIME = 0, time(8, 0)  # Monday morning, in settings.TIME_ZONE
MAX_ATTEMPTS = 5  # then the reminder is failed and shows on HR's page
RETRY_BASE, RETRY_CAP = timedelta(minutes=2), timedelta(hours=1)
CLAIM_BATCH = 1000  # rows claimed by one UPDATE
SEND_BATCH = 25  # reminders sent by one task, over one SMTP connection
MAX_CLAIM_ROUNDS = 100  # a sweep's bound, however much is due
MEETINGS_AT_ONCE = 500  # sessions whose reminders are written by one set of queries


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.REMINDERS_CLAIM_TIMEOUT)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the n-th failed attempt: 2, 4, 8, 16 minutes…, at most 1 h."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


# --- What the meetings app calls, inside its transaction --------------------------------


def _members(meeting: Meeting) -> tuple[int, int]:
    return (meeting.pair.mentor_person_id, meeting.pair.mentee_person_id)


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())


def _instant(moment: datetime) -> str:
    """The moment in UTC, as the context keeps it: the same whatever zone it came in."""
    return moment.astimezone(UTC).isoformat()


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
        context={"starts_at": _instant(meeting.starts_at), "sequence": meeting.sequence},
    )


def meeting_changed(meeting: Meeting) -> None:
    """A session was planned, added or moved: its reminders at its current time, and only those.

    The "coming up" reminder goes to each member N days before (N is the programme's),
    with the invitation; at once if the session is nearer than that, or if the member
    already received an invitation for an earlier time (their calendar needs the new one).
    The nudge to log it comes a day after its end. Reminders of an earlier time or sequence
    that were not sent are superseded. Idempotent.
    """
    meetings_changed([meeting])


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


def _plan(meetings: Sequence[Meeting]) -> None:
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
            if meeting.starts_at > now:
                due_at = meeting.starts_at - lead
                if due_at < now or (meeting.pk, person_id) in invited:
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
    _withdraw(meeting, [Kind.UPCOMING_SESSION, Kind.LOG_NUDGE], Status.CANCELLED, now)
    _replace([meeting], [Kind.FEEDBACK_REQUEST], wanted, retire_as=Status.CANCELLED)


def meeting_cancelled(meeting: Meeting) -> None:
    """A session was cancelled: nothing of it is sent any more, except the cancellation of
    the invitation to the members who received one (it removes the event from calendars)."""
    now = timezone.now()
    invited = _invited([meeting])
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
    _withdraw(
        meeting,
        [Kind.UPCOMING_SESSION, Kind.LOG_NUDGE, Kind.FEEDBACK_REQUEST],
        Status.CANCELLED,
        now,
    )
    _replace([meeting], [Kind.SESSION_CANCELLED], wanted)


def _invited(meetings: Sequence[Meeting]) -> set[tuple[int, int]]:
    """(session, member) pairs where the member received an invitation (at any of its times)."""
    return set(
        Reminder.objects.filter(
            meeting__in=meetings, kind=Kind.UPCOMING_SESSION, status=Status.SENT
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


# --- Settings -------------------------------------------------------------------------------


def preferences_for(person: User) -> ReminderPreferences:
    """The person's choices; everything on until they save the page."""
    try:
        return person.reminder_preferences
    except ReminderPreferences.DoesNotExist:
        return ReminderPreferences(person=person)


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


@transaction.atomic
def retry(*, reminder: Reminder, by: User) -> bool:
    """HR sends a failed reminder again (once more, from the first attempt)."""
    updated = Reminder.objects.filter(pk=reminder.pk, status=Status.FAILED).update(
        status=Status.PENDING,
        due_at=timezone.now(),
        attempts=0,
        claim=None,
        claimed_at=None,
        updated_at=timezone.now(),
    )
    logger.info("%s asked to retry reminder %s.", by.email, reminder.code)
    return bool(updated)


# --- The sweep ---------------------------------------------------------------------------------


@dataclass
class SweepReport:
    written: int = 0  # reminders the passing of time made due (alerts, digests)
    failed: int = 0  # claims given up: their worker died too many times
    claimed: int = 0
    sent: int = 0  # only when sending in this process


def sweep(
    *,
    now: datetime | None = None,
    hand_over: Callable[[list[int], str], Any] | None = None,
) -> SweepReport:
    """One sweep: write time-driven reminders, then claim everything due and hand it over.

    `hand_over(ids, claim)` gets each batch once its claim is committed: the Celery task
    enqueues a task per batch; without it the batch is sent here, in this process.
    """
    now = now or timezone.now()
    report = SweepReport()
    report.written = write_inactive_pair_alerts(now) + write_weekly_digests(now)
    report.failed = fail_exhausted_claims(now)
    for _round in range(MAX_CLAIM_ROUNDS):
        claim, ids = claim_due(now, limit=CLAIM_BATCH)
        report.claimed += len(ids)
        for start in range(0, len(ids), SEND_BATCH):
            batch = ids[start : start + SEND_BATCH]
            if hand_over is None:
                report.sent += send_claimed(reminder_ids=batch, claim=claim)
            else:
                hand_over(batch, claim)
        if len(ids) < CLAIM_BATCH:
            break
    if report.claimed or report.written or report.failed:
        logger.info("Reminders sweep: %s", report)
    return report


def claim_due(now: datetime, *, limit: int) -> tuple[str, list[int]]:
    """Claim up to `limit` due rows for a new token; (token, ids actually won)."""
    stale_before = now - claim_timeout()
    claimable = Reminder.objects.filter(
        Q(status=Status.PENDING, due_at__lte=now)
        | Q(status=Status.CLAIMED, claimed_at__lt=stale_before, attempts__lt=MAX_ATTEMPTS)
    )
    candidates = list(claimable.order_by("due_at", "pk").values_list("pk", flat=True)[:limit])
    claim = uuid.uuid4()
    if not candidates:
        return str(claim), []
    # The condition is evaluated again on each row as the UPDATE reaches it: a row another
    # sweep claimed in between is no longer claimable and is left to that sweep.
    claimable.filter(pk__in=candidates).update(
        status=Status.CLAIMED,
        claim=claim,
        claimed_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    won = list(
        Reminder.objects.filter(claim=claim, status=Status.CLAIMED)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    return str(claim), won


def fail_exhausted_claims(now: datetime) -> int:
    """Claims whose worker died on each of the allowed attempts: failed, for HR to see."""
    return Reminder.objects.filter(
        status=Status.CLAIMED,
        claimed_at__lt=now - claim_timeout(),
        attempts__gte=MAX_ATTEMPTS,
    ).update(
        status=Status.FAILED,
        last_error="The worker stopped while sending it, on every attempt.",
        updated_at=now,
    )


def write_inactive_pair_alerts(now: datetime) -> int:
    """An alert to the programme's HR managers for each active pair without a session held
    for 45 days, once per 45 days of silence."""
    pairs = list(
        _with_last_activity(Pair.objects.active().filter(programme__status="running"))
        .filter(last_activity__lte=now - INACTIVE_AFTER)
        .prefetch_related("programme__managers")
    )
    rows = []
    for pair in pairs:
        silent_for = now - pair.last_activity
        periods = silent_for // INACTIVE_AFTER
        for manager in pair.programme.managers.all():
            if not manager.is_active:
                continue
            key = (
                f"{Kind.INACTIVE_PAIR_ALERT}:p{pair.pk}:{_stamp(pair.last_activity)}"
                f":{periods}:u{manager.pk}"
            )
            rows.append(
                Reminder(
                    kind=Kind.INACTIVE_PAIR_ALERT,
                    recipient=manager,
                    programme_id=pair.programme_id,
                    pair=pair,
                    due_at=now,
                    dedupe_key=key,
                    context={"last_activity": _instant(pair.last_activity)},
                )
            )
    return _write_new(rows)


def _with_last_activity(pairs: Any) -> Any:
    """Pairs annotated with their last session held, or their publication if none."""
    last_held = (
        Meeting.objects.filter(pair=OuterRef("pk"), status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    return pairs.annotate(last_held=Subquery(last_held)).annotate(
        last_activity=Coalesce(Greatest("last_held", "published_at"), "last_held", "published_at")
    )


def digest_week(now: datetime) -> tuple[str, datetime] | None:
    """("2026-W48", Monday 08:00) of the current week once that Monday morning has come."""
    local = timezone.localtime(now)
    monday = local.date() - timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    due_at = timezone.make_aware(datetime.combine(monday, DIGEST_TIME))
    if local < due_at:
        return None
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", due_at


def write_weekly_digests(now: datetime) -> int:
    """One digest a week for each HR admin who manages a running programme."""
    week = digest_week(now)
    if week is None:
        return 0
    label, due_at = week
    managers = User.objects.hr_admins().filter(managed_programmes__status="running").distinct()
    rows = [
        Reminder(
            kind=Kind.WEEKLY_DIGEST,
            recipient=manager,
            due_at=due_at,
            dedupe_key=f"{Kind.WEEKLY_DIGEST}:{label}:u{manager.pk}",
            context={"week": label, "from": (due_at - timedelta(days=7)).isoformat()},
        )
        for manager in managers.only("pk")
    ]
    return _write_new(rows)


def _write_new(rows: list[Reminder]) -> int:
    if not rows:
        return 0
    known = set(
        Reminder.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).values_list(
            "dedupe_key", flat=True
        )
    )
    new = [row for row in rows if row.dedupe_key not in known]
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Sending ---------------------------------------------------------------------------------


def send_claimed(*, reminder_ids: Iterable[int], claim: str) -> int:
    """Send the reminders this claim holds, over one SMTP connection; how many were sent."""
    # What the emails need, read once for the batch; each row is then locked on its own.
    batch = (
        Reminder.objects.filter(pk__in=list(reminder_ids), claim=claim, status=Status.CLAIMED)
        .select_related(
            "recipient__reminder_preferences",
            "programme",
            "pair__programme",
            "pair__mentor_person",
            "pair__mentee_person",
            "meeting",
        )
        .order_by("due_at", "pk")
    )
    connection = mail.get_connection()
    sent = 0
    try:
        for reminder in batch:
            sent += _send_one(reminder, claim, connection)
    finally:
        _close_quietly(connection)
    return sent


def _close_quietly(connection: Any) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def _send_one(reminder: Reminder, claim: str, connection: Any) -> bool:
    if reminder.meeting is not None:
        reminder.meeting.pair = reminder.pair  # loaded once, with its people
    with transaction.atomic():
        # The row is ours only while its claim is: a session change that withdrew it, or a
        # sweep that claimed it again after this claim went stale, has changed it.
        locked = (
            Reminder.objects.select_for_update()
            .filter(pk=reminder.pk, claim=claim, status=Status.CLAIMED)
            .order_by()
            .values_list("pk", flat=True)
        )
        if not list(locked):
            return False
        now = timezone.now()
        withdrawn = why_not_send(reminder, now)
        if withdrawn is not None:
            reminder.status, reminder.last_error = withdrawn
            reminder.save(update_fields=["status", "last_error", "updated_at"])
            return False
        try:
            message = compose(reminder, connection=connection)
        except Exception as exc:  # a bug in a template: no retry will mend it
            logger.exception("Reminder %s could not be written.", reminder.code)
            _give_up(reminder, exc)
            return False
        try:
            connection.open()
            connection.send_messages([message])
        except (smtplib.SMTPException, OSError) as exc:
            _close_quietly(connection)  # the next message opens a fresh connection
            _after_smtp_error(reminder, exc, now)
            return False
        # The accepted window: a crash here, after the SMTP server took the message and
        # before this commit, sends it again on the next claim, with the same Message-ID.
        reminder.status, reminder.sent_at, reminder.last_error = Status.SENT, now, ""
        reminder.save(update_fields=["status", "sent_at", "last_error", "updated_at"])
        return True


def _is_permanent(exc: Exception) -> bool:
    """A 5xx answer, or every recipient refused: trying again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


def _after_smtp_error(reminder: Reminder, exc: Exception, now: datetime) -> None:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    if _is_permanent(exc) or reminder.attempts >= MAX_ATTEMPTS:
        logger.warning("Reminder %s failed for good: %s", reminder.code, error)
        _give_up(reminder, exc)
        return
    logger.info("Reminder %s will be tried again: %s", reminder.code, error)
    reminder.status = Status.PENDING
    reminder.due_at = now + retry_delay(reminder.attempts)
    reminder.last_error = error
    reminder.save(update_fields=["status", "due_at", "last_error", "updated_at"])


def _give_up(reminder: Reminder, exc: Exception) -> None:
    reminder.status = Status.FAILED
    reminder.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    reminder.save(update_fields=["status", "last_error", "updated_at"])


def why_not_send(reminder: Reminder, now: datetime) -> tuple[str, str] | None:
    """(status, reason) when the reminder is no longer wanted, checked under its lock."""
    recipient = reminder.recipient
    if not recipient.is_active:
        return Status.CANCELLED, "The recipient's account is inactive."
    if reminder.kind in Reminder.MEMBER_KINDS and not preferences_for(recipient).wants(
        reminder.kind
    ):
        return Status.CANCELLED, "The recipient turned this kind of reminder off."
    if reminder.kind in Reminder.MEETING_KINDS:
        return _why_not_meeting(reminder, now)
    if reminder.kind == Kind.INACTIVE_PAIR_ALERT:
        pair = reminder.pair
        if pair is None or pair.status != Pair.Status.ACTIVE:
            return Status.CANCELLED, "The pair has ended."
        if not pair.programme.managers.filter(pk=recipient.pk).exists():
            return Status.CANCELLED, "The recipient no longer manages the programme."
        last = _with_last_activity(Pair.objects.filter(pk=pair.pk)).values_list(
            "last_activity", flat=True
        )[0]
        if _instant(last) != reminder.context.get("last_activity"):
            return Status.SUPERSEDED, "The pair has met since."
    if reminder.kind == Kind.WEEKLY_DIGEST and not recipient.is_hr_admin:
        return Status.CANCELLED, "The recipient is no longer an HR admin."
    return None


def _why_not_meeting(reminder: Reminder, now: datetime) -> tuple[str, str] | None:
    meeting = reminder.meeting
    kind = reminder.kind
    context = reminder.context
    moved = (_instant(meeting.starts_at), meeting.sequence) != (
        context.get("starts_at"),
        context.get("sequence"),
    )
    if kind == Kind.UPCOMING_SESSION:
        if meeting.status != Meeting.Status.PLANNED:
            return Status.CANCELLED, "The session is no longer planned."
        if moved:
            return Status.SUPERSEDED, "The session has moved."
        if meeting.starts_at <= now:
            return Status.CANCELLED, "The session has already started."
        if reminder.pair.status != Pair.Status.ACTIVE:
            return Status.CANCELLED, "The pair has ended."
    elif kind == Kind.LOG_NUDGE:
        if meeting.status != Meeting.Status.PLANNED:
            return Status.CANCELLED, "The session was logged or cancelled."
        if _instant(meeting.starts_at) != reminder.context.get("starts_at"):
            return Status.SUPERSEDED, "The session has moved."
        if reminder.pair.status != Pair.Status.ACTIVE:
            return Status.CANCELLED, "The pair has ended."
    elif kind == Kind.FEEDBACK_REQUEST:
        if meeting.status != Meeting.Status.HELD:
            return Status.CANCELLED, "The session is not logged as held."
        if Feedback.objects.filter(meeting=meeting, author=reminder.recipient).exists():
            return Status.CANCELLED, "The feedback was given."
    elif kind == Kind.SESSION_CANCELLED and meeting.status != Meeting.Status.CANCELLED:
        return Status.CANCELLED, "The session is not cancelled."
    return None


# --- Writing the emails ------------------------------------------------------------------------


def _link(name: str, *args: Any) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def compose(reminder: Reminder, *, connection: Any = None) -> mail.EmailMultiAlternatives:
    """The email in the recipient's language and time zone: text, HTML, and the .ics."""
    recipient = reminder.recipient
    language = recipient.preferred_language
    with translation.override(language), timezone.override(recipient.time_zone or "UTC"):
        context = {
            "reminder": reminder,
            "person": recipient,
            "settings_link": _link("reminders:preferences"),
            "home_link": _link("home"),
            **_context_for(reminder),
        }
        template = f"emails/reminders/{reminder.kind}"
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = mail.EmailMultiAlternatives(
        subject=subject_line(subject),
        body=text,
        to=[recipient.email],
        connection=connection,
        headers={
            "Message-ID": reminder.message_id,
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
            "X-Tandem-Reminder": reminder.kind,
        },
    )
    message.attach_alternative(html, "text/html")
    if reminder.kind in (Kind.UPCOMING_SESSION, Kind.SESSION_CANCELLED):
        method = "REQUEST" if reminder.kind == Kind.UPCOMING_SESSION else "CANCEL"
        calendar = ics.invitation(reminder.meeting, method=method, recipient=recipient)
        part = MIMEText(calendar.decode(), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="tandem-session.ics")
        message.attach(part)
    return message


def _context_for(reminder: Reminder) -> dict[str, Any]:
    if reminder.kind in Reminder.MEETING_KINDS:
        meeting, pair = reminder.meeting, reminder.pair
        mentor = pair.mentor_person
        other = pair.mentee_person if reminder.recipient_id == mentor.pk else mentor
        return {
            "meeting": meeting,
            "pair": pair,
            "programme": pair.programme,
            "other": other,
            "is_mentor": reminder.recipient_id == mentor.pk,
            "pair_link": _link("meetings:pair", pair.code),
            "log_link": _link("meetings:log", meeting.code),
            "feedback_link": _link("meetings:feedback", meeting.code),
        }
    if reminder.kind == Kind.INACTIVE_PAIR_ALERT:
        pair = reminder.pair
        last_held = (
            Meeting.objects.filter(pair=pair, status=Meeting.Status.HELD)
            .order_by("-starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
        since = datetime.fromisoformat(reminder.context["last_activity"])
        return {
            "pair": pair,
            "programme": pair.programme,
            "mentor": pair.mentor_person,
            "mentee": pair.mentee_person,
            "last_held": last_held,
            "days": (timezone.now() - since).days,
            "pair_link": _link("meetings:pair", pair.code),
        }
    if reminder.kind == Kind.WEEKLY_DIGEST:
        return {
            "week": reminder.context.get("week", ""),
            "rows": digest_rows(reminder.recipient, timezone.now()),
            "hr_link": _link("reminders:hr"),
        }
    return {}


def digest_rows(manager: User, now: datetime) -> list[dict[str, Any]]:
    """For each running programme the person manages: how its pairs are doing this week."""
    week_ago, week_ahead = now - timedelta(days=7), now + timedelta(days=7)
    programmes = Programme.objects.filter(managers=manager, status="running").order_by("name")
    rows = []
    for programme in programmes:
        pairs = Pair.objects.active().filter(programme=programme)
        meetings = Meeting.objects.filter(pair__programme=programme, pair__status="active")
        rows.append(
            {
                "programme": programme,
                "link": _link("programmes:detail", programme.code),
                "active_pairs": pairs.count(),
                "held": meetings.filter(
                    status=Meeting.Status.HELD, starts_at__gte=week_ago, starts_at__lt=now
                ).count(),
                "cancelled": meetings.filter(
                    status=Meeting.Status.CANCELLED, cancelled_at__gte=week_ago
                ).count(),
                "coming": meetings.filter(
                    status=Meeting.Status.PLANNED, starts_at__gte=now, starts_at__lt=week_ahead
                ).count(),
                "inactive": _with_last_activity(pairs)
                .filter(last_activity__lte=now - INACTIVE_AFTER)
                .count(),
                "failed": Reminder.objects.failed().filter(programme=programme).count(),
            }
        )
    return rows
