"""The demo gains volunteers in every state for the open programmes."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from enrolments.models import Enrolment
from programmes.models import Programme

pytestmark = pytest.mark.django_db

Status = Enrolment.Status


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


def test_the_demo_has_volunteers_in_every_state_and_runs_again_without_adding_any():
    output = seed()

    open_programmes = Programme.objects.filter(status=Programme.Status.ENROLMENT_OPEN)
    assert open_programmes.exists()
    for programme in open_programmes:
        states = Counter(programme.enrolments.values_list("role", "status"))
        for role in Enrolment.Role.values:
            for status in Status.values:
                assert states[(role, status)] >= 1, (programme.slug, role, status)
    # In the open programmes; the pairing step also pairs them in a running one.
    mentor = open_programmes.get().enrolments.get(person__email="mentor@example.com")
    mentee = open_programmes.get().enrolments.get(person__email="mentee@example.com")
    assert (mentor.role, mentor.status) == ("mentor", Status.SUBMITTED)
    assert (mentee.role, mentee.status) == ("mentee", Status.APPROVED)
    pairing = Programme.objects.get(status=Programme.Status.PAIRING)
    assert pairing.enrolments.approved().mentors().count() >= 5
    assert pairing.enrolments.approved().mentees().count() >= 5
    assert "volunteers in" in output

    total = Enrolment.objects.count()
    again = seed()

    assert Enrolment.objects.count() == total
    assert "(0 new)" in next(line for line in again.splitlines() if "volunteers in" in line)


def test_every_demo_volunteer_is_eligible_and_consistent():
    from enrolments import eligibility

    seed()

    for enrolment in Enrolment.objects.select_related("person", "programme").prefetch_related(
        "topic_rows"
    ):
        assert not eligibility.refusals(enrolment.programme, enrolment.person, enrolment.role)
        assert enrolment.topic_rows.all()
        if enrolment.role == "mentor":
            assert 1 <= enrolment.capacity <= enrolment.programme.max_mentees_per_mentor
        enrolment.full_clean()
