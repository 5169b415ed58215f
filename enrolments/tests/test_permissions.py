"""Who may open which enrolment page: persona x URL x method -> status.

Volunteers see their own enrolments only; HR admins review every programme;
everything out of reach is a 404, so that whether someone volunteered does not leak.
"""

import pytest
from django.urls import reverse

from enrolments.models import Enrolment
from enrolments.testing import make_enrolment

PERSONAS = ["hr_admin", "executive", "mentor", "mentee", "outsider"]


@pytest.fixture
def mentors_enrolment(programme, mentor) -> Enrolment:
    return make_enrolment(programme=programme, person=mentor)


def urls(programme, enrolment) -> dict[str, str]:
    return {
        "open": reverse("enrolments:open"),
        "mine": reverse("enrolments:mine"),
        "volunteer": reverse("enrolments:volunteer", args=[programme.code, "mentee"]),
        "detail": reverse("enrolments:detail", args=[enrolment.code]),
        "review_index": reverse("enrolments:review_index"),
        "review": reverse("enrolments:review", args=[programme.code]),
        "import": reverse("enrolments:import", args=[programme.code]),
        "import_example": reverse("enrolments:import_example", args=[programme.code]),
    }


# GET: persona -> page -> status. The mentor owns the enrolment.
EXPECTED_GET = {
    "hr_admin": {
        "open": 200,
        "mine": 200,
        "volunteer": 200,
        "detail": 200,
        "review_index": 200,
        "review": 200,
        "import": 200,
        "import_example": 200,
    },
    "executive": {
        "open": 200,
        "mine": 200,
        "volunteer": 200,
        "detail": 404,
        "review_index": 404,
        "review": 404,
        "import": 404,
        "import_example": 404,
    },
    "mentor": {
        "open": 200,
        "mine": 200,
        "volunteer": 302,  # already volunteered: sent to their enrolment
        "detail": 200,
        "review_index": 404,
        "review": 404,
        "import": 404,
        "import_example": 404,
    },
    "mentee": {
        "open": 200,
        "mine": 200,
        "volunteer": 200,
        "detail": 404,
        "review_index": 404,
        "review": 404,
        "import": 404,
        "import_example": 404,
    },
    "outsider": {
        "open": 200,
        "mine": 200,
        "volunteer": 200,
        "detail": 404,
        "review_index": 404,
        "review": 404,
        "import": 404,
        "import_example": 404,
    },
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_pages_meant_for_them(
    client, request, programme, mentors_enrolment, persona
):
    client.force_login(request.getfixturevalue(persona))

    statuses = {
        name: client.get(url).status_code
        for name, url in urls(programme, mentors_enrolment).items()
    }

    assert statuses == EXPECTED_GET[persona]


@pytest.mark.parametrize("persona", ["executive", "mentee", "outsider"])
def test_nobody_but_hr_can_post_a_decision(client, request, programme, mentors_enrolment, persona):
    client.force_login(request.getfixturevalue(persona))

    single = client.post(
        reverse("enrolments:decide", args=[mentors_enrolment.code]), {"decision": "approved"}
    )
    bulk = client.post(
        reverse("enrolments:review", args=[programme.code]),
        {"enrolments": [str(mentors_enrolment.code)], "decision": "approved"},
    )

    assert (single.status_code, bulk.status_code) == (404, 404)
    assert Enrolment.objects.get().status == Enrolment.Status.SUBMITTED


def test_a_volunteer_cannot_decide_on_their_own_enrolment(client, mentor, mentors_enrolment):
    client.force_login(mentor)

    response = client.post(
        reverse("enrolments:decide", args=[mentors_enrolment.code]), {"decision": "approved"}
    )

    assert response.status_code == 404
    assert Enrolment.objects.get().status == Enrolment.Status.SUBMITTED


def test_one_person_cannot_see_or_touch_another_persons_enrolment(
    client, outsider, mentors_enrolment
):
    client.force_login(outsider)
    code = mentors_enrolment.code

    assert client.get(reverse("enrolments:detail", args=[code])).status_code == 404
    assert client.post(reverse("enrolments:withdraw", args=[code])).status_code == 404
    assert client.post(reverse("enrolments:accept_charter", args=[code])).status_code == 404
    assert "Zoé Junior" not in client.get(reverse("enrolments:mine")).text


def test_an_unknown_enrolment_is_not_found(client, mentor):
    client.force_login(mentor)

    response = client.get(
        reverse("enrolments:detail", args=["00000000-0000-0000-0000-000000000001"])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["open", "mine", "review_index"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(f"enrolments:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
