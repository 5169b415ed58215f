"""Races on PostgreSQL, beyond pairing/tests/test_concurrency.py: two different HR admins
publish through the pages at the same moment, and a mentor's last place is claimed twice
at once. The database keeps one active pair per mentee and every mentor within capacity;
the loser is told why, never a server error."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from pairing import services
from pairing.models import Pair
from pairing.testing import Role, approve, make_pairing_programme
from pairing.tests.test_concurrency import race
from people.testing import make_person
from programmes.testing import ensure_seeded_topics

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(hr_admin, executive):
    ensure_seeded_topics()  # an earlier transactional test may have flushed them
    return make_pairing_programme(hr_admin=hr_admin, executive=executive)


def assert_invariants(programme) -> None:
    for mentee in programme.enrolments.filter(role=Role.MENTEE):
        assert Pair.objects.active().filter(mentee=mentee).count() <= 1, mentee
    for mentor in programme.enrolments.filter(role=Role.MENTOR):
        taken = Pair.objects.filter(mentor=mentor).exclude(status=Pair.Status.ENDED).count()
        assert taken <= (mentor.capacity or 0), (mentor, taken)


def test_two_hr_admins_publishing_the_same_round_from_the_pages_one_wins_one_is_told(
    programme, hr_admin, mentor, mentee
) -> None:
    other_hr = make_person(email="hr2@example.com", is_hr_admin=True, grade=12)
    programme.managers.add(other_hr)
    approve(programme, mentor, Role.MENTOR, {"generative-ai": 4})
    approve(programme, mentee, Role.MENTEE, {"generative-ai": 1})
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    url = reverse("pairing:publish", kwargs={"code": programme.code})
    responses: list = [None, None]

    def post(index: int, person) -> None:
        client = Client()
        client.force_login(person)
        barrier.wait()
        try:
            responses[index] = client.post(url, {"confirm": "on"}, follow=True)
        finally:
            connection.close()

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=post, args=item) for item in enumerate([hr_admin, other_hr])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(response.status_code == 200 for response in responses)
    texts = [" ".join(str(m) for m in get_messages(r.wsgi_request)) for r in responses]
    assert sum("1 pair is published" in text for text in texts) == 1, texts
    assert sum("already been published" in text for text in texts) == 1, texts
    assert Pair.objects.active().filter(programme=programme).count() == 1
    assert_invariants(programme)


def test_a_mentors_last_place_claimed_twice_at_once_goes_to_one_pair(
    programme, hr_admin, mentor, mentee
) -> None:
    other_hr = make_person(email="hr2@example.com", is_hr_admin=True, grade=12)
    programme.managers.add(other_hr)
    zoe = approve(programme, mentor, Role.MENTOR, {"generative-ai": 4}, capacity=1)
    marc = approve(programme, mentee, Role.MENTEE, {"generative-ai": 1})
    anne = approve(
        programme, make_person(name="Anne Senior", grade=14), Role.MENTEE, {"generative-ai": 1}
    )

    results = race(
        lambda: services.set_pair_by_hand(
            programme=programme, mentor=zoe, mentee=marc, by=hr_admin
        ),
        lambda: services.set_pair_by_hand(
            programme=programme, mentor=zoe, mentee=anne, by=other_hr
        ),
    )

    won = [result for result in results if isinstance(result, Pair)]
    lost = [result for result in results if isinstance(result, services.PairingRefused)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "no place left" in lost[0].reasons[0]
    assert Pair.objects.filter(mentor=zoe).count() == 1
    services.publish(programme=programme, by=hr_admin, notify=False)
    assert_invariants(programme)


def test_a_publication_racing_a_hand_set_on_a_full_mentor_keeps_the_capacity(
    programme, hr_admin, mentor, mentee
) -> None:
    other_hr = make_person(email="hr2@example.com", is_hr_admin=True, grade=12)
    programme.managers.add(other_hr)
    zoe = approve(programme, mentor, Role.MENTOR, {"generative-ai": 4}, capacity=1)
    approve(programme, mentee, Role.MENTEE, {"generative-ai": 1})
    anne = approve(
        programme, make_person(name="Anne Senior", grade=14), Role.MENTEE, {"generative-ai": 1}
    )
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    results = race(
        lambda: services.publish(programme=programme, by=hr_admin, notify=False),
        lambda: services.set_pair_by_hand(
            programme=programme, mentor=zoe, mentee=anne, by=other_hr
        ),
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert all(isinstance(error, services.PairingRefused) for error in errors), errors
    assert_invariants(programme)
    assert Pair.objects.active().filter(mentor=zoe).count() <= 1
