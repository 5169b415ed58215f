"""HR's pairing pages read any search they are given."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client, hr_admin):
    client.force_login(hr_admin)
    return client


@pytest.mark.parametrize("page", ["pairing:round", "pairing:published"])
@pytest.mark.parametrize("query", ["%00", "a%00b", "%01%1f%7f"])
def test_a_search_with_control_characters_is_read_without_them(hr, programme, page, query):
    response = hr.get(reverse(page, args=[programme.code]) + f"?q={query}")

    assert response.status_code == 200
