"""The directory's table: each person's columns, in the same queries whatever their number."""

import pytest
from django.conf import settings
from django.urls import reverse

from people.models import Department
from people.testing import make_person

pytestmark = pytest.mark.django_db

# The visitor's session is a query with the database's sessions, none with Redis's cached ones.
SESSION = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def add_people(count: int, manager) -> None:
    finance, _ = Department.objects.get_or_create(name="Finance")
    for number in range(count):
        make_person(
            name=f"Zed {number:03d}",
            department=finance,
            job_title="Analyst",
            grade=7,
            site="Lyon",
            manager=manager,
        )


def test_the_directory_shows_each_column_in_the_same_queries_for_5_and_40_people(
    client, hr_admin, django_assert_num_queries
):
    manager = make_person(name="Margaux Manager")
    add_people(5, manager)
    client.force_login(hr_admin)
    url = reverse("people:directory") + "?q=Zed"
    client.get(url)
    with django_assert_num_queries(4 + SESSION) as few:
        client.get(url)

    add_people(35, manager)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)

    page = response.content.decode()
    row = page[page.index("Zed 000") : page.index("</tr>", page.index("Zed 000"))]
    for column in ("Zed 000", "@example.com", "Finance", "Analyst", "7", "Margaux Manager", "Lyon"):
        assert column in row
