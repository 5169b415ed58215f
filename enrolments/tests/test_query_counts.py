"""List pages cost as many queries for 2 as for 20 volunteers or programmes."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enrolments.models import Enrolment
from enrolments.testing import make_enrolment
from people.testing import make_person
from programmes.models import Programme, Topic
from programmes.testing import make_programme

TOPICS = {"generative-ai": 2, "social-networks": 3}
# Reading the visitor's session is a query with the database's sessions, none with Redis's
# cached ones (settings.SESSION_ENGINE).
SESSION = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    print(url, len(context.captured_queries), "queries")
    return len(context.captured_queries)


def add_volunteers(programme: Programme, count: int) -> None:
    strategy = Topic.objects.get(slug="strategy")
    for number in range(count):
        role = "mentor" if number % 2 else "mentee"
        person = make_person(grade=3 if role == "mentor" else 16)
        enrolment = make_enrolment(
            programme=programme,
            person=person,
            role=role,
            topics=TOPICS,
            status=Enrolment.Status.values[number % len(Enrolment.Status.values)],
        )
        enrolment.return_topics.set([strategy])


def add_programmes(count: int, sponsor, person) -> None:
    for number in range(count):
        programme = make_programme(
            name=f"Programme {number}", sponsor=sponsor, status=Programme.Status.ENROLMENT_OPEN
        )
        if number % 2:
            make_enrolment(programme=programme, person=person, topics=TOPICS)


def test_the_review_queue_costs_the_same_for_2_and_for_20_volunteers(
    client, hr_admin, programme, django_assert_num_queries
):
    client.force_login(hr_admin)
    url = reverse("enrolments:review", args=[programme.code])
    add_volunteers(programme, 2)
    with_two = queries(client, url)

    add_volunteers(programme, 18)

    with django_assert_num_queries(with_two):
        client.get(url)
    assert with_two <= 14


def test_the_review_queue_costs_eight_queries_besides_the_visitors_session(
    client, hr_admin, programme, django_assert_num_queries
):
    add_volunteers(programme, 20)
    client.force_login(hr_admin)
    url = reverse("enrolments:review", args=[programme.code])
    client.get(url)

    # The person; the programme and its topics; the topics to filter by; the count of the
    # volunteers and their counts by role and status; a page of them and their topics.
    with django_assert_num_queries(8 + SESSION):
        response = client.get(url)

    assert response.content.decode().count('data-testid="review-row"') == 20


def test_the_review_index_costs_the_same_for_2_and_for_20_programmes(
    client, hr_admin, executive, mentor, django_assert_num_queries
):
    client.force_login(hr_admin)
    url = reverse("enrolments:review_index")
    add_programmes(2, executive, mentor)
    with_two = queries(client, url)

    add_programmes(18, executive, mentor)

    with django_assert_num_queries(with_two):
        client.get(url)
    assert with_two <= 6


@pytest.mark.parametrize("page", ["enrolments:open", "enrolments:mine"])
def test_a_volunteers_pages_cost_the_same_for_2_and_for_20_programmes(
    client, mentor, executive, page, django_assert_num_queries
):
    client.force_login(mentor)
    url = reverse(page)
    add_programmes(2, executive, mentor)
    with_two = queries(client, url)

    add_programmes(18, executive, mentor)

    with django_assert_num_queries(with_two):
        client.get(url)
    assert with_two <= 6
