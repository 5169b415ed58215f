"""`{% enrolment_summary programme %}`: the enrolment box of a programme's page.

HR admins see the volunteers counted by role and status, with links to review
and import them; anyone else sees their own enrolment, or a way to volunteer
while enrolment is open. One or two queries.
"""

from typing import Any

from django import template

from enrolments import access, eligibility
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
