"""What the database itself guarantees about enrolments."""

import pytest
from django.db import IntegrityError, transaction

from enrolments import services
from enrolments.models import Enrolment, EnrolmentTopic
from enrolments.testing import make_enrolment
from programmes.models import Topic


def test_one_enrolment_per_person_and_programme(mentor, programme):
    make_enrolment(programme=programme, person=mentor)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_enrolment(programme=programme, person=mentor, role="mentee", capacity=None)


@pytest.mark.parametrize(("role", "capacity"), [("mentor", None), ("mentor", 0), ("mentee", 1)])
def test_only_mentors_have_a_capacity_of_at_least_one(mentor, programme, role, capacity):
    with pytest.raises(IntegrityError):
        make_enrolment(programme=programme, person=mentor, role=role, capacity=capacity)


def test_a_declined_enrolment_keeps_its_reason(mentor, programme):
    with pytest.raises(IntegrityError):
        make_enrolment(programme=programme, person=mentor, status="declined", decision_reason="")


@pytest.mark.parametrize(
    "numbers",
    [
        {"level": None, "priority": None},
        {"level": 2, "priority": 1},
        {"level": 5},
        {"priority": 0},
        {"priority": 1, "confidence": 6},
        {"level": 2, "confidence": 3},
    ],
)
def test_a_topic_row_has_a_level_or_a_priority_in_range(mentor, programme, numbers):
    enrolment = make_enrolment(programme=programme, person=mentor, topics={})

    with pytest.raises(IntegrityError):
        EnrolmentTopic.objects.create(
            enrolment=enrolment, topic=Topic.objects.get(slug="generative-ai"), **numbers
        )


def test_counts_come_by_role_and_status_with_zeros(mentor, mentee, outsider, programme):
    make_enrolment(programme=programme, person=mentor)
    make_enrolment(programme=programme, person=outsider, status="approved")
    make_enrolment(programme=programme, person=mentee, role="mentee", capacity=None)

    counts = services.enrolment_counts(programme)

    assert counts["mentor"] == {
        "submitted": 1,
        "approved": 1,
        "waitlisted": 0,
        "declined": 0,
        "withdrawn": 0,
    }
    assert counts["mentee"]["submitted"] == 1
    assert sum(counts["mentee"].values()) == 1


def test_there_is_no_field_for_ethnic_or_cultural_origin():
    names = " ".join(field.name for field in Enrolment._meta.get_fields())

    for word in ("ethnic", "origin", "race", "culture", "nationality"):
        assert word not in names
