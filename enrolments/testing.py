"""Factories for tests in any app that needs volunteers (no test in here)."""

from typing import Any

from django.utils import timezone

from people.models import User
from programmes.models import Programme, Topic

from . import availability
from .models import Enrolment, EnrolmentTopic
from .services.reading import topics_in_scope

Role = Enrolment.Role


def make_enrolment(
    *,
    programme: Programme,
    person: User,
    role: str = Role.MENTOR,
    status: str = Enrolment.Status.SUBMITTED,
    topics: dict[str, int] | None = None,
    **fields: Any,
) -> Enrolment:
    """An enrolment written directly, without the service's checks; `topics` is {slug: number}.

    The number is the mentor's level or the mentee's priority (confidence 3 for mentees).
    """
    if topics is None:
        topics = {"generative-ai": 3}
    defaults: dict[str, Any] = {
        "languages": ["fr", "en"],
        "availability": availability.flexible(),
        "capacity": 1 if role == Role.MENTOR else None,
        "charter_accepted_at": timezone.now(),
    }
    if status == Enrolment.Status.WITHDRAWN:
        defaults["withdrawn_at"] = timezone.now()
    if status == Enrolment.Status.DECLINED:
        defaults["decision_reason"] = "Not this time."
    if status in Enrolment.DECISIONS:
        defaults["decided_at"] = timezone.now()
    enrolment = Enrolment.objects.create(
        programme=programme, person=person, role=role, status=status, **{**defaults, **fields}
    )
    by_slug = Topic.objects.in_bulk(list(topics), field_name="slug")
    EnrolmentTopic.objects.bulk_create(
        EnrolmentTopic(
            enrolment=enrolment,
            topic=by_slug[slug],
            level=number if role == Role.MENTOR else None,
            priority=number if role == Role.MENTEE else None,
            confidence=3 if role == Role.MENTEE else None,
        )
        for slug, number in topics.items()
    )
    return enrolment


def volunteer_form_data(programme: Programme, role: str, **overrides: Any) -> dict[str, Any]:
    """What the volunteer form posts when filled in sensibly: the first taught topic picked,
    Monday and Thursday mornings, English, the charter accepted."""
    taught, _given_back = topics_in_scope(programme)
    data: dict[str, Any] = {
        "languages": ["en"],
        "when_morning": ["mon", "thu"],
        "motivation": "I would like to help.",
        "accept_charter": "on",
    }
    first = taught[0]
    if role == Role.MENTOR:
        data[f"topic_{first.pk}"] = "3"
        data["capacity"] = "1"
    else:
        data[f"topic_{first.pk}"] = "1"
        data[f"confidence_{first.pk}"] = "2"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
