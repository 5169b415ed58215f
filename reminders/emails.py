"""The reminder emails, one function per kind, written with `common.emails.make_message`.

Every reminder is written in its recipient's language and time zone and carries the same
headers: its own Message-ID (the same on every attempt, so that a mail system can drop a
duplicate delivery), `Auto-Submitted` (no out-of-office replies) and `X-Tandem-Reminder`
(its kind). A session's invitation and its cancellation carry the .ics.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from common.emails import make_message
from meetings import ics
from meetings.models import Meeting
from pairing.models import Pair
from people.models import User
from programmes.models import Programme

from .models import Reminder

Kind = Reminder.Kind


def compose(reminder: Reminder, *, connection: Any = None) -> EmailMultiAlternatives:
    """The reminder's email: text, HTML, and the .ics where it has one."""
    return WRITERS[reminder.kind](reminder, connection)


def upcoming_session(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    message = _message(reminder, _session_context(reminder), connection)
    return _with_calendar(message, reminder, method="REQUEST")


def session_cancelled(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    context = _session_context(reminder)
    by_id = reminder.context.get("by")
    context["by"] = next((p for p in reminder.pair.members if p.pk == by_id), None)
    message = _message(reminder, context, connection)
    return _with_calendar(message, reminder, method="CANCEL")


def session_changed(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    """A session the partner added or moved, or HR moved: at once, with the new invitation."""
    context = _session_context(reminder)
    pair = reminder.pair
    by_id = reminder.context.get("by")
    context["change"] = reminder.context.get("change", "moved")
    context["by"] = next((p for p in pair.members if p.pk == by_id), None)
    return _with_calendar(_message(reminder, context, connection), reminder, method="REQUEST")


def log_nudge(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    return _message(reminder, _session_context(reminder), connection)


def feedback_request(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    return _message(reminder, _session_context(reminder), connection)


def inactive_pair_alert(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    pair = reminder.pair
    last_held = (
        Meeting.objects.filter(pair=pair, status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    since = datetime.fromisoformat(reminder.context["last_activity"])
    context = {
        "pair": pair,
        "programme": pair.programme,
        "mentor": pair.mentor_person,
        "mentee": pair.mentee_person,
        # A member who has left: the pair is ended, not nudged (the email says so).
        "leaver": next(
            (m for m in (pair.mentor_person, pair.mentee_person) if not m.is_active), None
        ),
        "last_held": last_held,
        "days": (timezone.now() - since).days,
        "pair_link": _link("meetings:pair", pair.code),
    }
    return _message(reminder, context, connection)


def weekly_digest(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    since = reminder.context.get("from")
    context = {
        "week": reminder.context.get("week", ""),
        # The subject names the week by its first day in words, never "2026-W48".
        "since": (datetime.fromisoformat(since) if since else reminder.due_at - timedelta(days=7)),
        "rows": digest_rows(reminder.recipient, timezone.now()),
        "hr_link": _link("reminders:hr"),
    }
    return _message(reminder, context, connection)


def pair_nudge(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives:
    """HR's message to a member of a quiet pair: when they last met, their next session if
    one is planned (else where to plan one), HR's own line if any, and where to ask HR to end
    the pair."""
    pair = reminder.pair
    is_mentor = reminder.recipient_id == pair.mentor_person_id
    by_id = reminder.context.get("by")
    context = {
        "pair": pair,
        "programme": pair.programme,
        "other": pair.mentee_person if is_mentor else pair.mentor_person,
        "last_held": (
            Meeting.objects.filter(pair=pair, status=Meeting.Status.HELD)
            .order_by("-starts_at")
            .values_list("starts_at", flat=True)
            .first()
        ),
        # Their next session planned, if any: the email then asks to keep it, not to plan one.
        "next_session": (
            Meeting.objects.filter(
                pair=pair, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
            )
            .order_by("starts_at")
            .first()
        ),
        "note": reminder.context.get("note", ""),
        "by": User.objects.filter(pk=by_id).first() if by_id else None,
        "pair_link": _link("meetings:pair", pair.code),
        "add_link": _link("meetings:add", pair.code),
        "exit_link": _link("meetings:exit", pair.code),
    }
    return _message(reminder, context, connection)


WRITERS: dict[str, Callable[[Reminder, Any], EmailMultiAlternatives]] = {
    Kind.UPCOMING_SESSION: upcoming_session,
    Kind.SESSION_CANCELLED: session_cancelled,
    Kind.SESSION_CHANGED: session_changed,
    Kind.LOG_NUDGE: log_nudge,
    Kind.FEEDBACK_REQUEST: feedback_request,
    Kind.INACTIVE_PAIR_ALERT: inactive_pair_alert,
    Kind.WEEKLY_DIGEST: weekly_digest,
    Kind.PAIR_NUDGE: pair_nudge,
}


def _message(
    reminder: Reminder, context: dict[str, Any], connection: Any
) -> EmailMultiAlternatives:
    recipient = reminder.recipient
    return make_message(
        f"emails/reminders/{reminder.kind}",
        to=recipient,
        context={
            "reminder": reminder,
            "settings_link": _link("reminders:preferences"),
            "home_link": _link("home"),
            **context,
        },
        headers={
            "Message-ID": reminder.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Tandem-Reminder": reminder.kind,
        },
        time_zone=recipient.time_zone or "UTC",
        connection=connection,
    )


def _link(name: str, *args: Any) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def _session_context(reminder: Reminder) -> dict[str, Any]:
    meeting, pair = reminder.meeting, reminder.pair
    is_mentor = reminder.recipient_id == pair.mentor_person_id
    return {
        "meeting": meeting,
        "pair": pair,
        "programme": pair.programme,
        "other": pair.mentee_person if is_mentor else pair.mentor_person,
        "is_mentor": is_mentor,
        "pair_link": _link("meetings:pair", pair.code),
        "log_link": _link("meetings:log", meeting.code),
        "feedback_link": _link("meetings:feedback", meeting.code),
    }


def _with_calendar(
    message: EmailMultiAlternatives, reminder: Reminder, *, method: str
) -> EmailMultiAlternatives:
    """The invitation (REQUEST) or its withdrawal (CANCEL), for the recipient's calendar."""
    calendar = ics.invitation(reminder.meeting, method=method, recipient=reminder.recipient)
    part = MIMEText(calendar.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    filename = ics.filename(reminder.meeting, reminder.recipient)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    message.attach(part)
    return message


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
                "inactive": pairs.at_risk(now).count(),
                "failed": Reminder.objects.failed().filter(programme=programme).count(),
            }
        )
    return rows
