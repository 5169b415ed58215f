"""iCalendar (RFC 5545) for sessions, written by hand: a few properties need no library.

- `invitation(meeting, method=...)`: one event to import or to attach to an email
  (METHOD:REQUEST, or METHOD:CANCEL once cancelled, as RFC 5546 asks).
- `feed(person, meetings)`: a person's subscribed calendar (no METHOD: it is published,
  not an invitation).

Decisions:
- UID is the meeting's code, so that a calendar replaces the event it has; SEQUENCE is
  the meeting's, bumped on each reschedule and on cancellation.
- Times are written in UTC with a Z: no VTIMEZONE to get wrong, and every calendar shows
  them in its owner's zone, across daylight-saving changes.
- An event says when, with whom and where; never what the pair wrote (no notes, no
  takeaways, no feedback).
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.models import User

from .models import Meeting

CRLF = "\r\n"
PRODID = "-//Tandem//Reverse mentoring sessions//EN"
METHODS = ("REQUEST", "CANCEL")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def quote_param(value: str) -> str:
    """A parameter value (RFC 5545 3.2): quoted when it holds : ; or , and never a quote."""
    value = value.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{value}"' if any(char in value for char in ":;,") else value


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space; never inside a character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _calendar(lines: list[str], *, method: str | None, extra: Iterable[str] = ()) -> bytes:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        head.append(f"METHOD:{method}")
    head += list(extra)
    body = [*head, *lines, "END:VCALENDAR"]
    return (CRLF.join(fold(line) for line in body) + CRLF).encode()


def _organizer() -> str:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return f"ORGANIZER;CN={quote_param(name or 'Tandem')}:mailto:{address}"


def _attendee(person: User) -> str:
    return (
        f"ATTENDEE;CN={quote_param(person.name or person.email)};ROLE=REQ-PARTICIPANT;"
        f"PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{person.email}"
    )


def _summary(meeting: Meeting, recipient: User | None) -> str:
    pair = meeting.pair
    if recipient is not None and pair.is_member(recipient):
        return _("Tandem session with %(name)s") % {"name": pair.other_member(recipient).name}
    return _("Tandem session: %(mentor)s and %(mentee)s") % {
        "mentor": pair.mentor_person.name,
        "mentee": pair.mentee_person.name,
    }


def _event(meeting: Meeting, *, recipient: User | None, cancelled: bool, stamp: datetime) -> list:
    pair = meeting.pair
    link = settings.SITE_URL + reverse("meetings:pair", args=[pair.code])
    description = _("%(programme)s. Your pair's page: %(link)s") % {
        "programme": pair.programme.name,
        "link": link,
    }
    location = meeting.place or meeting.get_mode_display()
    return [
        "BEGIN:VEVENT",
        f"UID:{meeting.code}@tandem",
        f"DTSTAMP:{utc(stamp)}",
        f"SEQUENCE:{meeting.sequence}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SUMMARY:{escape_text(_summary(meeting, recipient))}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(str(location))}",
        f"URL:{link}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        _organizer(),
        _attendee(pair.mentor_person),
        _attendee(pair.mentee_person),
        "END:VEVENT",
    ]


def invitation(
    meeting: Meeting, *, method: str = "REQUEST", recipient: User | None = None
) -> bytes:
    """The session as a calendar invitation, in the recipient's language when given.

    method="CANCEL" (or a cancelled meeting) gives the cancellation, which removes the
    event from calendars that imported the request.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown iCalendar method: {method!r}")
    cancelled = method == "CANCEL" or meeting.status == Meeting.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    language = recipient.preferred_language if recipient else translation.get_language()
    with translation.override(language):
        event = _event(meeting, recipient=recipient, cancelled=cancelled, stamp=timezone.now())
    return _calendar(event, method=method)


def feed(person: User, meetings: Iterable[Meeting]) -> bytes:
    """The person's sessions as a subscribed calendar, in their language."""
    stamp = timezone.now()
    with translation.override(person.preferred_language):
        lines = [
            line
            for meeting in meetings
            for line in _event(meeting, recipient=person, cancelled=False, stamp=stamp)
        ]
        name = _("Tandem sessions")
    extra = [
        f"X-WR-CALNAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    return _calendar(lines, method=None, extra=extra)
