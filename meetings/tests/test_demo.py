"""The demo's pairs have a past (held sessions, feedback, journals) and a future, no clash."""

import itertools
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Agreement, Feedback, JournalEntry, Meeting
from pairing.models import Pair
from programmes.testing import ensure_seeded_topics
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


def test_the_demo_accounts_pair_has_held_sessions_with_feedback_and_coming_ones():
    ensure_seeded_topics()  # an earlier transactional test may have flushed them

    output = seed()

    pair = Pair.objects.active().get(
        programme__slug="csr-sustainability",
        mentor_person__email="mentor@example.com",
        mentee_person__email="mentee@example.com",
    )
    now = timezone.now()
    held = pair.meetings.held().order_by("starts_at")
    assert held.count() >= 2 and all(m.starts_at < now for m in held)
    assert pair.meetings.planned().filter(starts_at__gt=now).exists()
    assert Feedback.objects.filter(meeting__in=held).values("author").distinct().count() == 2
    last = held.last()
    # The mentee has given feedback on the last one; the mentor has not yet.
    assert list(last.feedback.values_list("author__email", flat=True)) == ["mentee@example.com"]
    assert JournalEntry.objects.filter(meeting__pair=pair).exists()
    assert Agreement.objects.filter(pair=pair).exists()
    # Every pair of the running programme has a past.
    running = Pair.objects.active().filter(programme__slug="csr-sustainability")
    assert all(p.meetings.exclude(status="planned").exists() for p in running)
    assert "Sessions:" in output
    assert mail.outbox == []
    # The mentee moved the next session: the mentor's email waits in the outbox.
    notice = Reminder.objects.get(
        kind=Reminder.Kind.SESSION_CHANGED,
        context__change="moved",
        context__by=pair.mentee_person_id,
    )
    assert notice.recipient.email == "mentor@example.com"
    # HR closed the end of the year: both members of each moved session are told.
    closure = Reminder.objects.filter(
        kind=Reminder.Kind.SESSION_CHANGED, context__change="moved_by_hr"
    )
    assert closure.exists() and closure.count() % 2 == 0
    assert not Meeting.objects.filter(
        pair__programme__slug="csr-sustainability",
        starts_at__month__in=[12, 1],
        starts_at__day__in=[24, 25, 26, 27, 28, 29, 30, 31, 1],
        status="planned",
    ).exists()
    assert notice.meeting.video_link.startswith("https://")
    # The demo mentor has two mentees and never two sessions too close.
    mine = Meeting.objects.taking_time().of_people([pair.mentor_person_id]).order_by("starts_at")
    assert mine.values("pair").distinct().count() >= 2
    for first, second in itertools.pairwise(mine):
        assert second.starts_at >= first.ends_at + timedelta(minutes=15)

    before = Meeting.objects.count()
    again = seed()
    assert Meeting.objects.count() == before
    assert "(0 new)" in next(line for line in again.splitlines() if "Sessions:" in line)
