"""`{% enrolment_summary programme %}`: the enrolment box of a programme's page.

HR admins see the volunteers counted by role and status, with links to review
and import them; anyone else sees their own enrolment, or a way to volunteer
while enrolment is open. One or two queries.

`{% enrolment_status enrolment %}` and `{% enrolment_topics enrolment %}`: an enrolment's
status badge and its topics, on every row of HR's review queue and of "My programmes",
built here rather than by an included template per row; `{% review_row enrolment ticked %}`
the whole row of the review queue.
"""

from functools import lru_cache
from typing import Any

from django import template
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import formatting
from enrolments import access, eligibility
from enrolments.models import Enrolment
from enrolments.services import reading
from programmes.models import Programme

register = template.Library()


@register.inclusion_tag("enrolments/includes/programme_summary.html", takes_context=True)
def enrolment_summary(context: dict[str, Any], programme: Programme) -> dict[str, Any]:
    user = context["request"].user
    can_review = access.can_review(user)
    summary: dict[str, Any] = {"programme": programme, "can_review": can_review}
    if can_review:
        summary["counts"] = reading.count_rows(reading.enrolment_counts(programme))
    else:
        summary["enrolment"] = access.enrolments_of(user).filter(programme=programme).first()
        summary["is_open"] = eligibility.enrolment_closed(programme) is None
    return summary


STATUS_BADGES = {
    "submitted": "text-bg-primary",
    "approved": "text-bg-success",
    "waitlisted": "text-bg-warning",
    "declined": "text-bg-danger",
}


@register.simple_tag
def enrolment_status(enrolment: Enrolment) -> SafeString:
    """The enrolment's status as a badge, its value in `data-status`."""
    return format_html(
        '<span class="badge {}" data-testid="enrolment-status" data-status="{}">{}</span>',
        STATUS_BADGES.get(enrolment.status, "text-bg-light border"),
        enrolment.status,
        _label(Enrolment.Status, enrolment.status),
    )


def _label(choices: type[models.TextChoices], value: str) -> str:
    """`get_FOO_display()` without its hashing of every choice (a translation each)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _badge(text: str) -> str:
    return f'<span class="badge text-bg-light border">{escape(text)}</span>'


@register.simple_tag
def enrolment_topics(enrolment: Enrolment) -> SafeString:
    """An enrolment's topics: a mentor's levels, or a mentee's priorities and confidence today
    (`topic_rows` with their topics, prefetched by the page). Joined as strings, each value
    escaped: a page of the queue has hundreds of them."""
    items = []
    for row in enrolment.topic_rows.all():
        if row.level is not None:
            badges = _badge(_("level %(level)s/4") % {"level": row.level})
        else:
            badges = _badge(_("priority %(priority)s") % {"priority": row.priority})
            if row.confidence:
                confidence = _("confidence %(confidence)s/5") % {"confidence": row.confidence}
                badges += " " + _badge(confidence)
        items.append(f"<li>{escape(row.topic.name)} {badges}</li>")
    return mark_safe(  # noqa: S308 (each value escaped above)
        f'<ul class="list-unstyled mb-0" data-testid="enrolment-topics">{"".join(items)}</ul>'
    )


ANY_CODE = "00000000-0000-0000-0000-000000000000"


@lru_cache(maxsize=8)
def _detail_address(prefix: str) -> str:
    return reverse("enrolments:detail", args=[ANY_CODE])


@register.simple_tag
def review_row(enrolment: Enrolment, ticked: set[str]) -> SafeString:
    """A row of HR's review queue, built here rather than by the template's tags per row: the
    queue's rows were most of the page's work (`for_queue` reads what it shows)."""
    person, code = enrolment.person, str(enrolment.code)
    pick = ""
    if enrolment.is_decidable:
        pick = format_html(
            '<input type="checkbox" class="form-check-input" name="enrolments" value="{}"'
            ' id="pick-{}" {}><label class="visually-hidden" for="pick-{}">{}</label>',
            code,
            code,
            "checked" if code in ticked else "",
            code,
            _translated(_("Select %(name)s"), name=person.name),
        )
    department = person.department.name if person.department else ""
    about = escape(department)
    if person.grade:
        about = format_html(
            "{} · {}", department, _translated(_("grade %(grade)s"), grade=person.grade)
        )
    role = escape(_label(Enrolment.Role, enrolment.role))
    if enrolment.is_mentor:
        takes = ngettext(
            "takes %(capacity)s mentee", "takes %(capacity)s mentees", enrolment.capacity
        )
        role += format_html(
            '<div class="small text-body-secondary">{}</div>',
            _translated(takes, capacity=enrolment.capacity),
        )
    languages = formatting.word_list(enrolment.language_names) or "—"
    submitted = format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(enrolment.submitted_at).isoformat(),
        formatting.day(enrolment.submitted_at),
    )
    if enrolment.source == Enrolment.Source.IMPORT:
        submitted += format_html("<br>{}", _label(Enrolment.Source, enrolment.source))
    if not enrolment.charter_accepted_at:
        submitted += format_html(
            '<br><span class="text-warning-emphasis">{}</span>', _("charter not accepted yet")
        )
    state = enrolment_status(enrolment)
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        said = _translated(_("on %(date)s"), date=formatting.day(enrolment.withdrawn_at))
        if enrolment.withdrawal_reason:
            said += _translated(_(": “%(reason)s”"), reason=enrolment.withdrawal_reason)
        state += format_html('<div data-testid="withdrawal-reason">{}</div>', said)
    elif enrolment.decision_reason:
        state += format_html(
            "<div>{}</div>", _translated(_("“%(reason)s”"), reason=enrolment.decision_reason)
        )
    return format_html(
        '<tr data-testid="review-row" data-email="{}"><td>{}</td><td><a href="{}">{}</a>'
        '<div class="small text-body-secondary">{}</div></td><td>{}</td>'
        '<td class="small">{}</td><td class="small">{}<br>{}</td><td class="small">{}</td>'
        '<td class="small">{}</td></tr>',
        person.email,
        pick,
        _detail_address(get_script_prefix()).replace(ANY_CODE, code),
        person.name,
        about,
        role,
        enrolment_topics(enrolment),
        languages,
        enrolment.availability_text,
        submitted,
        state,
    )


def _translated(text: str, **values: Any) -> SafeString:
    """A translated sentence with its values escaped, as `{% blocktranslate %}` writes it."""
    return mark_safe(text % {name: conditional_escape(value) for name, value in values.items()})  # noqa: S308 (the values are escaped; the sentence is ours)
