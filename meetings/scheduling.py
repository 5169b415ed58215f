"""Planning sessions without clashes: the rules, as pure functions (no database).

A session fits when, for each of its two members:
- it lies inside their availability, read in their own time zone ("flexible" means
  working hours, WORKDAY_START to WORKDAY_END, in their zone);
- its date, in their zone, is a weekday, not a public holiday of either member's country
  (the `holidays` package) and not in one of the programme's closure periods;
- it starts at least GAP after their other sessions end, and ends at least GAP before
  their next one starts, across all their pairs and programmes.

`plan_dates` places a pair's sessions: on each of the programme's dates, the time nearest
PREFERRED_START in the mentee's zone (the senior's diary is the harder one to free);
when nothing fits that day, the nearest day that does, up to SEARCH_DAYS away, and the
session says why it moved. When the two availabilities share no time at all, any time
from 07:00 to 21:00 in each zone will do, and the pair is told. The hard rules (no clash,
no weekend, no holiday, no closure) are never relaxed: a date that cannot be placed is
left out.

Decisions:
- Holidays come from the `holidays` package (maintained, 150+ countries, observed days
  included) rather than a list of our own; a country it does not know has none.
- Every member's own local date is checked against both countries: a session on a
  French bank holiday is refused even for the member in London.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

GAP = timedelta(minutes=15)
STEP = timedelta(minutes=15)
PREFERRED_START = time(10, 0)
WORKDAY_START, WORKDAY_END = "09:00", "18:00"
WIDEST_START, WIDEST_END = "07:00", "21:00"  # when two availabilities never meet
SEARCH_DAYS = 14
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Why a session is not on its programme date (shown on the pair's page, translated there).
WEEKEND, HOLIDAY, CLOSURE, BUSY, UNAVAILABLE = (
    "weekend",
    "holiday",
    "closure",
    "busy",
    "unavailable",
)


@dataclass(frozen=True)
class Member:
    """A member as the planner needs them: who, where, when they can meet."""

    pk: int
    zone: str
    country: str
    availability: dict

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone or "UTC")


@dataclass
class Calendar:
    """Who is busy when: each person's sessions as sorted (start, end) instants."""

    busy: dict[int, list[tuple[datetime, datetime]]] = field(default_factory=dict)

    def add(self, person_id: int, start: datetime, end: datetime) -> None:
        bisect.insort(self.busy.setdefault(person_id, []), (start, end))

    def clash(self, person_id: int, start: datetime, end: datetime) -> tuple | None:
        """The first of the person's sessions closer than GAP to [start, end), or None."""
        for other_start, other_end in self.busy.get(person_id, ()):
            if other_start >= end + GAP:
                break
            if start < other_end + GAP and other_start < end + GAP:
                return (other_start, other_end)
        return None


@dataclass(frozen=True)
class Placed:
    starts_at: datetime
    on: date  # the programme's date it stands for
    moved_because: tuple[str, ...] = ()  # why it is not on `on`, empty when it is
    availability_ignored: bool = False


@lru_cache(maxsize=512)
def _holidays(country: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()
    try:
        return frozenset(holidays.country_holidays(country.upper(), years=year))
    except (NotImplementedError, KeyError):
        return frozenset()


def is_holiday(day: date, countries: Iterable[str]) -> bool:
    return any(day in _holidays(country, day.year) for country in countries)


def in_closure(day: date, closures: Sequence[tuple[date, date]]) -> bool:
    return any(first <= day <= last for first, last in closures)


def _minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def windows(member: Member, day: date, *, ignore_availability: bool = False) -> list[tuple]:
    """The member's free windows on a local date, as (start, end) minutes after midnight.

    When the two availabilities never meet (`ignore_availability`), the widest working day,
    07:00 to 21:00 in each zone: New York and Tokyo share no 09:00-18:00 hour, but 17:00 in
    New York is 07:00 in Tokyo."""
    value = member.availability or {}
    if ignore_availability:
        return [(_minutes(WIDEST_START), _minutes(WIDEST_END))]
    if value.get("flexible", True):
        return [(_minutes(WORKDAY_START), _minutes(WORKDAY_END))]
    key = DAY_KEYS[day.weekday()]
    return [
        (_minutes(slot["start"]), _minutes(slot["end"]))
        for slot in value.get("slots", [])
        if slot["day"] == key
    ]


def day_refusal(
    starts_at: datetime, members: Sequence[Member], closures: Sequence[tuple[date, date]]
) -> str | None:
    """Why no session may start at this instant, whatever the diaries: the weekend, a
    holiday, a closure (each member's local date); None when the day is open."""
    countries = [member.country for member in members]
    for member in members:
        local = starts_at.astimezone(member.tz).date()
        if local.weekday() >= 5:
            return WEEKEND
        if is_holiday(local, countries):
            return HOLIDAY
        if in_closure(local, closures):
            return CLOSURE
    return None


def _inside(member: Member, start: datetime, end: datetime, ignore: bool) -> bool:
    local_start, local_end = start.astimezone(member.tz), end.astimezone(member.tz)
    if local_start.date() != local_end.date() and local_end.time() != time(0):
        return False
    first = local_start.hour * 60 + local_start.minute
    last = first + int((end - start).total_seconds() // 60)
    return any(
        low <= first and last <= high
        for low, high in windows(member, local_start.date(), ignore_availability=ignore)
    )


def refusal(
    starts_at: datetime,
    minutes: int,
    members: Sequence[Member],
    closures: Sequence[tuple[date, date]],
    calendar: Calendar,
    *,
    ignore_availability: bool = False,
) -> str | None:
    """Why a session may not be planned at this instant, or None when it fits."""
    why = day_refusal(starts_at, members, closures)
    if why:
        return why
    ends_at = starts_at + timedelta(minutes=minutes)
    if not all(_inside(m, starts_at, ends_at, ignore_availability) for m in members):
        return UNAVAILABLE
    if any(calendar.clash(m.pk, starts_at, ends_at) for m in members):
        return BUSY
    return None


@lru_cache(maxsize=4096)
def _candidates(day: date, zone: ZoneInfo) -> tuple[datetime, ...]:
    """Starts on a local day, every STEP, nearest PREFERRED_START first."""
    preferred = datetime.combine(day, PREFERRED_START)
    steps = [datetime.combine(day, time(0)) + STEP * n for n in range(24 * 60 // 15)]
    steps.sort(key=lambda moment: (abs(moment - preferred), moment))
    starts = []
    for moment in steps:
        aware = moment.replace(tzinfo=zone)
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment:
            continue  # a time the clocks skip
        starts.append(aware.astimezone(UTC))
    return tuple(starts)


def _days_around(day: date, earliest: date, latest: date) -> list[date]:
    days = [day]
    for distance in range(1, SEARCH_DAYS + 1):
        for candidate in (day + timedelta(days=distance), day - timedelta(days=distance)):
            if earliest <= candidate <= latest:
                days.append(candidate)
    return days


def place_one(
    day: date,
    minutes: int,
    members: Sequence[Member],
    closures: Sequence[tuple[date, date]],
    calendar: Calendar,
    *,
    earliest: date,
    latest: date,
    not_before: datetime,
    ignore_availability: bool = False,
) -> Placed | None:
    """The session for a programme date: on that day if it fits, else the nearest day that
    does (days between `earliest` and `latest`), each at the time nearest PREFERRED_START."""
    mentee_zone = members[-1].tz
    reasons: list[str] = []
    for candidate_day in _days_around(day, earliest, latest):
        day_reasons = []
        for starts_at in _candidates(candidate_day, mentee_zone):
            if starts_at < not_before:
                continue
            why = refusal(
                starts_at,
                minutes,
                members,
                closures,
                calendar,
                ignore_availability=ignore_availability,
            )
            if why is None:
                moved = tuple(dict.fromkeys(reasons)) if candidate_day != day else ()
                return Placed(starts_at, day, moved, ignore_availability)
            day_reasons.append(why)
            if why in (WEEKEND, HOLIDAY, CLOSURE):
                break  # the whole day is closed (checked at its preferred time)
        if candidate_day == day:
            reasons = _main_reason(day_reasons)
    return None


def _main_reason(reasons: Sequence[str]) -> list[str]:
    for reason in (WEEKEND, HOLIDAY, CLOSURE, BUSY, UNAVAILABLE):
        if reason in reasons:
            return [reason]
    return []


def share_time(members: Sequence[Member]) -> bool:
    """Whether the two availabilities meet at all in a week (read in each member's zone)."""
    monday = date(2030, 1, 7)  # any week without daylight-saving change works
    for offset in range(7):
        for starts_at in _candidates(monday + timedelta(days=offset), members[-1].tz):
            ends_at = starts_at + STEP
            if all(_inside(m, starts_at, ends_at, False) for m in members):
                return True
    return False


def plan_dates(
    dates: Sequence[date],
    minutes: int,
    mentor: Member,
    mentee: Member,
    closures: Sequence[tuple[date, date]],
    calendar: Calendar,
    *,
    programme_start: date,
    programme_end: date,
    not_before: datetime,
) -> list[Placed]:
    """The pair's sessions for the programme's dates, written into `calendar` as placed."""
    members = (mentor, mentee)
    ignore = not share_time(members)
    placed = []
    for day in dates:
        if day < not_before.astimezone(mentee.tz).date():
            continue  # a pair published mid-programme starts from today
        session = place_one(
            day,
            minutes,
            members,
            closures,
            calendar,
            earliest=max(programme_start, day - timedelta(days=SEARCH_DAYS)),
            latest=programme_end,
            not_before=not_before,
            ignore_availability=ignore,
        )
        if session is None:
            continue
        ends_at = session.starts_at + timedelta(minutes=minutes)
        for member in members:
            calendar.add(member.pk, session.starts_at, ends_at)
        placed.append(session)
    return placed
