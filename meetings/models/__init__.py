"""The meetings app's models, by sub-domain: sessions, what members write, calendars, exits.

Times are aware datetimes stored in UTC; pages show them in the reader's time zone.
"""

from .calendars import CalendarFeed, ClosurePeriod, new_feed_token
from .exits import ExitRequest
from .sessions import (
    DURATION_MAX,
    DURATION_MIN,
    RATING_MAX,
    RATING_MIN,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Meeting,
    MeetingQuerySet,
    Mode,
)
from .writing import Agreement, Feedback, FeedbackQuerySet, JournalEntry

__all__ = [
    "DURATION_MAX",
    "DURATION_MIN",
    "RATING_MAX",
    "RATING_MIN",
    "REASON_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "Agreement",
    "CalendarFeed",
    "ClosurePeriod",
    "ExitRequest",
    "Feedback",
    "FeedbackQuerySet",
    "JournalEntry",
    "Meeting",
    "MeetingQuerySet",
    "Mode",
    "new_feed_token",
]
