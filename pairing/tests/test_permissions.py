"""Who may open which pairing page: persona x URL x method -> status.

Pairing is HR's work: anyone else gets a 404 on its pages, as if they did not exist. A
published pair is seen by its two members, and by HR as status and counts only.
"""

import pytest
from django.urls import reverse

from pairing import services
from pairing.models import Pair, PairConstraint

pytestmark = pytest.mark.django_db

PERSONAS = ["hr_admin", "executive", "mentor", "mentee", "outsider"]


@pytest.fixture
def pages(programme, cohort, hr_admin) -> dict[str, str]:
    """One pair published (Zoé and Marc), the others proposed, one pair forbidden."""
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    services.end_pair(
        pair=Pair.objects.get(mentee_person__email="anne@example.com"), by=hr_admin, reason="left"
    )
    services.start_round(programme=programme, by=hr_admin, run_now=True)  # proposes Anne again
    proposal = Pair.objects.proposed().get()
    published = Pair.objects.active().get(mentee_person__email="mentee@example.com")
    forbidden = PairConstraint.objects.create(
        programme=programme,
        kind=PairConstraint.Kind.FORBIDDEN,
        mentor=cohort["ugo@example.com"],
        mentee=cohort["mentee@example.com"],
    )
    anne = cohort["anne@example.com"]
    return {
        "index": reverse("pairing:index"),
        "round": reverse("pairing:round", args=[programme.code]),
        "published": reverse("pairing:published", args=[programme.code]),
        "end": reverse("pairing:end", args=[published.code]),
        "pair": reverse("pairing:pair", args=[published.code]),
        "proposal": reverse("pairing:pair", args=[proposal.code]),
        # POST only
        "run": reverse("pairing:run", args=[programme.code]),
        "publish": reverse("pairing:publish", args=[programme.code]),
        "set_by_hand": reverse("pairing:set_by_hand", args=[programme.code]),
        "lock": reverse("pairing:lock", args=[proposal.code]),
        "forbid": reverse("pairing:forbid", args=[proposal.code]),
        "allow": reverse("pairing:allow", args=[forbidden.code]),
        "repair": reverse("pairing:repair", args=[programme.code, anne.code]),
    }


HR_PAGES = ["index", "round", "published", "end"]
POST_ONLY = ["run", "set_by_hand", "lock", "forbid", "allow", "repair"]
# Publishing shows its summary on GET and publishes on a confirmed POST.

# GET: persona -> page -> status. Zoé (mentor) and Marc (mentee) are the published pair.
EXPECTED_GET = {
    "hr_admin": {**dict.fromkeys(HR_PAGES, 200), "pair": 200, "proposal": 200},
    "executive": {**dict.fromkeys(HR_PAGES, 404), "pair": 404, "proposal": 404},
    "mentor": {**dict.fromkeys(HR_PAGES, 404), "pair": 200, "proposal": 404},
    "mentee": {**dict.fromkeys(HR_PAGES, 404), "pair": 200, "proposal": 404},
    "outsider": {**dict.fromkeys(HR_PAGES, 404), "pair": 404, "proposal": 404},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_answer_each_persona_as_expected(request, client, pages, persona):
    client.force_login(request.getfixturevalue(persona))

    answers = {name: client.get(pages[name]).status_code for name in EXPECTED_GET[persona]}

    assert answers == EXPECTED_GET[persona]


@pytest.mark.parametrize("persona", ["executive", "mentor", "mentee", "outsider"])
def test_no_one_but_hr_can_act_on_pairs(request, client, pages, persona):
    client.force_login(request.getfixturevalue(persona))
    before = list(Pair.objects.order_by("pk").values_list("pk", "status", "locked"))

    answers = {
        name: client.post(pages[name]).status_code for name in POST_ONLY + ["end", "publish"]
    }

    assert answers == dict.fromkeys(POST_ONLY + ["end", "publish"], 404)
    assert list(Pair.objects.order_by("pk").values_list("pk", "status", "locked")) == before
    assert PairConstraint.objects.count() == 1


def test_actions_are_posts_only(client, pages, hr_admin):
    client.force_login(hr_admin)

    assert {name: client.get(pages[name]).status_code for name in POST_ONLY} == dict.fromkeys(
        POST_ONLY, 405
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, pages):
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
