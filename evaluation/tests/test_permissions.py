"""Who may open what: persona x URL x method -> status. Out of reach is a 404."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Completion, Response, Survey
from evaluation.models import Testimonial as Quote
from evaluation.testing import make_pair, make_running_programme
from programmes.testing import ensure_seeded_topics

PERSONAS = ["hr_admin", "executive", "mentor", "mentee", "outsider"]
HR = {"hr_admin"}
READERS = {"hr_admin", "executive"}
EVERYONE = set(PERSONAS)


@pytest.fixture
def world(hr_admin, executive, mentor, mentee):
    ensure_seeded_topics()
    programme = make_running_programme(sponsor=executive, managers=[hr_admin])
    pair = make_pair(programme, mentor=mentor, mentee=mentee)
    surveys = services.ensure_surveys(programme)
    response = Response.objects.create(survey=surveys[Survey.Kind.BASELINE], enrolment=pair.mentee)
    final = Response.objects.create(
        survey=surveys[Survey.Kind.FINAL], enrolment=pair.mentor, answered_at=response.created_at
    )
    testimonial = Quote.objects.create(
        response=final, text="It changed how I see seniors.", consented_at=final.created_at
    )
    completion = Completion.objects.create(
        programme=programme, enrolment=pair.mentee, sessions_held=5, earned_certificate=True
    )
    question = services.add_question(
        survey=surveys[Survey.Kind.FINAL],
        by=hr_admin,
        text_en="Would you do it again?",
        text_fr="",
        kind="yes_no",
        audience="everyone",
    )
    return {
        "programme": programme,
        "response": response,
        "completion": completion,
        "testimonial": testimonial,
        "question": question,
    }


def urls(world):
    code = world["programme"].code
    return [
        ("get", reverse("evaluation:dashboard"), READERS),
        ("get", reverse("evaluation:indicators_csv"), READERS),
        ("get", reverse("evaluation:programme", args=[code]), READERS),
        ("get", reverse("evaluation:report", args=[code]), READERS),
        ("get", reverse("evaluation:programme_indicators_csv", args=[code]), READERS),
        ("get", reverse("evaluation:pairs", args=[code]), HR),
        ("get", reverse("evaluation:pairs_csv", args=[code]), HR),
        ("get", reverse("evaluation:setup", args=[code]), HR),
        ("post", reverse("evaluation:add_question", args=[code]), HR),
        ("post", reverse("evaluation:remove_question", args=[world["question"].code]), HR),
        ("get", reverse("evaluation:mine"), EVERYONE),
        ("get", reverse("evaluation:answer", args=[world["response"].code]), {"mentee"}),
        ("get", reverse("evaluation:certificate", args=[world["completion"].code]), {"mentee"}),
        ("get", reverse("evaluation:testimonials"), EVERYONE),
        ("get", reverse("evaluation:review_testimonials"), HR),
        (
            "post",
            reverse("evaluation:decide_testimonial", args=[world["testimonial"].code]),
            HR,
        ),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_opens_exactly_what_it_may(client, request, world, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for method, url, allowed in urls(world):
        data = {"decision": "approve"} if "decide" in url else {}
        answer = getattr(client, method)(url, data)
        if persona in allowed:
            assert answer.status_code in (200, 302, 400), (persona, url, answer.status_code)
        else:
            assert answer.status_code == 404, (persona, url, answer.status_code)


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for _method, url, _allowed in urls(world):
        answer = client.get(url)
        assert answer.status_code == 302
        assert reverse("account_login") in answer["Location"]


def test_executives_see_aggregates_without_the_drill_down_links(client, executive, world):
    client.force_login(executive)
    page = client.get(reverse("evaluation:programme", args=[world["programme"].code]))
    html = page.content.decode()
    assert reverse("evaluation:pairs", args=[world["programme"].code]) not in html
    assert reverse("evaluation:setup", args=[world["programme"].code]) not in html
    assert "Comments, without names" not in html


def test_an_executive_cannot_read_a_draft_programme_they_do_not_sponsor(
    client, executive, hr_admin
):
    from programmes.testing import make_programme

    draft = make_programme(name="Quiet draft", slug="quiet-draft", managers=[hr_admin])
    client.force_login(executive)
    assert client.get(reverse("evaluation:programme", args=[draft.code])).status_code == 404
