from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_200_to_anyone_when_the_database_answers(client) -> None:
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client) -> None:
    # No database fixture: the probe must not need anything but its own query.
    with mock.patch("mentoring.views.connection") as connection:
        connection.cursor.side_effect = DatabaseError("connection refused")
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "connection refused" not in response.content.decode()


def test_healthz_only_answers_get(client) -> None:
    assert client.post(reverse("healthz")).status_code == 405
