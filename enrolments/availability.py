"""When a volunteer can meet: "flexible", or days of the week with time ranges.

Stored on `Enrolment.availability` as JSON, always in this normal form:

    {"flexible": true, "slots": []}
    {"flexible": false, "slots": [{"day": "mon", "start": "09:00", "end": "12:00"}, ...]}

Days are `mon tue wed thu fri sat sun`; times are `HH:MM`, 24-hour, in the
person's own time zone (their profile's), with start before end on the same
day. Slots are sorted by day then start, and overlapping or touching ranges of
a day are merged, so that two equal availabilities are equal JSON.

In import files the same thing is written as text (see `parse`):

    flexible                               (an empty cell means the same)
    mon 09:00-12:00; wed 14:00-17:30
    mon,thu 12:00-14:00; fri 09:00-10:30

The form offers a grid of weekdays by parts of the day (PARTS_OF_DAY); imports
may give any range. Pairing compares availabilities hour by hour (`hour_keys`).
"""

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from common import formatting

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS = DAYS[:5]
DAY_NAMES = {
    "mon": gettext_lazy("Monday"),
    "tue": gettext_lazy("Tuesday"),
    "wed": gettext_lazy("Wednesday"),
    "thu": gettext_lazy("Thursday"),
    "fri": gettext_lazy("Friday"),
    "sat": gettext_lazy("Saturday"),
    "sun": gettext_lazy("Sunday"),
}
# The grid of the volunteer form: (key, label, start, end).
PARTS_OF_DAY = (
    ("morning", gettext_lazy("Mornings (9:00–12:00)"), "09:00", "12:00"),
    ("lunchtime", gettext_lazy("Lunchtimes (12:00–14:00)"), "12:00", "14:00"),
    ("afternoon", gettext_lazy("Afternoons (14:00–18:00)"), "14:00", "18:00"),
)
MAX_SLOTS = 50
SLOT_SEPARATOR = ";"
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
TEXT_SLOT = re.compile(
    r"^(?P<days>[a-z]{3}(?:\s*,\s*[a-z]{3})*)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)


def flexible() -> dict[str, Any]:
    """The default: any time suits."""
    return {"flexible": True, "slots": []}


def _minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def validate_availability(value: Any) -> None:
    """The model field's validator: the normal form described above, or a ValidationError."""
    invalid = ValidationError(
        _("Availability must be “flexible” or a list of days with time ranges."), code="invalid"
    )
    if not isinstance(value, dict) or set(value) != {"flexible", "slots"}:
        raise invalid
    if not isinstance(value["flexible"], bool) or not isinstance(value["slots"], list):
        raise invalid
    if value["flexible"]:
        if value["slots"]:
            raise ValidationError(
                _("A flexible availability has no time ranges."), code="flexible_with_slots"
            )
        return
    if not value["slots"]:
        raise ValidationError(
            _("Give at least one day and time range, or say that you are flexible."),
            code="empty",
        )
    if len(value["slots"]) > MAX_SLOTS:
        raise ValidationError(
            _("At most %(count)d time ranges."), code="too_many", params={"count": MAX_SLOTS}
        )
    for slot in value["slots"]:
        if not isinstance(slot, dict) or set(slot) != {"day", "start", "end"}:
            raise invalid
        if slot["day"] not in DAYS:
            raise ValidationError(
                _("“%(day)s” is not a day: use %(days)s."),
                code="bad_day",
                params={"day": slot["day"], "days": " ".join(DAYS)},
            )
        for key in ("start", "end"):
            if not isinstance(slot[key], str) or not TIME.match(slot[key]):
                raise ValidationError(
                    _("“%(time)s” is not a time: write it HH:MM, for example 09:30."),
                    code="bad_time",
                    params={"time": slot[key]},
                )
        if _minutes(slot["start"]) >= _minutes(slot["end"]):
            raise ValidationError(
                _("A time range must end after it starts (%(start)s-%(end)s)."),
                code="reversed",
                params={"start": slot["start"], "end": slot["end"]},
            )


def from_slots(slots: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """The normal form of (day, start, end) triples: sorted, overlaps merged. None given: flexible.

    The triples are not checked here: validate_availability does that on the result.
    """
    by_day: dict[str, list[list[int]]] = {}
    for day, start, end in slots:
        if day not in DAYS or not (TIME.match(start) and TIME.match(end)):
            # Left as given, so that validate_availability names the problem.
            return {"flexible": False, "slots": [{"day": day, "start": start, "end": end}]}
        by_day.setdefault(day, []).append([_minutes(start), _minutes(end)])
    if not by_day:
        return flexible()
    merged: list[dict[str, str]] = []
    for day in DAYS:
        ranges = sorted(by_day.get(day, []))
        current: list[int] | None = None
        for start, end in ranges:
            if current and start <= current[1]:
                current[1] = max(current[1], end)
                continue
            if current:
                merged.append({"day": day, "start": _clock(current[0]), "end": _clock(current[1])})
            current = [start, end]
        if current:
            merged.append({"day": day, "start": _clock(current[0]), "end": _clock(current[1])})
    return {"flexible": False, "slots": merged}


def parse(text: str) -> dict[str, Any]:
    """Read the text form (see the module's docstring); a translated ValueError if wrong."""
    text = text.strip().lower()
    if text in {"", "flexible"}:
        return flexible()
    triples: list[tuple[str, str, str]] = []
    for part in text.split(SLOT_SEPARATOR):
        part = part.strip()
        if not part:
            continue
        match = TEXT_SLOT.match(part)
        if not match:
            raise ValueError(
                _(
                    "“%(value)s” is not a day and a time range. Write for example "
                    "“mon 09:00-12:00; thu 14:00-17:30”, or “flexible”."
                )
                % {"value": part}
            )
        start, end = (_zero_pad(match["start"]), _zero_pad(match["end"]))
        for day in (day.strip() for day in match["days"].split(",")):
            if day not in DAYS:
                raise ValueError(
                    _("“%(day)s” is not a day: use %(days)s.")
                    % {"day": day, "days": " ".join(DAYS)}
                )
            triples.append((day, start, end))
    value = from_slots(triples)
    try:
        validate_availability(value)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from error
    return value


def _zero_pad(time: str) -> str:
    return time if len(time) == 5 else f"0{time}"


def as_text(value: dict[str, Any]) -> str:
    """The text form, which `parse` reads back to the same value."""
    if value.get("flexible", True):
        return "flexible"
    return "; ".join(f"{slot['day']} {slot['start']}-{slot['end']}" for slot in value["slots"])


def describe(value: dict[str, Any]) -> str:
    """For people, in the active language: “Flexible” or “Monday 09:00–12:00 and Thursday
    14:00–17:30” (“Lundi 09:00–12:00 et jeudi 14:00–17:30”: a French weekday is written in
    lower case inside a sentence)."""
    if value.get("flexible", True):
        return _("Flexible")
    french = (get_language() or "en").startswith("fr")
    slots = []
    for slot in value["slots"]:
        name = str(DAY_NAMES[slot["day"]])
        slots.append(f"{name.lower() if french else name} {slot['start']}–{slot['end']}")
    return capfirst(formatting.word_list(slots))


def hour_keys(value: dict[str, Any]) -> frozenset[str] | None:
    """The hours a person can meet, as "mon:09" keys (None: flexible), for pairing to intersect.

    An hour counts when the range covers any part of it: 09:30-10:15 gives mon:09 and mon:10.
    """
    if value.get("flexible", True):
        return None
    keys = set()
    for slot in value["slots"]:
        start, end = _minutes(slot["start"]), _minutes(slot["end"])
        for hour in range(start // 60, (end - 1) // 60 + 1):
            keys.add(f"{slot['day']}:{hour:02d}")
    return frozenset(keys)


def parts_of_day(value: dict[str, Any]) -> dict[str, list[str]]:
    """{part key: [days]} for the form's grid: a part is ticked when a range covers all of it."""
    ticked: dict[str, list[str]] = {part[0]: [] for part in PARTS_OF_DAY}
    if value.get("flexible", True):
        return ticked
    for key, _label, start, end in PARTS_OF_DAY:
        for slot in value["slots"]:
            if slot["start"] <= start and slot["end"] >= end and slot["day"] not in ticked[key]:
                ticked[key].append(slot["day"])
    return ticked
