"""Logging a session: when it was held, how long, how, what was covered, and a private note."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import JournalEntry, Meeting
from meetings.testing import make_meeting
from programmes.models import Topic

pytestmark = pytest.mark.django_db


def log_data(day: str, **extra) -> dict:
    return {
        "day": day,
        "at": "10:00",
        "duration_minutes": "75",
        "mode": "on_site",
        "takeaways": "Prompting is a dialogue, not a search.",
        "next_steps": "Marc drafts a memo with the assistant.",
        "journal": "Marc seemed worried about his team.",
        **extra,
    }


def test_a_member_logs_a_planned_session_with_a_journal_entry(client, pair, mentor, monkeypatch):
    calls = []
    monkeypatch.setattr(
        services.reminders,
        "meeting_logged",
        lambda m: calls.append((m.status, transaction.get_connection().in_atomic_block)),
    )
    topic = Topic.objects.get(slug="generative-ai")

    with time_machine.travel(datetime(2030, 5, 20, 12, tzinfo=UTC), tick=False):
        meeting = make_meeting(pair, starts_at=datetime(2030, 5, 14, 8, tzinfo=UTC))
        client.force_login(mentor)
        response = client.post(
            reverse("meetings:log", args=[meeting.code]),
            log_data("2030-05-15", topics=[topic.pk]),
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.code])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    # Held on 15 May at 10:00 in Paris (summer time): 08:00 UTC.
    assert meeting.starts_at == datetime(2030, 5, 15, 8, tzinfo=UTC)
    assert (meeting.duration_minutes, meeting.mode) == (75, "on_site")
    assert list(meeting.topics.all()) == [topic]
    assert meeting.takeaways == "Prompting is a dialogue, not a search."
    assert meeting.logged_by == mentor and meeting.logged_at is not None
    note = JournalEntry.objects.get(meeting=meeting)
    assert (note.author, note.text) == (mentor, "Marc seemed worried about his team.")
    assert calls == [("held", True)]


def test_a_session_held_without_planning_it_can_be_logged(client, pair, mentee):
    client.force_login(mentee)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post(reverse("meetings:log_new", args=[pair.code]), log_data(yesterday))

    assert response.status_code == 302
    meeting = Meeting.objects.get(pair=pair)
    assert (meeting.status, meeting.origin, meeting.logged_by) == ("held", "added", mentee)


def test_a_session_cannot_be_logged_before_it_happens(client, pair, mentor):
    meeting = make_meeting(pair)
    client.force_login(mentor)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(reverse("meetings:log", args=[meeting.code]), log_data(tomorrow))

    assert response.status_code == 200
    assert "has not happened yet" in str(response.context["form"].errors)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_topics_outside_the_programme_are_not_recorded(pair, mentor):
    outside = Topic.objects.exclude(programmes=pair.programme).first()
    inside = Topic.objects.get(slug="strategy")

    meeting = services.log_meeting(
        pair=pair,
        by=mentor,
        held_at=timezone.now() - timedelta(hours=3),
        duration_minutes=60,
        mode="video",
        topics=[outside, inside],
    )

    assert list(meeting.topics.all()) == [inside]


def test_editing_the_log_keeps_the_first_author_and_each_members_own_note(
    client, pair, mentor, mentee
):
    held_at = timezone.now() - timedelta(days=2)
    meeting = services.log_meeting(
        pair=pair,
        by=mentor,
        held_at=held_at,
        duration_minutes=60,
        mode="video",
        journal="Zoé's note",
    )
    services.log_meeting(
        pair=pair,
        by=mentee,
        meeting=meeting,
        held_at=held_at,
        duration_minutes=90,
        mode="video",
        journal="Marc's note",
    )
    services.save_journal(meeting=meeting, by=mentor, text="")

    meeting.refresh_from_db()
    assert (meeting.duration_minutes, meeting.logged_by) == (90, mentor)
    assert list(JournalEntry.objects.values_list("author__email", "text")) == [
        ("mentee@example.com", "Marc's note")
    ]


def test_each_member_reads_only_their_own_journal(client, pair, mentor, mentee):
    meeting = services.log_meeting(
        pair=pair,
        by=mentor,
        held_at=timezone.now() - timedelta(days=1),
        duration_minutes=60,
        mode="video",
        takeaways="Shared: prompts are briefs",
        journal="Marc seems worried about the reorganisation",
    )
    client.force_login(mentee)

    response = client.post(
        reverse("meetings:journal", args=[meeting.code]), {"text": "Zoé is brilliant"}, follow=True
    )

    page = response.content.decode()
    assert "Zoé is brilliant" in page and "Shared: prompts are briefs" in page
    assert "worried about the reorganisation" not in page
    assert "Only you read it." in page
    client.force_login(mentor)
    page = client.get(reverse("meetings:detail", args=[meeting.code])).content.decode()
    assert "worried about the reorganisation" in page and "Zoé is brilliant" not in page
