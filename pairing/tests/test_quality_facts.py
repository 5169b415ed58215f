"""A pair's label and weak points are facts about its two members, whoever made the pair:
never "same department" for two departments, never "no topic in common" for a shared one."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from pairing import explain, facts, services
from pairing.models import Pair
from pairing.quality import quality
from pairing.testing import Role, approve
from people.models import Department
from people.testing import make_person

from .helpers import mentee as mentee_record
from .helpers import mentor as mentor_record

pytestmark = pytest.mark.django_db

NO_DIVERSITY = ("no diversity", "aucune diversité")
NO_TOPIC = ("no topic in common", "aucun sujet en commun")


def codes(weak) -> list[str]:
    return [item.code for item in weak]


def test_weak_points_are_facts_about_the_two_people():
    teaches = mentor_record(1, topic_levels={"ai": 3}, department=1, generation="gen_z")
    wants = mentee_record(2, topic_priorities={"ai": 1}, department=2, generation="gen_x")
    assert codes(explain.weak_points(teaches, wants)) == []
    same = mentee_record(3, topic_priorities={"excel": 1}, department=1, generation="gen_z")
    weak = explain.weak_points(teaches, same)
    assert codes(weak) == [explain.NO_TOPIC_IN_COMMON, explain.SAME_PROFILE]
    assert weak[1].params["criteria"] == ["department", "generation"]
    # A mentee who gives back what the mentor wants to learn shares a topic with them.
    learner = mentor_record(4, wants_to_learn=frozenset({"tiktok"}), department=1)
    giver = mentee_record(5, can_give_back=frozenset({"tiktok"}), department=None)
    assert codes(explain.weak_points(learner, giver)) == []
    # Unknown on one side is no claim; hours are weak only when both gave some that never meet.
    apart = mentor_record(6, topic_levels={"ai": 1}, availability=frozenset({("mon", 9)}))
    other = mentee_record(7, topic_priorities={"ai": 1}, availability=frozenset({("tue", 9)}))
    assert codes(explain.weak_points(apart, other)) == [explain.NO_SHARED_HOUR]


def test_without_facts_no_weak_point_is_claimed_and_no_explanation_is_said():
    with translation.override("en"):
        found = quality(0, [], {})
    assert found.weak == [] and found.unexplained
    with translation.override("fr"):
        found = quality(
            40,
            [],
            {},
            weak=[
                {"code": explain.SAME_PROFILE, "params": {"criteria": ["department", "country"]}}
            ],
        )
    assert found.weak == ["aucune diversité\u00a0: même service et même pays"]
    assert not found.unexplained


@pytest.fixture
def hr(client, hr_admin):
    client.force_login(hr_admin)
    return client


def by_hand(programme, mentor, mentee, **fields) -> Pair:
    """A pair written as the demo and old publications wrote them: no score, no reasons."""
    return Pair.objects.create(
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        mentor_person=mentor.person,
        mentee_person=mentee.person,
        status=Pair.Status.ACTIVE,
        published_at=timezone.now(),
        **fields,
    )


def test_a_pair_without_reasons_shows_its_true_label_and_weak_points_in_both_languages(
    hr, programme
):
    marketing = Department.objects.create(name="Marketing")
    finance = Department.objects.create(name="Finance")
    zoe = make_person(
        email="zoe@example.com",
        name="Zoé Benali",
        grade=3,
        department=marketing,
        generation="gen_z",
        country="FR",
    )
    marc = make_person(
        email="marc@example.com",
        name="Marc Delaunay",
        grade=15,
        department=finance,
        generation="gen_x",
        country="FR",
    )
    pair = by_hand(
        programme,
        approve(programme, zoe, Role.MENTOR, {"generative-ai": 4, "strategy": 3}),
        approve(programme, marc, Role.MENTEE, {"generative-ai": 1, "strategy": 2}),
    )
    for language in ("en", "fr"):
        hr.cookies["django_language"] = language
        with translation.override(language):
            html = hr.get(
                reverse("pairing:published", args=[programme.code]), HTTP_ACCEPT_LANGUAGE=language
            ).content.decode()
        assert "Marketing" in html and "Finance" in html
        for claim in (*NO_DIVERSITY, *NO_TOPIC):
            assert claim not in html, (language, claim)
        assert 'data-quality="weak"' not in html
        assert ("No explanation recorded" if language == "en" else "Aucune explication") not in html
    pair.refresh_from_db()
    assert pair.score == 0  # the page computes; it writes nothing


def test_a_solver_pair_whose_diversity_reason_was_cut_is_not_called_alike(hr, programme, hr_admin):
    """The solver keeps three reasons: a shared language can push the diversity one out."""
    marketing = Department.objects.create(name="Marketing")
    finance = Department.objects.create(name="Finance")
    zoe = make_person(
        email="zoe@example.com",
        name="Zoé",
        grade=3,
        department=marketing,
        generation="gen_z",
        languages=["fr", "en"],
    )
    marc = make_person(
        email="marc@example.com",
        name="Marc",
        grade=15,
        department=finance,
        generation="gen_x",
        languages=["fr", "en"],
    )
    approve(programme, zoe, Role.MENTOR, {"generative-ai": 4}, languages=["fr"])
    approve(programme, marc, Role.MENTEE, {"generative-ai": 1}, languages=["fr"])
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    pair = Pair.objects.get(mentee_person=marc)
    pair.reasons = [r for r in pair.reasons if r["code"] != "diverse"][:1]
    pair.save(update_fields=["reasons"])
    for language in ("en", "fr"):
        with translation.override(language):
            html = hr.get(
                reverse("pairing:published", args=[programme.code]), HTTP_ACCEPT_LANGUAGE=language
            ).content.decode()
        for claim in (*NO_DIVERSITY, *NO_TOPIC):
            assert claim not in html, (language, claim)


def test_a_pair_alike_on_every_criterion_says_so_truthfully(hr, programme):
    ops = Department.objects.create(name="Ops")
    one = make_person(
        email="one@example.com", grade=3, department=ops, generation="gen_y", country="FR"
    )
    two = make_person(
        email="two@example.com", grade=15, department=ops, generation="gen_y", country="FR"
    )
    by_hand(
        programme,
        approve(programme, one, Role.MENTOR, {"social-networks": 4}),
        approve(programme, two, Role.MENTEE, {"generative-ai": 1}),
    )
    html = hr.get(
        reverse("pairing:published", args=[programme.code]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "no topic in common" in html
    assert "no diversity: same department, same generation and same country" in html


def test_facts_score_the_pair_as_the_round_does(programme, hr_admin, cohort):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    pairs = list(Pair.objects.proposed().filter(programme=programme))
    facts.attach(pairs, programme)
    assert [(p.facts.score, p.facts.parts) for p in pairs] == [(p.score, p.parts) for p in pairs]
    assert all(p.facts.weak == [] for p in pairs if p.score >= 50) or pairs
