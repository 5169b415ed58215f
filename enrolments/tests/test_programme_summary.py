"""The programme's page shows its volunteers: counts for HR, one's own enrolment for others."""

from django.urls import reverse

from enrolments.testing import make_enrolment


def programme_page(client, programme) -> str:
    response = client.get(reverse("programmes:detail", args=[programme.code]))
    assert response.status_code == 200
    return response.text


def test_hr_sees_the_counts_by_role_and_status_and_the_way_to_review(
    client, hr_admin, mentor, mentee, programme
):
    make_enrolment(programme=programme, person=mentor, status="approved")
    make_enrolment(programme=programme, person=mentee, role="mentee", capacity=None)
    client.force_login(hr_admin)

    page = programme_page(client, programme)

    assert 'data-testid="enrolment-counts"' in page
    assert '<tr data-role="mentor">' in page
    assert reverse("enrolments:review", args=[programme.code]) in page
    assert reverse("enrolments:import", args=[programme.code]) in page


def test_an_employee_is_offered_to_volunteer_while_enrolment_is_open(client, outsider, programme):
    client.force_login(outsider)

    page = programme_page(client, programme)

    assert reverse("enrolments:open") in page
    assert 'data-testid="enrolment-counts"' not in page
    assert reverse("enrolments:review", args=[programme.code]) not in page


def test_a_volunteer_sees_their_own_enrolment(client, mentor, programme):
    enrolment = make_enrolment(programme=programme, person=mentor)
    client.force_login(mentor)

    page = programme_page(client, programme)

    assert reverse("enrolments:detail", args=[enrolment.code]) in page
    assert 'data-status="submitted"' in page
