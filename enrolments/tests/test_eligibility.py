"""The programme's reverse rule, seen from one person, and the enrolment window."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from enrolments import eligibility, services
from enrolments.models import Enrolment
from enrolments.testing import volunteer_form_data
from people.testing import make_person
from programmes.models import Programme

Role = Enrolment.Role


def volunteer_url(programme, role: str) -> str:
    return reverse("enrolments:volunteer", args=[programme.code, role])


def codes(programme, person, role) -> list[str]:
    return [refusal.code for refusal in eligibility.refusals(programme, person, role)]


def years_ago(years: float) -> date:
    return timezone.localdate() - timedelta(days=round(years * 365.25))


@pytest.fixture
def executive_programme(programme) -> Programme:
    """Mentees from grade 16, mentors 6 grades below and at most 5 years in the company."""
    Programme.objects.filter(pk=programme.pk).update(
        min_grade_gap=6, mentee_min_grade=16, mentor_max_tenure_years=5
    )
    programme.refresh_from_db()
    return programme


def test_a_junior_recent_hire_may_mentor_and_a_senior_may_be_mentored(db, executive_programme):
    junior = make_person(grade=3, hired_on=years_ago(2))
    senior = make_person(grade=17, hired_on=years_ago(20))

    assert codes(executive_programme, junior, Role.MENTOR) == []
    assert codes(executive_programme, senior, Role.MENTEE) == []


def test_a_mentee_below_the_lowest_grade_is_refused(db, executive_programme):
    director = make_person(grade=15)

    assert codes(executive_programme, director, Role.MENTEE) == ["below_min_grade"]


def test_a_mentor_who_joined_too_long_ago_is_refused(db, executive_programme):
    veteran = make_person(grade=3, hired_on=years_ago(6))

    assert codes(executive_programme, veteran, Role.MENTOR) == ["tenure_too_long"]


def test_a_mentor_without_a_hire_date_is_refused_when_the_programme_bounds_tenure(
    db, executive_programme, programme
):
    unknown = make_person(grade=3, hired_on=None)

    assert codes(executive_programme, unknown, Role.MENTOR) == ["tenure_unknown"]


def test_a_person_without_a_grade_is_refused_in_either_role(db, programme):
    nameless_grade = make_person(grade=None)

    assert codes(programme, nameless_grade, Role.MENTOR) == ["grade_unknown"]
    assert codes(programme, nameless_grade, Role.MENTEE) == ["grade_unknown"]


def test_the_grade_gap_bounds_who_can_mentor_and_who_can_be_mentored(db, executive_programme):
    # With a gap of 6 on a 1-20 scale, nobody is 6 grades above grade 15 or below grade 6.
    top = make_person(grade=15, hired_on=years_ago(1))
    bottom = make_person(grade=6)

    assert codes(executive_programme, top, Role.MENTOR) == ["too_senior_to_mentor"]
    Programme.objects.filter(pk=executive_programme.pk).update(mentee_min_grade=None)
    executive_programme.refresh_from_db()
    assert codes(executive_programme, bottom, Role.MENTEE) == ["too_junior_to_be_mentored"]


def test_an_ineligible_person_is_told_why_before_filling_anything_in(
    client, mentee, executive_programme
):
    client.force_login(mentee)  # grade 15, the programme's mentees start at 16

    response = client.get(volunteer_url(executive_programme, "mentee"))

    assert response.status_code == 200
    assert "form" not in response.context
    assert 'data-testid="cannot-volunteer"' in response.text
    assert "This programme is for mentees from grade 16; your grade is 15." in response.text


def test_the_open_programmes_page_shows_the_reason_instead_of_the_button(
    client, mentee, executive_programme
):
    client.force_login(mentee)

    response = client.get(reverse("enrolments:open"))

    assert 'data-testid="cannot-mentee"' in response.text
    assert volunteer_url(executive_programme, "mentee") not in response.text
    assert "from grade 16" in response.text


def test_an_ineligible_post_is_refused_and_stores_nothing(client, mentee, executive_programme):
    client.force_login(mentee)

    response = client.post(
        volunteer_url(executive_programme, "mentee"),
        volunteer_form_data(executive_programme, "mentee"),
    )

    assert response.status_code == 200
    assert 'data-testid="cannot-volunteer"' in response.text
    assert not Enrolment.objects.exists()


def test_the_service_refuses_an_ineligible_volunteer_too(mentee, executive_programme):
    with pytest.raises(services.EnrolmentRefused) as refusal:
        services.volunteer(
            programme=executive_programme,
            person=mentee,
            role=Role.MENTEE,
            answers=services.Answers(topics=[]),
            charter_accepted=True,
        )

    assert "from grade 16" in refusal.value.reasons[0]


def test_enrolment_stays_open_through_the_closing_day_and_closes_after_it(
    client, mentor, programme
):
    closes = programme.enrolment_closes_on
    last_evening = timezone.make_aware(datetime.combine(closes, time(23, 59)))

    with time_machine.travel(last_evening, tick=False):
        client.force_login(mentor)  # sessions expire: sign in at the time travelled to
        assert eligibility.enrolment_closed(programme) is None
        assert client.get(volunteer_url(programme, "mentor")).context.get("form") is not None
    with time_machine.travel(last_evening + timedelta(minutes=2), tick=False):
        client.force_login(mentor)
        assert eligibility.enrolment_closed(programme) == "Enrolment for this programme is closed."
        response = client.post(
            volunteer_url(programme, "mentor"), volunteer_form_data(programme, "mentor")
        )
        assert 'data-testid="cannot-volunteer"' in response.text
        assert client.get(reverse("enrolments:open")).context["cards"] == []
    assert not Enrolment.objects.exists()


def test_enrolment_has_not_opened_before_the_window(client, mentor, programme):
    Programme.objects.filter(pk=programme.pk).update(
        enrolment_opens_on=timezone.localdate() + timedelta(days=3)
    )
    client.force_login(mentor)

    response = client.get(volunteer_url(programme, "mentor"))

    assert "Enrolment for this programme opens on" in response.text
    assert "form" not in response.context


def test_enrolment_is_closed_once_the_programme_runs(client, mentor, programme):
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.RUNNING)
    client.force_login(mentor)

    response = client.get(volunteer_url(programme, "mentor"))

    assert "Enrolment for this programme is closed." in response.text
    assert "form" not in response.context


def test_a_draft_programme_cannot_be_joined_by_an_employee(client, mentor, programme):
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.DRAFT)
    client.force_login(mentor)

    assert client.get(volunteer_url(programme, "mentor")).status_code == 404
