"""Who may do what: persona × URL × method -> expected status, and nothing changes when refused."""

import pytest
from django.urls import reverse

from people.testing import make_person
from programmes.models import AuditEvent, Programme, Topic
from programmes.testing import make_programme

from .forms_data import edit_form_data, programme_form_data

pytestmark = pytest.mark.django_db
Status = Programme.Status

HR, EXECUTIVE, EMPLOYEE = "hr_admin", "executive", "mentor"
NON_HR = [EXECUTIVE, EMPLOYEE]


@pytest.fixture
def world(hr_admin, executive):
    """A programme per status sponsored by the executive persona; a draft sponsored by another."""
    programmes = {
        status: make_programme(name=f"Programme {status}", sponsor=executive, status=status)
        for status in Status.values
    }
    programmes["foreign_draft"] = make_programme(name="Someone else's draft")
    return programmes


def _url(name, world, subject="draft"):
    if name in {
        "programmes:list",
        "programmes:choose_template",
        "programmes:topics",
        "programmes:topic_create",
    }:
        return reverse(name)
    if name == "programmes:create":
        return reverse(name, args=["digital-acculturation"])
    if name.startswith("programmes:topic_"):
        return reverse(name, args=[Topic.objects.get(slug="strategy").code])
    return reverse(name, args=[world[subject].code])


MANAGE_MATRIX = [
    # (url name, method, status for HR)
    ("programmes:choose_template", "get", 200),
    ("programmes:create", "get", 200),
    ("programmes:create", "post", 200),  # empty data: the form comes back with its errors
    ("programmes:edit", "get", 200),
    ("programmes:edit", "post", 200),
    ("programmes:duplicate", "post", 302),
    ("programmes:change_status", "post", 302),
    ("programmes:topics", "get", 200),
    ("programmes:topic_create", "get", 200),
    ("programmes:topic_edit", "get", 200),
    ("programmes:topic_retire", "post", 302),
    ("programmes:topic_restore", "post", 302),
]


@pytest.mark.parametrize("persona", [HR, *NON_HR])
@pytest.mark.parametrize(("name", "method", "hr_status"), MANAGE_MATRIX)
def test_only_hr_admins_reach_the_management_pages(
    request, client, world, persona, name, method, hr_status
):
    client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(_url(name, world))
    assert response.status_code == (hr_status if persona == HR else 404)


@pytest.mark.parametrize("persona", NON_HR)
@pytest.mark.parametrize("subject", [Status.ENROLMENT_OPEN, Status.RUNNING])
def test_employees_and_executives_cannot_edit_duplicate_or_move_a_programme_they_can_read(
    request, client, world, persona, subject
):
    programme = world[subject]
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("programmes:detail", args=[programme.code])).status_code == 200
    responses = [
        client.get(reverse("programmes:edit", args=[programme.code])),
        client.post(
            reverse("programmes:edit", args=[programme.code]),
            edit_form_data(programme, name="Hijacked"),
        ),
        client.post(reverse("programmes:duplicate", args=[programme.code])),
        client.post(
            reverse("programmes:change_status", args=[programme.code]),
            {"to": Status.PAIRING if subject == Status.ENROLMENT_OPEN else Status.COMPLETED},
        ),
    ]
    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    programme.refresh_from_db()
    assert (programme.name, programme.status) == (f"Programme {subject}", subject)
    assert Programme.objects.count() == len(world)
    assert not AuditEvent.objects.exclude(action=AuditEvent.Action.CREATED).exists()


@pytest.mark.parametrize("persona", NON_HR)
def test_employees_and_executives_cannot_create_a_programme(request, client, executive, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("programmes:create", args=["blank"]), programme_form_data(sponsor=executive)
    )
    assert response.status_code == 404
    assert not Programme.objects.exists()


# Which programmes each persona reads: status of the programme page.
READ_MATRIX = {
    # subject: (HR, sponsoring executive, employee)
    Status.DRAFT: (200, 200, 404),
    Status.ENROLMENT_OPEN: (200, 200, 200),
    Status.PAIRING: (200, 200, 404),
    Status.RUNNING: (200, 200, 200),
    Status.COMPLETED: (200, 200, 404),
    Status.ARCHIVED: (200, 200, 404),
    "foreign_draft": (200, 404, 404),
}


@pytest.mark.parametrize("subject", list(READ_MATRIX))
@pytest.mark.parametrize(("column", "persona"), list(enumerate([HR, EXECUTIVE, EMPLOYEE])))
def test_each_persona_reads_only_the_programmes_that_concern_them(
    request, client, world, subject, column, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("programmes:detail", args=[world[subject].code])
    assert client.get(url).status_code == READ_MATRIX[subject][column]
    listed = {p.pk for p in client.get(reverse("programmes:list")).context["page"].object_list}
    assert (world[subject].pk in listed) == (READ_MATRIX[subject][column] == 200)


def test_another_executive_does_not_see_a_draft_they_do_not_sponsor(client, world):
    client.force_login(make_person(is_executive=True))
    assert (
        client.get(reverse("programmes:detail", args=[world[Status.DRAFT].code])).status_code == 404
    )


def test_read_only_visitors_see_no_management_button(client, mentor, world):
    client.force_login(mentor)
    page = client.get(reverse("programmes:detail", args=[world[Status.RUNNING].code])).content
    assert b"Duplicate this programme" not in page
    assert b"/edit/" not in page
    assert b"New programme" not in client.get(reverse("programmes:list")).content


def test_an_unknown_programme_is_a_404(client, hr_admin):
    client.force_login(hr_admin)
    url = reverse("programmes:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["programmes:list", "programmes:detail", "programmes:topics"])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    response = client.get(_url(name, world, Status.RUNNING))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["programmes:duplicate", "programmes:change_status"])
def test_actions_refuse_get(client, hr_admin, world, name):
    client.force_login(hr_admin)
    assert client.get(_url(name, world)).status_code == 405
