"""Adding a session costs a fixed number of queries, however full the members' diaries."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from meetings.models import Meeting
from meetings.testing import make_meeting
from reminders.models import Reminder

pytestmark = pytest.mark.django_db

# Reading the visitor's session is a query with the database's sessions, none with Redis's
# cached ones (settings.SESSION_ENGINE).
SESSION = 1 if settings.SESSION_ENGINE.endswith(".db") else 0
NOW = datetime(2030, 1, 6, 12, tzinfo=UTC)


def when(day: str, at: str) -> dict:
    return {"day": day, "at": at, "duration_minutes": "60", "mode": "video", "place": ""}


def test_adding_a_session_costs_the_same_queries_beside_many_sessions(
    client, pair, mentor, django_assert_num_queries
):
    with time_machine.travel(NOW, tick=False):
        for days in range(1, 20):
            make_meeting(pair, starts_at=NOW + timedelta(days=days, hours=-2))
        client.force_login(mentor)
        url = reverse("meetings:add", args=[pair.code])

        # The person, the pair; the two members locked and their diaries near that time; the
        # session written; the reminders' settings, the reminders replaced and written for
        # each member and the change told to the partner (a savepoint and its release, within
        # the test's own transaction).
        with django_assert_num_queries(15 + SESSION):
            response = client.post(url, when("2030-01-08", "15:00"))
        refused = client.post(url, when("2030-01-08", "15:30"))

    assert response.status_code == 302
    added = Meeting.objects.get(pair=pair, starts_at=datetime(2030, 1, 8, 14, tzinfo=UTC))
    assert Reminder.objects.filter(meeting=added).exists()  # the partner is told
    assert refused.status_code == 200
    assert f"{mentor.name} already has a session" in refused.content.decode()
