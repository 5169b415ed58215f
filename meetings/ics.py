"""iCalendar (RFC 5545) for sessions, built with the `icalendar` library.

- `invitation(meeting, method=...)`: one event to import or to attach to an email
  (METHOD:REQUEST, or METHOD:CANCEL once cancelled, as RFC 5546 asks).
- `feed(person, meetings)`: a person's subscribed calendar (no METHOD: it is published,
  not an invitation).
- `filename(meeting, reader)`: `tandem-2027-01-13-marc-delaunay.ics`, the date in the
  reader's zone and the partner's name.

Decisions:
- The `icalendar` library writes the text: escaping, folding at 75 octets without
  splitting a character, CRLF, parameter quoting. It is maintained, typed and used by
  Plone and CalDAV servers; our hand-written writer did the same with more to get wrong.
- UID is the meeting's code, so that a calendar replaces the event it has; SEQUENCE is
  the meeting's, bumped on each change and on cancellation.
- Times are written in UTC with a Z: no VTIMEZONE to get wrong, and every calendar shows
  them in its owner's zone, across daylight-saving changes.
- Links come from settings.SITE_URL. A session's video link goes in LOCATION (what
  Outlook shows), in CONFERENCE (RFC 7986) and in the description.
- An event says when, with whom and where; never what the pair wrote (no journal, no
  takeaways, no feedback).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText, vUri

from people.models import User

from .models import Meeting

PRODID = "-//Tandem//Reverse mentoring sessions//EN"
METHODS = ("REQUEST", "CANCEL")


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name.replace('"', "'"))
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def _summary(meeting: Meeting, recipient: User | None) -> str:
    pair = meeting.pair
    if recipient is not None and pair.is_member(recipient):
        return _("Tandem session with %(name)s") % {"name": pair.other_member(recipient).name}
    return _("Tandem session: %(mentor)s and %(mentee)s") % {
        "mentor": pair.mentor_person.name,
        "mentee": pair.mentee_person.name,
    }


def _event(meeting: Meeting, *, recipient: User | None, cancelled: bool, stamp: datetime) -> Event:
    pair = meeting.pair
    link = settings.SITE_URL + reverse("meetings:pair", args=[pair.code])
    lines = [
        _("%(programme)s. Your pair's page: %(link)s")
        % {"programme": pair.programme.name, "link": link}
    ]
    if meeting.video_link:
        lines.append(_("Video link: %(link)s") % {"link": meeting.video_link})
    event = Event()
    event.add("uid", f"{meeting.code}@tandem")
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", _summary(meeting, recipient))
    event.add("description", "\n".join(lines))
    event.add(
        "location", meeting.video_link or meeting.shown_place or str(meeting.get_mode_display())
    )
    event.add("url", vUri(link))
    if meeting.video_link:
        event.add(
            "conference",
            vUri(meeting.video_link),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO"},
        )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", _address(organiser_email, organiser_name or "Tandem"))
    for person in (pair.mentor_person, pair.mentee_person):
        event.add(
            "attendee",
            _address(
                person.email,
                person.name or person.email,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="FALSE",
            ),
        )
    return event


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
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    language = recipient.preferred_language if recipient else translation.get_language()
    with translation.override(language):
        calendar.add_component(
            _event(meeting, recipient=recipient, cancelled=cancelled, stamp=timezone.now())
        )
    return calendar.to_ical()


def feed(person: User, meetings: Iterable[Meeting]) -> bytes:
    """The person's sessions as a subscribed calendar, in their language."""
    stamp = timezone.now()
    calendar = _calendar(None)
    with translation.override(person.preferred_language):
        calendar.add("x-wr-calname", _("Tandem sessions"))
        for meeting in meetings:
            calendar.add_component(_event(meeting, recipient=person, cancelled=False, stamp=stamp))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar.to_ical()


def filename(meeting: Meeting, reader: User) -> str:
    """`tandem-2027-01-13-marc-delaunay.ics`: the day in the reader's zone, the partner."""
    day = timezone.localtime(meeting.starts_at, ZoneInfo(reader.time_zone or "UTC")).date()
    pair = meeting.pair
    partner = pair.other_member(reader) if pair.is_member(reader) else pair.mentee_person
    name = slugify(partner.name, allow_unicode=False) or "session"
    return f"tandem-{day:%Y-%m-%d}-{name}.ics"
