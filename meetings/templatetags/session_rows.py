"""`{% load session_rows %}`: the rows of a pair's page (`{% to_log_row %}`, `{% coming_row %}`,
`{% past_row %}`), each a session, built here rather than by the template's tags and includes
per session: a pair's sessions were most of its page's work. They write what
`meetings/includes/when.html` and `moved.html` write, in the page's time zone and language.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import formatting
from meetings.models import Meeting, Mode
from people.models import User

register = template.Library()

ANY_CODE = "00000000-0000-0000-0000-000000000000"


def moved_sentence(reason: str) -> str:
    """Why a session is not on its programme date, as `meetings/includes/moved.html` says it
    (each sentence a literal, for makemessages)."""
    if reason == "weekend":
        return _("Planned here rather than on %(day)s: that day falls on a weekend.")
    if reason == "holiday":
        return _("Planned here rather than on %(day)s: a public holiday for one of you.")
    if reason == "closure":
        return _("Planned here rather than on %(day)s: the programme is closed that day.")
    if reason == "busy":
        return _("Planned here rather than on %(day)s: one of you already had a session then.")
    return _("Planned here rather than on %(day)s: no time that day fits both your availabilities.")


MODES = dict(Mode.choices)


def mode(meeting: Meeting) -> str:
    """`get_mode_display()` without its hashing of every choice (a translation each)."""
    label = MODES.get(meeting.mode)
    return meeting.mode if label is None else str(label)


@lru_cache(maxsize=64)
def _address(name: str, prefix: str) -> str:
    return reverse(f"meetings:{name}", args=[ANY_CODE])


def url(name: str, meeting: Meeting) -> str:
    """The session's address (one `reverse` a page, not one a session)."""
    return _address(name, get_script_prefix()).replace(ANY_CODE, str(meeting.code))


def when(meeting: Meeting) -> SafeString:
    """As `meetings/includes/when.html` writes a session's start at the start of a sentence."""
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(meeting.starts_at).isoformat(),
        capfirst(formatting.moment(meeting.starts_at, weekday=True)),
    )


def sentence(text: str, **values: object) -> SafeString:
    """A translated sentence with its values escaped, as `{% blocktranslate %}` writes it."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(text % escaped)  # noqa: S308 (the values are escaped; the sentence is ours)


def minutes(meeting: Meeting) -> str:
    count = meeting.duration_minutes
    return sentence(ngettext("%(minutes)s minute", "%(minutes)s minutes", count), minutes=count)


def moved(meeting: Meeting) -> SafeString:
    """As `meetings/includes/moved.html` writes why a session is not on its programme date."""
    html = mark_safe("")  # noqa: S308 (empty)
    reasons = meeting.moved_reasons
    if reasons:
        day = formatting.day(meeting.planned_for, weekday=True, year=False)
        said = [sentence(moved_sentence(reason), day=day) for reason in reasons]
        html += format_html(
            '<div class="small text-body-secondary" data-testid="moved">{} </div>',
            mark_safe(" ".join(said)),  # noqa: S308 (each sentence escaped)
        )
    if meeting.outside_availability:
        html += format_html(
            '<div class="small text-warning-emphasis">{}</div>',
            _(
                "Your availabilities never overlap, so this session is in working hours: "
                "move it if it does not suit."
            ),
        )
    return html


@register.simple_tag
def to_log_row(meeting: Meeting, can_change: bool) -> SafeString:
    """A planned session whose time has passed."""
    actions = ""
    if can_change:
        actions = format_html(
            '<span class="d-flex gap-2"><a class="btn btn-sm btn-primary" href="{}">{}</a>'
            ' <a class="btn btn-sm btn-outline-secondary" href="{}">{}</a></span>',
            url("log", meeting),
            _("Log it"),
            url("cancel", meeting),
            _("It did not happen"),
        )
    return format_html(
        '<li class="list-group-item d-flex flex-wrap justify-content-between align-items-center'
        ' gap-2"><span>{} · {}</span>{}</li>',
        when(meeting),
        minutes(meeting),
        actions,
    )


@register.simple_tag
def coming_row(meeting: Meeting, can_change: bool) -> SafeString:
    """A session to come: planned, with its place, link and buttons, or cancelled and why."""
    if meeting.is_cancelled:
        return format_html(
            '<li class="list-group-item text-body-secondary" data-testid="coming-cancelled">'
            '<div class="d-flex flex-wrap justify-content-between align-items-center gap-2"><div>'
            '<div class="fw-semibold"><s>{}</s> <span class="badge text-bg-secondary">{}</span>'
            '</div><div class="small">{}</div></div></div></li>',
            when(meeting),
            _("Cancelled"),
            sentence(_("Why: %(reason)s"), reason=meeting.cancel_reason),
        )
    about = format_html("{} · {}", minutes(meeting), mode(meeting))
    place = meeting.shown_place
    if place:
        about += format_html(" · {}", place)
    link = ""
    if meeting.video_link:
        link = format_html(
            '<div class="small"><a href="{}" rel="noopener noreferrer" target="_blank"'
            ' data-testid="video-link">{}</a> <span class="text-body-secondary">{}</span></div>',
            meeting.video_link,
            _("Join the video call"),
            meeting.video_link,
        )
    buttons = format_html(
        '<a class="btn btn-sm btn-outline-primary" href="{}" download>{}</a>',
        url("invitation", meeting),
        _("Add to my calendar (.ics)"),
    )
    if can_change:
        buttons += format_html(
            ' <a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>'
            ' <a class="btn btn-sm btn-outline-danger" href="{}">{}</a>',
            url("reschedule", meeting),
            _("Move"),
            url("cancel", meeting),
            _("Cancel"),
        )
    return format_html(
        '<li class="list-group-item" data-testid="coming-planned">'
        '<div class="d-flex flex-wrap justify-content-between align-items-center gap-2"><div>'
        '<div class="fw-semibold">{}</div><div class="small text-body-secondary">{}</div>{}{}'
        '</div><div class="d-flex flex-wrap gap-2">{}</div></div></li>',
        when(meeting),
        about,
        link,
        moved(meeting),
        buttons,
    )


@register.simple_tag
def past_row(meeting: Meeting, other: User, can_change: bool) -> SafeString:
    """A session held, with whose feedback is given, or cancelled and why."""
    if meeting.is_cancelled:
        badge = format_html('<span class="badge text-bg-secondary">{}</span>', _("Cancelled"))
        about = meeting.cancel_reason
    else:
        badge = format_html('<span class="badge text-bg-success">{}</span>', _("Held"))
        about = format_html("{} · {}", minutes(meeting), mode(meeting))
        if meeting.mine_given and meeting.other_given:
            about += format_html(" · {}", _("Both of you gave feedback"))
        elif meeting.mine_given and can_change:
            waiting = sentence(_("Waiting for %(name)s's feedback"), name=other.name)
            about += format_html(" · {}", waiting)
        elif can_change:
            about += format_html(
                ' · <span class="text-warning-emphasis">{}</span>', _("Your feedback is awaited")
            )
    actions = ""
    if meeting.is_held:
        give = ""
        if not meeting.mine_given and can_change:
            give = format_html(
                '<a class="btn btn-sm btn-primary" href="{}">{}</a> ',
                url("feedback", meeting),
                _("Give feedback"),
            )
        actions = format_html(
            '<span class="d-flex gap-2">{}<a class="btn btn-sm btn-outline-secondary" href="{}">'
            "{}</a></span>",
            give,
            url("detail", meeting),
            _("Open"),
        )
    return format_html(
        '<li class="list-group-item d-flex flex-wrap justify-content-between align-items-center'
        ' gap-2"><div><div class="fw-semibold">{} {}</div>'
        '<div class="small text-body-secondary">{}</div></div>{}</li>',
        when(meeting),
        badge,
        about,
        actions,
    )
