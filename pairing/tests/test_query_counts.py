"""The pairing pages cost a fixed number of queries whatever the size of the cohort."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enrolments.models import Enrolment
from pairing import services
from pairing.models import Pair, PairConstraint
from pairing.testing import Role, approve
from people.testing import make_person

pytestmark = pytest.mark.django_db

TOPICS = ({"generative-ai": 3}, {"social-networks": 4}, {"generative-ai": 2, "social-networks": 1})


def grow(programme, mentors: int, mentees: int, start: int) -> None:
    """More volunteers, some who cannot be paired (no shared language), some HR forbids."""
    for number in range(start, start + mentors):
        person = make_person(email=f"r{number}@example.com", grade=2 + number % 3)
        approve(programme, person, Role.MENTOR, TOPICS[number % 3], capacity=1 + number % 2)
    for number in range(start, start + mentees):
        person = make_person(email=f"e{number}@example.com", grade=12 + number % 5)
        languages = ["de"] if number % 7 == 0 else ["fr", "en"]
        approve(programme, person, Role.MENTEE, TOPICS[(number + 1) % 3], languages=languages)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def rounds(programme, hr_admin) -> None:
    """Two rounds (the page compares the second with the first), a lock and a forbidden pair."""
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.start_round(
        programme=programme,
        by=hr_admin,
        weights={"complementarity": 20, "affinity": 20, "diversity": 60},
        run_now=True,
    )
    pairs = list(Pair.objects.proposed().filter(programme=programme).order_by("pk"))
    services.lock_pair(pair=pairs[0], by=hr_admin)
    services.forbid_pair(pair=pairs[1], by=hr_admin)


def test_the_round_page_costs_the_same_for_a_small_and_a_larger_cohort(
    client, programme, hr_admin, django_assert_max_num_queries
):
    client.force_login(hr_admin)
    url = reverse("pairing:round", args=[programme.code])
    grow(programme, mentors=4, mentees=6, start=0)
    rounds(programme, hr_admin)
    small = queries(client, url)

    grow(programme, mentors=20, mentees=40, start=100)
    rounds(programme, hr_admin)
    assert Enrolment.objects.count() == 70
    assert Pair.objects.proposed().count() > 20
    assert PairConstraint.objects.count() >= 2

    with django_assert_max_num_queries(small):
        client.get(url)
    # 18 before rounds were compared, then 5 for the comparison, then 5 for the pairs' quality
    # from facts (pairing/facts.py: the weights, the enrolments, their topics and wishes)
    assert small <= 29, small


def test_the_published_pairs_page_costs_the_same_for_few_and_many_pairs(
    client, programme, hr_admin, django_assert_max_num_queries
):
    client.force_login(hr_admin)
    url = reverse("pairing:published", args=[programme.code])
    grow(programme, mentors=3, mentees=3, start=0)
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    pair = Pair.objects.active().first()
    services.end_pair(pair=pair, by=hr_admin, reason="left")
    small = queries(client, url)

    grow(programme, mentors=20, mentees=30, start=100)
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    for pair in Pair.objects.active()[:5]:
        services.end_pair(pair=pair, by=hr_admin, reason="poor_fit")

    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 15, small


def test_the_pairing_index_costs_one_query_for_its_programmes(
    client, programme, hr_admin, executive, django_assert_max_num_queries
):
    from pairing.testing import make_pairing_programme

    client.force_login(hr_admin)
    grow(programme, mentors=2, mentees=2, start=0)
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    url = reverse("pairing:index")
    one = queries(client, url)
    for number in range(4):
        make_pairing_programme(
            hr_admin=hr_admin, executive=executive, name=f"P{number}", slug=f"p{number}"
        )

    with django_assert_max_num_queries(one):
        client.get(url)


SESSION = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def test_the_published_pairs_page_reads_these_queries(client, programme, hr_admin):
    """The visitor (and their session where it is read from the table), the programme, the
    pairs by state (their number, unless HR searches by name), the page of pairs, the facts
    of the pairs shown (their enrolments with their people, topics, topics given back, people
    to avoid, the programme's weights), the pairs whose member left, the topics' names; and,
    once a pair has ended, the pairs that ended and who is left alone."""
    client.force_login(hr_admin)
    url = reverse("pairing:published", args=[programme.code])
    grow(programme, mentors=6, mentees=8, start=0)
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    assert queries(client, url) == SESSION + 11
    services.end_pair(pair=Pair.objects.active().first(), by=hr_admin, reason="poor_fit")
    assert queries(client, url) == SESSION + 13


def test_the_round_page_reads_these_queries(client, programme, hr_admin):
    """The visitor (and their session where it is read from the table), the programme, the
    last round and the weights and goal the next one starts from, the topics' names, the
    pairs by state (the proposals' number, unless HR searches by name), the page of
    proposals, who is left and why, the facts of the proposals shown (four queries: the
    weights are known), the volunteers, the comparison with the earlier round (five), the two
    lists to set a pair by hand and the forbidden pairs. Who is left and who has room are
    counted apart only when their list is cut."""
    client.force_login(hr_admin)
    url = reverse("pairing:round", args=[programme.code])
    grow(programme, mentors=4, mentees=6, start=0)
    rounds(programme, hr_admin)
    assert queries(client, url) == SESSION + 24
