"""A member's personal journal on a session: written, rewritten and removed, in few queries."""

import pytest
from django.conf import settings
from django.urls import reverse

from meetings import services
from meetings.models import JournalEntry
from meetings.testing import make_held_meeting

pytestmark = pytest.mark.django_db

# Reading the visitor's session is a query with the database's sessions, none with Redis's
# cached ones (settings.SESSION_ENGINE).
SESSION = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def test_a_journal_is_written_rewritten_and_removed_by_its_author_only(pair, mentor, mentee):
    meeting = make_held_meeting(pair)
    services.save_journal(meeting=meeting, by=mentor, text="  First thoughts.  ")
    first = JournalEntry.objects.get(meeting=meeting, author=mentor)

    services.save_journal(meeting=meeting, by=mentor, text="Second thoughts.")
    services.save_journal(meeting=meeting, by=mentee, text="Mine.")

    again = JournalEntry.objects.get(meeting=meeting, author=mentor)
    assert first.text == "First thoughts." and again.text == "Second thoughts."
    assert again.pk == first.pk and again.created_at == first.created_at
    assert again.updated_at > first.updated_at
    assert JournalEntry.objects.get(meeting=meeting, author=mentee).text == "Mine."

    services.save_journal(meeting=meeting, by=mentor, text="   ")
    assert list(JournalEntry.objects.values_list("author", flat=True)) == [mentee.pk]


def test_rewriting_a_journal_costs_five_queries_besides_the_visitors_session(
    client, pair, mentor, django_assert_num_queries
):
    meeting = make_held_meeting(pair)
    client.force_login(mentor)
    url = reverse("meetings:journal", args=[meeting.code])
    client.post(url, {"text": "First thoughts."})

    # The person, the session with its pair, and the entry rewritten in one UPDATE inside the
    # service's transaction (a savepoint and its release, within the test's own transaction).
    with django_assert_num_queries(5 + SESSION):
        response = client.post(url, {"text": "Second thoughts."})

    assert response.status_code == 302
    assert JournalEntry.objects.get(meeting=meeting, author=mentor).text == "Second thoughts."
