"""`{% enrolment_summary programme %}`: the enrolment box of a programme's page.

HR admins see the volunteers counted by role and status, with links to review
and import them; anyone else sees their own enrolment, or a way to volunteer
while enrolment is open. One or two queries.

`{% enrolment_status enrolment %}` and `{% enrolment_topics enrolment %}`: an enrolment's
status badge and its topics, on every row of HR's review queue and of "My programmes",
built here rather than by an included template per row.
"""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

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
        enrolment.get_status_display(),
    )


def _badge(text: str) -> SafeString:
    return format_html('<span class="badge text-bg-light border">{}</span>', text)


@register.simple_tag
def enrolment_topics(enrolment: Enrolment) -> SafeString:
    """An enrolment's topics: a mentor's levels, or a mentee's priorities and confidence today
    (`topic_rows` with their topics, prefetched by the page)."""
    items = []
    for row in enrolment.topic_rows.all():
        if row.level is not None:
            badges = _badge(_("level %(level)s/4") % {"level": row.level})
        else:
            badges = _badge(_("priority %(priority)s") % {"priority": row.priority})
            if row.confidence:
                confidence = _badge(
                    _("confidence %(confidence)s/5") % {"confidence": row.confidence}
                )
                badges = format_html("{} {}", badges, confidence)
        items.append((row.topic.name, badges))
    return format_html(
        '<ul class="list-unstyled mb-0" data-testid="enrolment-topics">{}</ul>',
        format_html_join("", "<li>{} {}</li>", items),
    )
