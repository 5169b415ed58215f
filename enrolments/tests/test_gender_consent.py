"""A self-declared gender is kept only with explicit consent: without it, nothing is stored."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from enrolments import services
from enrolments.models import Enrolment
from enrolments.testing import make_enrolment, volunteer_form_data
from programmes.models import Topic


def volunteer_url(programme) -> str:
    return reverse("enrolments:volunteer", args=[programme.code, "mentor"])


def answers(**fields) -> services.Answers:
    return services.Answers(
        topics=[services.TopicAnswer(topic=Topic.objects.get(slug="generative-ai"), level=2)],
        capacity=1,
        languages=["fr"],
        **fields,
    )


def test_with_consent_the_gender_is_kept(client, mentor, programme):
    client.force_login(mentor)

    client.post(
        volunteer_url(programme),
        volunteer_form_data(programme, "mentor", gender="non_binary", gender_consent="on"),
    )

    enrolment = Enrolment.objects.get()
    assert (enrolment.gender, enrolment.gender_consent) == ("non_binary", True)


def test_the_form_asks_for_consent_and_stores_nothing_without_it(client, mentor, programme):
    client.force_login(mentor)

    response = client.post(
        volunteer_url(programme), volunteer_form_data(programme, "mentor", gender="woman")
    )

    assert response.status_code == 200
    assert "gender_consent" in response.context["form"].errors
    assert not Enrolment.objects.exists()


def test_the_service_drops_a_gender_given_without_consent(mentor, programme):
    enrolment = services.volunteer(
        programme=programme,
        person=mentor,
        role="mentor",
        answers=answers(gender="woman", gender_consent=False),
        charter_accepted=True,
    )

    enrolment.refresh_from_db()
    assert (enrolment.gender, enrolment.gender_consent) == ("", False)


def test_consent_without_a_gender_keeps_nothing_either(mentor, programme):
    enrolment = services.volunteer(
        programme=programme,
        person=mentor,
        role="mentor",
        answers=answers(gender="", gender_consent=True),
        charter_accepted=True,
    )

    enrolment.refresh_from_db()
    assert (enrolment.gender, enrolment.gender_consent) == ("", False)


def test_the_database_refuses_a_gender_without_consent(mentor, programme):
    with pytest.raises(IntegrityError):
        make_enrolment(programme=programme, person=mentor, gender="man", gender_consent=False)


def test_hr_reviewers_do_not_see_the_gender(client, mentor, hr_admin, programme):
    enrolment = make_enrolment(
        programme=programme, person=mentor, gender="non_binary", gender_consent=True
    )
    client.force_login(hr_admin)

    for url in (
        reverse("enrolments:review", args=[programme.code]),
        reverse("enrolments:detail", args=[enrolment.code]),
    ):
        assert "Non-binary" not in client.get(url).text
    client.force_login(mentor)
    assert "Non-binary" in client.get(reverse("enrolments:detail", args=[enrolment.code])).text
