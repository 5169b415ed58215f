"""The demo's pairs have a past (held sessions, feedback, private notes) and a future."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Agreement, Feedback, Meeting, PrivateNote
from pairing.models import Pair
from programmes.testing import ensure_seeded_topics

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
    assert PrivateNote.objects.filter(meeting__pair=pair).exists()
    assert Agreement.objects.filter(pair=pair).exists()
    # Every pair of the running programme has a past.
    running = Pair.objects.active().filter(programme__slug="csr-sustainability")
    assert all(p.meetings.exclude(status="planned").exists() for p in running)
    assert "Sessions:" in output
    assert mail.outbox == []

    before = Meeting.objects.count()
    again = seed()
    assert Meeting.objects.count() == before
    assert "(0 new)" in next(line for line in again.splitlines() if "Sessions:" in line)
