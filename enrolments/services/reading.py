"""What the enrolment pages, and the apps downstream, read about a programme's volunteers."""

from typing import Any

from programmes.models import Programme, Topic

from ..models import Enrolment

Role = Enrolment.Role
Status = Enrolment.Status


def enrolment_counts(programme: Programme) -> dict[str, dict[str, int]]:
    """{role: {status: count}} for the programme, zeros included, in one query."""
    return Enrolment.objects.filter(programme=programme).counts()


def count_rows(table: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """The counts as table rows, one per role: {"role", "cells": [(status, count)], "total"}."""
    return [
        {
            "role": Role(role),
            "cells": [(Status(status), table[role][status]) for status in Status.values],
            "total": sum(table[role].values()),
        }
        for role in Role.values
    ]


def topics_in_scope(programme: Programme) -> tuple[list[Topic], list[Topic]]:
    """The programme's active topics: (taught by mentors, given back by mentees), by name."""
    topics = sorted(
        (topic for topic in programme.topics.all() if not topic.is_retired),
        key=lambda topic: topic.name.lower(),
    )
    taught = [topic for topic in topics if topic.kind == Topic.Kind.TAUGHT]
    given_back = [topic for topic in topics if topic.kind == Topic.Kind.GIVEN_BACK]
    return taught, given_back
