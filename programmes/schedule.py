"""The échéancier: planned session dates from a start date, a cadence and a duration.

Pure functions (no Django import) so that meetings can reuse them when pairs are
published, and so that they are tested without a database.

Decisions:
- Monthly sessions fall on the start's day of the month, clipped to the month's
  last day (31 January -> 28 or 29 February -> 31 March): each date is computed
  from the start, never from the previous date, so a short month does not drag
  the rest of the schedule earlier.
- The programme runs from its start date to the day before the same day
  `duration_months` later; a session planned on that end day or later is dropped.
- Dates are calendar dates: a session may fall on a weekend; the pair moves it.
"""

import calendar
from datetime import date, timedelta

# Keyed by programmes.models.Programme.Cadence values.
DAYS_BETWEEN_SESSIONS = {"every_2_weeks": 14, "every_6_weeks": 42}
MONTHS_BETWEEN_SESSIONS = {"monthly": 1}
CADENCES = frozenset(DAYS_BETWEEN_SESSIONS) | frozenset(MONTHS_BETWEEN_SESSIONS)


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clipped to the end of a shorter month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def programme_end(start: date, duration_months: int) -> date:
    """The last day of a programme (inclusive)."""
    return add_months(start, duration_months) - timedelta(days=1)


def planned_session_dates(start: date, cadence: str, duration_months: int) -> list[date]:
    """Every planned session date, the first on the start date, all before the programme ends."""
    if cadence not in CADENCES:
        raise ValueError(f"Unknown cadence: {cadence!r}")
    if duration_months < 1:
        return []
    end = programme_end(start, duration_months)
    dates: list[date] = []
    number = 0
    while True:
        if cadence in MONTHS_BETWEEN_SESSIONS:
            session = add_months(start, number * MONTHS_BETWEEN_SESSIONS[cadence])
        else:
            session = start + timedelta(days=number * DAYS_BETWEEN_SESSIONS[cadence])
        if session > end:
            return dates
        dates.append(session)
        number += 1
