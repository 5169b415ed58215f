"""The schedule as the database holds it: planning pairs at publication, refusing a clash
when a session is added or moved, HR's closure periods and re-planning around them.

The rules themselves are meetings.scheduling (pure). Here we read each person's diary
across all their pairs and programmes, lock the people whose diaries change (so that two
changes at once cannot both take the same hour), and write the sessions.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from common import formatting
from enrolments.models import Enrolment
from pairing.models import Pair
from people.models import User
from programmes.models import Programme
from reminders import planning as reminders

from . import scheduling
from .models import DURATION_MAX, DURATION_MIN, ClosurePeriod, Meeting, Mode

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # "from the start" for the demo's past sessions


def _duration(minutes: int) -> int:
    return min(max(minutes, DURATION_MIN), DURATION_MAX)


def member(person: User, enrolment: Enrolment | None) -> scheduling.Member:
    return scheduling.Member(
        pk=person.pk,
        zone=person.time_zone or "UTC",
        country=str(person.country or ""),
        availability=enrolment.availability if enrolment else {"flexible": True, "slots": []},
    )


def lock_people(people_ids: Iterable[int]) -> None:
    """Hold these people's rows until commit, in one order: diary changes queue up."""
    list(
        User.objects.select_for_update()
        .filter(pk__in=sorted(set(people_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def diaries(people_ids: Iterable[int], *, exclude: Sequence[int] = ()) -> scheduling.Calendar:
    """Every session that holds these people's time, across all their pairs."""
    calendar = scheduling.Calendar()
    people_ids = set(people_ids)
    rows = (
        Meeting.objects.taking_time()
        .of_people(people_ids)
        .exclude(pk__in=exclude)
        .values_list(
            "starts_at", "duration_minutes", "pair__mentor_person_id", "pair__mentee_person_id"
        )
    )
    for starts_at, minutes, mentor_id, mentee_id in rows:
        for person_id in (mentor_id, mentee_id):
            if person_id in people_ids:
                calendar.add(person_id, starts_at, starts_at + timedelta(minutes=minutes))
    return calendar


# --- Publication -----------------------------------------------------------------------------


def plan_meetings_for_pairs(
    pairs: Iterable[Pair], *, include_past: bool = False, now: datetime | None = None
) -> list[Meeting]:
    """Give each active pair its sessions for its programme's dates, without a clash.

    Called by pairing.services.publish inside its transaction. Sessions whose time has
    passed are skipped (a pair published mid-programme starts from today) unless
    `include_past` (the demo). A pair that already has its schedule is left alone.
    """
    pairs = [pair for pair in pairs if pair.status == Pair.Status.ACTIVE]
    if not pairs:
        return []
    now = now or timezone.now()
    scheduled = set(
        Meeting.objects.filter(pair__in=pairs, origin=Meeting.Origin.SCHEDULE).values_list(
            "pair_id", flat=True
        )
    )
    pairs = sorted(
        Pair.objects.filter(pk__in=[p.pk for p in pairs if p.pk not in scheduled]).select_related(
            "programme", "mentor", "mentee", "mentor_person", "mentee_person"
        ),
        key=lambda pair: pair.pk,
    )
    people = {pid for pair in pairs for pid in (pair.mentor_person_id, pair.mentee_person_id)}
    with transaction.atomic():
        lock_people(people)
        calendar = diaries(people)
        closures = _closures({pair.programme_id for pair in pairs})
        rows = []
        for pair in pairs:
            rows += _plan_pair(
                pair, calendar, closures.get(pair.programme_id, []), now, include_past
            )
        meetings = Meeting.objects.bulk_create(rows, batch_size=500)
        if any(meeting.pk is None for meeting in meetings):  # a backend without RETURNING
            meetings = list(Meeting.objects.filter(pair__in=pairs, origin=Meeting.Origin.SCHEDULE))
        # The whole schedule's reminders in a few queries, not a few per session.
        reminders.meetings_changed([meeting for meeting in meetings if meeting.starts_at >= now])
    return meetings


def _closures(programme_ids: set[int]) -> dict[int, list[tuple[date, date]]]:
    found: dict[int, list[tuple[date, date]]] = {}
    for programme_id, first, last in ClosurePeriod.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "first_day", "last_day"):
        found.setdefault(programme_id, []).append((first, last))
    return found


def _plan_pair(
    pair: Pair,
    calendar: scheduling.Calendar,
    closures: list[tuple[date, date]],
    now: datetime,
    include_past: bool,
) -> list[Meeting]:
    programme = pair.programme
    minutes = _duration(programme.session_minutes)
    mode = programme.meeting_mode if programme.meeting_mode in Mode.values else Mode.VIDEO
    placed = scheduling.plan_dates(
        programme.planned_session_dates(),
        minutes,
        member(pair.mentor_person, pair.mentor),
        member(pair.mentee_person, pair.mentee),
        closures,
        calendar,
        programme_start=programme.start_on,
        programme_end=programme.ends_on,
        not_before=EARLIEST if include_past else now,
    )
    return [
        Meeting(
            pair=pair,
            origin=Meeting.Origin.SCHEDULE,
            starts_at=session.starts_at,
            duration_minutes=minutes,
            mode=mode,
            place="",  # the programme's place, read in each member's language
            planned_for=session.on,
            moved_because=",".join(session.moved_because),
            outside_availability=session.availability_ignored,
        )
        for session in placed
    ]


def unplanned_dates(pair: Pair, meetings: Sequence[Meeting]) -> int:
    """How many of the programme's dates still to come have no session planned for them:
    the planner found no time that fits both members (the pair's page says so)."""
    today = timezone.localdate()
    published = timezone.localdate(pair.published_at) if pair.published_at else today
    dates = [d for d in pair.programme.planned_session_dates() if d >= max(published, today)]
    covered = {m.planned_for for m in meetings if m.origin == Meeting.Origin.SCHEDULE}
    return len([day for day in dates if day not in covered])


# --- A change by a member ----------------------------------------------------------------------


def refuse_clash(
    pair: Pair,
    starts_at: datetime,
    minutes: int,
    *,
    reader: User,
    moving: Meeting | None = None,
) -> None:
    """ValidationError naming the clash when the session would come closer than 15 minutes
    to another session of either member (any pair, any programme): the mentor's first, then
    the mentee's, each person's earliest. Both diaries in one query."""
    people = (pair.mentor_person, pair.mentee_person)
    lock_people(person.pk for person in people)
    exclude = [moving.pk] if moving is not None else []
    ends_at = starts_at + timedelta(minutes=minutes)
    near = list(
        Meeting.objects.taking_time()
        .of_people([person.pk for person in people])
        .exclude(pk__in=exclude)
        .filter(
            starts_at__lt=ends_at + scheduling.GAP,
            starts_at__gt=starts_at - timedelta(minutes=DURATION_MAX) - scheduling.GAP,
        )
        .order_by("starts_at", "pk")
        .values_list(
            "starts_at", "duration_minutes", "pair__mentor_person_id", "pair__mentee_person_id"
        )
    )
    for person in people:
        for other_start, other_minutes, mentor_id, mentee_id in near:
            other_ends = other_start + timedelta(minutes=other_minutes)
            if person.pk in (mentor_id, mentee_id) and starts_at < other_ends + scheduling.GAP:
                other = Meeting(starts_at=other_start, duration_minutes=other_minutes)
                raise ValidationError({"day": _clash_message(person, other, reader)})


def _clash_message(person: User, other: Meeting, reader: User) -> str:
    """In the reader's time zone; it says when, never with whom (another pair's business)."""
    zone = ZoneInfo(reader.time_zone or "UTC")
    start, end = timezone.localtime(other.starts_at, zone), timezone.localtime(other.ends_at, zone)
    return _(
        "%(name)s already has a session on %(date)s from %(start)s to %(end)s. Leave at least "
        "15 minutes between two sessions: choose another time."
    ) % {
        "name": person.name,
        "date": formatting.day(start.date(), weekday=True),
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(end, "H:i"),
    }


# --- Closure periods and HR's re-planning ---------------------------------------------------


@transaction.atomic
def add_closure(
    *, programme: Programme, first_day: date, last_day: date, label: str, by: User
) -> tuple[ClosurePeriod, list[Meeting]]:
    """HR closes some days; the planned sessions on them move, and their members are told."""
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day comes on or after the first.")})
    period = ClosurePeriod.objects.create(
        programme=programme, first_day=first_day, last_day=last_day, label=label.strip()
    )
    return period, replan_programme(programme=programme, by=by)


@transaction.atomic
def replan_programme(
    *, programme: Programme, by: User, now: datetime | None = None
) -> list[Meeting]:
    """Move the programme's coming sessions that break a rule (a closure, a holiday, a
    weekend) to the nearest day that fits; each member of a moved session is told at once,
    with the new invitation. Sessions that fit stay where they are."""
    now = now or timezone.now()
    coming = list(
        Meeting.objects.planned()
        .filter(pair__programme=programme, pair__status=Pair.Status.ACTIVE, starts_at__gt=now)
        .select_related(
            "pair__mentor", "pair__mentee", "pair__mentor_person", "pair__mentee_person"
        )
        .order_by("starts_at", "pk")
    )
    people = {pid for m in coming for pid in (m.pair.mentor_person_id, m.pair.mentee_person_id)}
    lock_people(people)
    calendar = diaries(people, exclude=[m.pk for m in coming])
    closures = ClosurePeriod.objects.filter(programme=programme).spans()
    moved = []
    for meeting in coming:
        members = (
            member(meeting.pair.mentor_person, meeting.pair.mentor),
            member(meeting.pair.mentee_person, meeting.pair.mentee),
        )
        why = scheduling.day_refusal(meeting.starts_at, members, closures) or (
            scheduling.BUSY
            if any(calendar.clash(m.pk, meeting.starts_at, meeting.ends_at) for m in members)
            else None
        )
        if why is not None:
            day = timezone.localtime(meeting.starts_at, members[1].tz).date()
            placed = scheduling.place_one(
                day,
                meeting.duration_minutes,
                members,
                closures,
                calendar,
                # A session already planned stays near its day, even outside the dates.
                earliest=now.date(),
                latest=max(programme.ends_on, day + timedelta(days=scheduling.SEARCH_DAYS)),
                not_before=now,
                ignore_availability=meeting.outside_availability,
            )
            if placed is not None:
                meeting.starts_at = placed.starts_at
                meeting.moved_because = ",".join(dict.fromkeys([*placed.moved_because, why]))
                meeting.planned_for = meeting.planned_for or day
                meeting.sequence += 1
                meeting.save(
                    update_fields=[
                        "starts_at",
                        "moved_because",
                        "planned_for",
                        "sequence",
                        "updated_at",
                    ]
                )
                reminders.meeting_changed(meeting, change=reminders.MOVED_BY_HR)
                moved.append(meeting)
        for person in members:
            calendar.add(person.pk, meeting.starts_at, meeting.ends_at)
    return moved


@transaction.atomic
def remove_closure(*, period: ClosurePeriod, by: User) -> None:
    """Sessions moved for it stay where they now are: moving them back would surprise."""
    period.delete()
