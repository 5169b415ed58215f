"""List and programme pages cost as many queries for 2 as for 20 programmes or objectives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes import services
from programmes.models import Programme, Topic
from programmes.testing import make_programme

pytestmark = pytest.mark.django_db
TOPICS = ("generative-ai", "social-networks", "strategy", "leadership")


def _add_programmes(count: int, sponsor, managers) -> list[Programme]:
    statuses = Programme.Status.values
    programmes = []
    for number in range(count):
        programmes.append(
            make_programme(
                name=f"Programme {number}",
                sponsor=sponsor,
                managers=managers,
                status=statuses[number % len(statuses)],
                topics=TOPICS,
                objectives=[f"Objective {number}.{n}" for n in range(3)],
            )
        )
    return programmes


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    print(url, len(context.captured_queries), "queries")
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "mentor"])
def test_the_programme_list_costs_the_same_for_2_and_for_20_programmes(
    request, client, django_assert_num_queries, hr_admin, executive, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("programmes:list")
    _add_programmes(2, executive, [hr_admin])
    with_two = _queries(client, url)
    _add_programmes(18, executive, [hr_admin])
    with django_assert_num_queries(with_two):
        client.get(url)
    assert with_two <= 8


def _objective(number: int) -> services.ObjectiveData:
    return services.ObjectiveData(
        sentence_en=f"Objective {number}",
        topics=list(Topic.objects.filter(slug__in=TOPICS[: 1 + number % 3])),
        target_percent=50,
        metric_en="of mentees",
    )


def _grow(programme: Programme, hr_admin, objectives: int) -> None:
    """More objectives, more managers and more history on the same programme."""
    services.update_programme(
        programme=programme,
        by=hr_admin,
        fields={"description": f"With {objectives} objectives"},
        managers=[hr_admin],
        topics=Topic.objects.filter(slug__in=TOPICS),
        objectives=[_objective(number) for number in range(objectives)],
    )


@pytest.mark.parametrize("persona", ["hr_admin", "executive"])
def test_the_programme_page_costs_the_same_for_2_and_for_20_objectives(
    request, client, django_assert_num_queries, hr_admin, executive, persona
):
    programme = make_programme(
        sponsor=executive, managers=[hr_admin], status=Programme.Status.ENROLMENT_OPEN
    )
    client.force_login(request.getfixturevalue(persona))
    url = reverse("programmes:detail", args=[programme.code])
    _grow(programme, hr_admin, 2)
    with_two = _queries(client, url)
    for round_ in range(3):
        _grow(programme, hr_admin, 18 + round_)
    assert programme.objectives.count() == 20
    assert programme.audit_events.count() == 5
    with django_assert_num_queries(with_two):
        client.get(url)
    assert with_two <= 12
