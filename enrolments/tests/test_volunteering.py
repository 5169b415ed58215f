"""Volunteering as a mentor or a mentee through the form, and what is stored."""

import pytest
from django.urls import reverse

from enrolments.models import Enrolment
from enrolments.testing import volunteer_form_data
from programmes.models import Topic

Role = Enrolment.Role


def volunteer_url(programme, role: str) -> str:
    return reverse("enrolments:volunteer", args=[programme.code, role])


def test_the_open_programmes_page_offers_both_roles_to_an_eligible_person(
    client, outsider, programme
):
    client.force_login(outsider)

    response = client.get(reverse("enrolments:open"))

    assert response.status_code == 200
    assert volunteer_url(programme, "mentor") in response.text
    assert volunteer_url(programme, "mentee") in response.text


def test_the_form_shows_only_the_topics_the_programme_teaches_and_its_charter(
    client, mentor, programme
):
    client.force_login(mentor)

    response = client.get(volunteer_url(programme, "mentor"))

    assert response.status_code == 200
    ai = Topic.objects.get(slug="generative-ai")
    strategy = Topic.objects.get(slug="strategy")
    outside = Topic.objects.get(slug="negotiation")
    form = response.context["form"]
    assert f"topic_{ai.pk}" in form.fields
    assert f"topic_{strategy.pk}" not in form.fields  # given back, offered in return instead
    assert list(form.fields["return_topics"].queryset) == [strategy]
    assert f"topic_{outside.pk}" not in form.fields
    assert 'data-testid="charter"' in response.text
    assert form.fields["capacity"].choices == [("1", "1"), ("2", "2")]


def test_a_mentor_volunteers_with_levels_capacity_and_the_charter_accepted(
    client, mentor, outsider, programme
):
    client.force_login(mentor)
    ai = Topic.objects.get(slug="generative-ai")
    social = Topic.objects.get(slug="social-networks")
    strategy = Topic.objects.get(slug="strategy")
    data = volunteer_form_data(
        programme,
        "mentor",
        **{
            f"topic_{ai.pk}": "4",
            f"topic_{social.pk}": "2",
            "capacity": "2",
            "return_topics": [strategy.pk],
            "languages": ["fr", "en"],
            "other_languages": "pl",
            "when_morning": ["mon"],
            "when_lunchtime": ["mon", "thu"],
            "preferred_mode": "video",
            "rather_not": "outsider@example.com",
        },
    )

    response = client.post(volunteer_url(programme, "mentor"), data)

    enrolment = Enrolment.objects.get(programme=programme, person=mentor)
    assert response.status_code == 302
    assert response.url == reverse("enrolments:detail", args=[enrolment.code])
    assert enrolment.role == Role.MENTOR
    assert enrolment.status == Enrolment.Status.SUBMITTED
    assert enrolment.source == Enrolment.Source.FORM
    assert enrolment.capacity == 2
    assert {(row.topic.slug, row.level) for row in enrolment.topic_rows.all()} == {
        ("generative-ai", 4),
        ("social-networks", 2),
    }
    assert list(enrolment.return_topics.all()) == [strategy]
    assert enrolment.languages == ["fr", "en", "pl"]
    # Monday morning and Monday lunchtime touch: they become one range.
    assert enrolment.availability == {
        "flexible": False,
        "slots": [
            {"day": "mon", "start": "09:00", "end": "14:00"},
            {"day": "thu", "start": "12:00", "end": "14:00"},
        ],
    }
    assert enrolment.preferred_mode == "video"
    assert [person.email for person in enrolment.rather_not.all()] == ["outsider@example.com"]
    assert enrolment.charter_accepted_at is not None
    assert enrolment.gender == "" and enrolment.gender_consent is False


def test_a_mentee_volunteers_with_priorities_and_confidence_today(client, mentee, programme):
    client.force_login(mentee)
    ai = Topic.objects.get(slug="generative-ai")
    strategy = Topic.objects.get(slug="strategy")
    data = volunteer_form_data(
        programme,
        "mentee",
        **{
            f"topic_{ai.pk}": "1",
            f"confidence_{ai.pk}": "2",
            "return_topics": [strategy.pk],
            "when_morning": None,
            "flexible": "on",
        },
    )

    response = client.post(volunteer_url(programme, "mentee"), data)

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(programme=programme, person=mentee)
    assert enrolment.role == Role.MENTEE
    assert enrolment.capacity is None
    row = enrolment.topic_rows.get()
    assert (row.topic, row.priority, row.confidence, row.level) == (ai, 1, 2, None)
    assert enrolment.availability == {"flexible": True, "slots": []}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"accept_charter": None}, "accept_charter"),
        ({"languages": None}, "languages"),
        ({"when_morning": None}, "flexible"),
        ({"when_morning": ["mon"], "flexible": "on"}, "flexible"),
        ({"capacity": "3"}, "capacity"),
        ({"rather_not": "nobody@example.com"}, "rather_not"),
        ({"rather_not": "mentor@example.com"}, "rather_not"),
        ({"other_languages": "klingon"}, "other_languages"),
    ],
)
def test_a_mentor_form_with_a_mistake_is_shown_again_with_the_error_by_the_field(
    client, mentor, programme, overrides, field
):
    client.force_login(mentor)

    response = client.post(
        volunteer_url(programme, "mentor"), volunteer_form_data(programme, "mentor", **overrides)
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Enrolment.objects.exists()


def test_a_volunteer_must_pick_at_least_one_topic(client, mentor, programme):
    client.force_login(mentor)
    data = {
        key: value
        for key, value in volunteer_form_data(programme, "mentor").items()
        if not key.startswith("topic_")
    }

    response = client.post(volunteer_url(programme, "mentor"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["topics"] == ["Choose at least one topic you can teach."]
    assert 'data-testid="topics-error"' in response.text
    assert not Enrolment.objects.exists()


def test_a_mentee_must_say_how_confident_they_feel_on_each_topic(client, mentee, programme):
    client.force_login(mentee)
    ai = Topic.objects.get(slug="generative-ai")

    response = client.post(
        volunteer_url(programme, "mentee"),
        volunteer_form_data(programme, "mentee", **{f"confidence_{ai.pk}": ""}),
    )

    assert response.status_code == 200
    assert f"confidence_{ai.pk}" in response.context["form"].errors
    assert not Enrolment.objects.exists()


def test_volunteering_twice_shows_the_first_enrolment_and_keeps_one(client, mentor, programme):
    client.force_login(mentor)
    url = volunteer_url(programme, "mentor")
    client.post(url, volunteer_form_data(programme, "mentor"))
    enrolment = Enrolment.objects.get()

    again = client.post(
        volunteer_url(programme, "mentee"), volunteer_form_data(programme, "mentee")
    )

    assert again.status_code == 302
    assert again.url == reverse("enrolments:detail", args=[enrolment.code])
    assert Enrolment.objects.count() == 1


def test_a_submission_that_loses_a_race_says_so_instead_of_failing(
    client, mentor, programme, monkeypatch
):
    """The check before the insert misses the other submission; the database catches it."""
    from enrolments import services, views
    from enrolments.testing import make_enrolment

    client.force_login(mentor)
    data = volunteer_form_data(programme, "mentor")
    real_volunteer = services.volunteer
    calls_seen: list[int] = []

    def racing_volunteer(**kwargs):
        make_enrolment(programme=programme, person=mentor)  # the other submission wins
        original_filter = Enrolment.objects.filter
        calls = {"n": 0}

        def blind_filter(*args, **kw):
            calls["n"] += 1
            queryset = original_filter(*args, **kw)
            # The service's check before inserting sees nothing; later reads see the truth.
            return queryset.none() if calls["n"] == 1 else queryset

        monkeypatch.setattr(Enrolment.objects, "filter", blind_filter)
        try:
            return real_volunteer(**kwargs)
        finally:
            monkeypatch.setattr(Enrolment.objects, "filter", original_filter)
            calls_seen.append(calls["n"])

    monkeypatch.setattr(views.volunteering, "volunteer", racing_volunteer)

    response = client.post(volunteer_url(programme, "mentor"), data)

    assert response.status_code == 302
    assert response.url == reverse("enrolments:detail", args=[Enrolment.objects.get().code])
    assert calls_seen == [2]  # the insert failed, then the service looked again
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == ["You have already volunteered for this programme."]


def test_an_unknown_role_in_the_address_is_not_found(client, mentor, programme):
    client.force_login(mentor)

    assert client.get(volunteer_url(programme, "sponsor")).status_code == 404
