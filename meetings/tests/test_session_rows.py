"""The rows of a pair's page (session_rows): what each session says, escaped as the template
escaped it, in the reader's language and time zone."""

import uuid
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone, translation

from meetings.models import Meeting
from meetings.templatetags.session_rows import coming_row, past_row, to_log_row
from people.models import User

pytestmark = pytest.mark.django_db

STARTS = datetime(2030, 3, 16, 14, tzinfo=UTC)  # 15:00 in Paris, 10:00 in Toronto


def session(**fields: object) -> Meeting:
    defaults = {"code": uuid.uuid4(), "starts_at": STARTS, "duration_minutes": 45, "mode": "video"}
    return Meeting(**{**defaults, **fields})


def test_a_held_session_waits_for_the_partners_feedback_named_as_the_template_wrote_it():
    held = session(status=Meeting.Status.HELD)
    held.mine_given, held.other_given = True, False

    with translation.override("en"), timezone.override("America/Toronto"):
        row = past_row(held, User(name="Zoé O'Brien <b>"), True)

    assert (
        '<time datetime="2030-03-16T10:00:00-04:00">Saturday 16 March 2030 at 10:00</time>' in row
    )
    assert "45 minutes · Video call · Waiting for Zoé O&#x27;Brien &lt;b&gt;'s feedback" in row
    assert "Give feedback" not in row and f"/sessions/{held.code}/" in row


def test_a_session_to_come_in_french_says_why_it_moved_and_a_cancelled_one_why():
    moved = session(moved_because="weekend,busy", planned_for=date(2030, 3, 1), place="Salle <2>")
    cancelled = session(status=Meeting.Status.CANCELLED, cancel_reason="Malade <b>")

    with translation.override("fr"), timezone.override("Europe/Paris"):
        planned_row = coming_row(moved, False)
        cancelled_row = coming_row(cancelled, True)
        to_log = to_log_row(session(duration_minutes=1), True)

    assert "Samedi 16 mars 2030 à 15:00" in planned_row
    assert "Salle &lt;2&gt;" in planned_row
    assert "plutôt que le vendredi 1er mars" in planned_row
    assert "/reschedule/" not in planned_row and "/invitation.ics" in planned_row
    assert 'data-testid="coming-cancelled"' in cancelled_row
    assert "Malade &lt;b&gt;" in cancelled_row and "/cancel/" not in cancelled_row
    assert "1 minute" in to_log and "/log/" in to_log
