"""Every write of the meetings app by a member: changes to sessions, logging, journals,
feedback, the agreement, exit requests and calendar feeds. The schedule (publication,
clashes, closures) is meetings.planning; `plan_meetings_for_pairs` is re-exported here
for pairing.

Views, the pairing publication, the demo seed and tests call these the same way. `by` is
the member acting; anyone else is refused (PermissionDenied) even if a view let them
through. Rules a member can act on are ValidationError, with words for the form.

Each service that creates, reschedules, cancels or logs a meeting, or records feedback,
calls the reminders app INSIDE its transaction (reminders.planning): due reminders are
rows written with the change that makes them due, or not at all. This import and
pairing's call to `plan_meetings_for_pairs` are the two upward arrows the import layers
allow (docs/architecture.md).
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dates import check_plausible
from pairing.models import Pair
from people import timezones
from people.models import User
from programmes.models import Programme, Topic
from reminders import planning as reminders

from .models import (
    REASON_MAX_LENGTH,
    Agreement,
    CalendarFeed,
    ExitRequest,
    Feedback,
    JournalEntry,
    Meeting,
    Mode,
    new_feed_token,
)
from .planning import plan_meetings_for_pairs, refuse_clash

__all__ = ["plan_meetings_for_pairs"]


# --- Time ----------------------------------------------------------------------------------


def zone_of(person: User) -> ZoneInfo:
    return ZoneInfo(person.time_zone or "UTC")


def at_local_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware UTC instant of a wall-clock time in a zone; ValidationError when the clocks
    skip it (spring forward). A time that happens twice (fall back) is the first one."""
    local = datetime.combine(day, at, tzinfo=zone)
    back = local.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValidationError(
            _(
                "%(time)s does not exist on that day in %(zone)s: the clocks change. "
                "Choose another time."
            )
            % {"time": at.strftime("%H:%M"), "zone": timezones.label(zone.key, local)}
        )
    return local.astimezone(UTC)


# --- Guards --------------------------------------------------------------------------------


def _require_member(pair: Pair, by: User | None) -> None:
    if by is None or not pair.is_member(by) or pair.status == Pair.Status.PROPOSED:
        raise PermissionDenied


def programme_has_ended(pair: Pair) -> bool:
    """HR has completed (or archived) the pair's programme: its pages are read-only."""
    return pair.programme.status in (Programme.Status.COMPLETED, Programme.Status.ARCHIVED)


def own_place(pair: Pair, place: str) -> str:
    """The place as stored: empty when it is the programme's place in either language (the
    pages then show it in each reader's language), otherwise as the member typed it."""
    place = place.strip()
    programme = pair.programme
    return "" if place in {programme.place_en.strip(), programme.place_fr.strip()} else place


def _require_active(pair: Pair) -> None:
    if pair.status != Pair.Status.ACTIVE:
        raise ValidationError(_("This pair has ended: its sessions can no longer change."))
    if programme_has_ended(pair):
        raise ValidationError(_("This programme has ended: its sessions can no longer change."))


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("pair__programme", "pair__mentor_person", "pair__mentee_person")
        .get(pk=meeting.pk)
    )


# --- Changes by the pair --------------------------------------------------------------------


@transaction.atomic
def add_meeting(
    *,
    pair: Pair,
    by: User,
    starts_at: datetime,
    duration_minutes: int,
    mode: str = Mode.VIDEO,
    place: str = "",
    video_link: str = "",
) -> Meeting:
    """A session the pair adds to its schedule; the other member is told at once.
    Refused when it comes within 15 minutes of another session of either member."""
    _require_member(pair, by)
    _require_active(pair)
    if starts_at <= timezone.now():
        raise ValidationError(_("Choose a time to come. To record a past session, log it."))
    check_plausible(starts_at)
    refuse_clash(pair, starts_at, duration_minutes, reader=by)
    place = own_place(pair, place)
    meeting = Meeting.objects.create(
        pair=pair,
        origin=Meeting.Origin.ADDED,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        video_link=video_link,
        created_by=by,
    )
    reminders.meeting_changed(meeting, change=reminders.ADDED, by=by)
    return meeting


@transaction.atomic
def reschedule_meeting(
    *,
    meeting: Meeting,
    by: User,
    starts_at: datetime,
    duration_minutes: int,
    mode: str | None = None,
    place: str | None = None,
    video_link: str | None = None,
) -> Meeting:
    """Move a planned session (and its length, mode, place or link); calendars get a new
    SEQUENCE and the other member is told at once. Refused on a clash, as when adding."""
    meeting = _locked(meeting)
    _require_member(meeting.pair, by)
    _require_active(meeting.pair)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned session can be moved."))
    if starts_at <= timezone.now():
        raise ValidationError(_("Choose a time to come."))
    check_plausible(starts_at)
    refuse_clash(meeting.pair, starts_at, duration_minutes, reader=by, moving=meeting)
    meeting.starts_at, meeting.duration_minutes = starts_at, duration_minutes
    if mode is not None:
        meeting.mode = mode
    if place is not None:
        meeting.place = own_place(meeting.pair, place)
    if video_link is not None:
        meeting.video_link = video_link
    meeting.sequence += 1
    meeting.save(
        update_fields=[
            "starts_at",
            "duration_minutes",
            "mode",
            "place",
            "video_link",
            "sequence",
            "updated_at",
        ]
    )
    reminders.meeting_changed(meeting, change=reminders.MOVED, by=by)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    """Cancel a planned session, saying why; its pending reminders are withdrawn."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say in a few words why it is cancelled.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(limit)d characters, please.") % {"limit": REASON_MAX_LENGTH}}
        )
    meeting = _locked(meeting)
    _require_member(meeting.pair, by)
    _require_active(meeting.pair)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned session can be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason = timezone.now(), by, reason
    meeting.sequence += 1
    meeting.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "sequence",
            "updated_at",
        ]
    )
    reminders.meeting_cancelled(meeting, by=by)
    return meeting


# --- Logging ----------------------------------------------------------------------------------


@transaction.atomic
def log_meeting(
    *,
    pair: Pair,
    by: User,
    meeting: Meeting | None = None,
    held_at: datetime,
    duration_minutes: int,
    mode: str,
    topics: Sequence[Topic] = (),
    takeaways: str = "",
    next_steps: str = "",
    journal: str | None = None,
) -> Meeting:
    """Record a session as held: a planned one, one already logged (an edit), or a session
    the pair held without planning it (meeting=None). `journal` is the author's personal
    journal on it, read by them alone (None leaves it as it is; "" removes it)."""
    _require_member(pair, by)
    _require_active(pair)
    if held_at > timezone.now():
        raise ValidationError(_("This session has not happened yet: log it once it is held."))
    check_plausible(held_at)
    now = timezone.now()
    if meeting is None:
        meeting = Meeting(pair=pair, origin=Meeting.Origin.ADDED, created_by=by)
    else:
        meeting = _locked(meeting)
        if meeting.pair_id != pair.pk:
            raise PermissionDenied
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("This session was cancelled: add a new one instead."))
        if meeting.starts_at != held_at or meeting.duration_minutes != duration_minutes:
            meeting.sequence += 1
    meeting.status = Meeting.Status.HELD
    meeting.starts_at, meeting.duration_minutes, meeting.mode = held_at, duration_minutes, mode
    meeting.takeaways, meeting.next_steps = takeaways.strip(), next_steps.strip()
    if meeting.logged_at is None:
        meeting.logged_at, meeting.logged_by = now, by
    meeting.save()
    allowed = set(pair.programme.topics.values_list("pk", flat=True))
    meeting.topics.set([topic for topic in topics if topic.pk in allowed])
    if journal is not None:
        _write_journal(meeting, by, journal)
    reminders.meeting_logged(meeting)
    return meeting


def _write_journal(meeting: Meeting, by: User, text: str) -> None:
    """An entry rewritten is one UPDATE, not a locked read then a write of every column; the
    first is created (and, should another tab have created it meanwhile, rewritten)."""
    text = text.strip()
    entry = JournalEntry.objects.filter(meeting=meeting, author=by)
    if not text:
        entry.delete()
        return
    if entry.update(text=text, updated_at=timezone.now()):
        return
    try:
        with transaction.atomic():
            JournalEntry.objects.create(meeting=meeting, author=by, text=text)
    except IntegrityError:
        entry.update(text=text, updated_at=timezone.now())


@transaction.atomic
def save_journal(*, meeting: Meeting, by: User, text: str) -> None:
    """The member's personal journal on a session ("" removes it); the pair may have ended,
    not the programme (its pages are then read-only)."""
    _require_member(meeting.pair, by)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This session was cancelled."))
    if programme_has_ended(meeting.pair):
        raise ValidationError(_("This programme has ended: its sessions can no longer change."))
    _write_journal(meeting, by, text)


# --- Feedback ----------------------------------------------------------------------------------


@transaction.atomic
def give_feedback(
    *, meeting: Meeting, by: User, rating: int, learned: str = "", taught: str = ""
) -> Feedback:
    """A member's feedback on a held session, given once: it cannot change after the
    member has read the other's."""
    meeting = _locked(meeting)
    _require_member(meeting.pair, by)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Feedback comes after the session has been logged."))
    if Feedback.objects.filter(meeting=meeting, author=by).exists():
        raise ValidationError(_("You have already given your feedback on this session."))
    feedback = Feedback.objects.create(
        meeting=meeting, author=by, rating=rating, learned=learned.strip(), taught=taught.strip()
    )
    reminders.meeting_logged(meeting)
    return feedback


# --- The agreement ------------------------------------------------------------------------------

AGREEMENT_FIELDS = (
    "mentor_learns",
    "mentor_teaches",
    "mentee_learns",
    "mentee_teaches",
    "cadence",
    "channel",
    "channel_details",
)


@transaction.atomic
def save_agreement(*, pair: Pair, by: User, **fields: str) -> Agreement:
    _require_member(pair, by)
    _require_active(pair)
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agreement fields: {sorted(unknown)}")
    agreement, _created = Agreement.objects.update_or_create(
        pair=pair, defaults={**fields, "updated_by": by}
    )
    return agreement


# --- Leaving a pair ------------------------------------------------------------------------------


@transaction.atomic
def request_exit(*, pair: Pair, by: User, reason: str) -> ExitRequest:
    """A member asks HR, without blame, to end the pair. Only HR reads the reason; HR sees
    the request in its work list (ExitRequest.objects.open()) and ends the pair there."""
    _require_member(pair, by)
    _require_active(pair)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say in a few words what is not working.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(limit)d characters, please.") % {"limit": REASON_MAX_LENGTH}}
        )
    if ExitRequest.objects.filter(pair=pair, by=by, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("You have already asked HR to end this pair."))
    return ExitRequest.objects.create(pair=pair, by=by, reason=reason)


# --- Calendar feeds ---------------------------------------------------------------------------


def regenerate_feed(*, person: User) -> CalendarFeed:
    """A new secret address for the person's calendar; the old one stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(person=person)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed


def revoke_feed(*, person: User) -> None:
    CalendarFeed.objects.filter(person=person).delete()


def feed_meetings(person: User, *, now: datetime | None = None) -> list[Meeting]:
    """What the person's calendar shows: the sessions of their published pairs, planned or
    held, from a year back. Cancelled ones drop out (calendars remove what a feed omits)."""
    since = (now or timezone.now()) - timedelta(days=365)
    return list(
        Meeting.objects.filter(
            pair__in=Pair.objects.published().of_person(person),
            status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD],
            starts_at__gte=since,
        )
        .select_related("pair__programme", "pair__mentor_person", "pair__mentee_person")
        .order_by("starts_at", "pk")
    )


# --- What HR may know -------------------------------------------------------------------------


def counts(pair: Pair) -> dict:
    """A pair's sessions as HR may see them: how many, how long, when last held. One query;
    it reads no field a member wrote."""
    held = Q(status=Meeting.Status.HELD)
    return Meeting.objects.filter(pair=pair).aggregate(
        planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
        held=Count("pk", filter=held),
        cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
        held_minutes=Sum("duration_minutes", filter=held, default=0),
        last_held_at=Max("starts_at", filter=held),
    )
