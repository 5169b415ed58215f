"""Twenty simultaneous submissions for the same person and programme make one enrolment.

Each thread is a browser tab with its own database connection; they all post at the
same moment. The service's check before inserting cannot see the others' uncommitted
rows, so several reach the insert: the database's unique constraint lets one through,
and the others are shown that enrolment, with a message (no server error).
"""

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from enrolments.models import Enrolment
from enrolments.testing import volunteer_form_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SUBMISSIONS = 20


def test_twenty_simultaneous_submissions_make_exactly_one_enrolment(programme, mentor, monkeypatch):
    url = reverse("enrolments:volunteer", args=[programme.code, "mentor"])
    data = volunteer_form_data(programme, "mentor")
    inserts: list[int] = []
    create = Enrolment.objects.create

    def counted_create(**fields):
        inserts.append(1)
        return create(**fields)

    monkeypatch.setattr(Enrolment.objects, "create", counted_create)
    clients = []
    for _ in range(SUBMISSIONS):
        client = Client(raise_request_exception=False)
        client.force_login(mentor)
        clients.append(client)
    start = threading.Barrier(SUBMISSIONS)
    outcomes: list[object] = []

    def submit(client: Client) -> None:
        try:
            start.wait()
            response = client.post(url, data)
            outcomes.append((response.status_code, response.get("Location", "")))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    enrolment = Enrolment.objects.get(programme=programme, person=mentor)
    detail = reverse("enrolments:detail", args=[enrolment.code])
    # Every tab lands on the one enrolment: the winner, and those told they already volunteered.
    assert Counter(outcomes) == {(302, detail): SUBMISSIONS}
    assert len(inserts) >= 1
    print(f"{len(inserts)} of {SUBMISSIONS} submissions reached the insert; one was kept.")
