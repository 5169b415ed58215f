from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from evaluation.testing import make_pair, make_running_programme
from meetings.models import Feedback, JournalEntry, Meeting
from meetings.testing import make_held_meeting
from privacy import services, tasks
from programmes.models import Programme


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False)


def programme_with_a_note(slug: str, start_on: date, months: int, note: str) -> Programme:
    programme = make_running_programme(
        slug=slug, name=slug, start_on=start_on, duration_months=months
    )
    make_held_meeting(make_pair(programme), note=note, feedback_by=())
    return programme


@pytest.fixture
def programmes(db) -> dict[str, Programme]:
    with at(date(2027, 3, 15)):
        return {
            # Ended 31 March 2026: past 6 months since 30 September 2026.
            "long_ended": programme_with_a_note("long-ended", date(2026, 1, 1), 3, "OLD"),
            # Ended 31 August 2026: 6 months are over at the end of 28 February 2027.
            "just_expired": programme_with_a_note("just-expired", date(2026, 6, 1), 3, "EDGE"),
            # Ended 30 November 2026: kept until 30 May 2027.
            "recently_ended": programme_with_a_note("recent", date(2026, 9, 1), 3, "RECENT"),
            "running": programme_with_a_note("running", date(2027, 1, 1), 6, "RUNNING"),
        }


def notes() -> set[str]:
    return set(JournalEntry.objects.values_list("text", flat=True))


def test_the_default_retention_is_six_months():
    assert settings.PRIVATE_NOTES_RETENTION_MONTHS == 6


def test_the_sweep_deletes_only_notes_of_programmes_ended_more_than_n_months_ago(programmes):
    assert programmes["long_ended"].ends_on == date(2026, 3, 31)
    with at(date(2027, 3, 15)):
        deleted = services.purge_private_notes()
    assert deleted == 2
    assert notes() == {"RECENT", "RUNNING"}


def test_notes_are_kept_until_the_last_day_of_the_period(programmes):
    with at(date(2027, 2, 28)):
        services.purge_private_notes()
    assert "EDGE" in notes()
    with at(date(2027, 3, 1)):
        services.purge_private_notes()
    assert "EDGE" not in notes()


def test_sessions_and_feedback_outlive_the_notes(programmes):
    held_before = Meeting.objects.held().count()
    feedback_before = Feedback.objects.count()
    with at(date(2028, 1, 1)):
        assert services.purge_private_notes() == 4
    assert Meeting.objects.held().count() == held_before
    assert Feedback.objects.count() == feedback_before
    assert notes() == set()


def test_the_setting_sets_the_period(programmes, settings):
    settings.PRIVATE_NOTES_RETENTION_MONTHS = 0
    with at(date(2026, 12, 1)):
        services.purge_private_notes()
    assert notes() == {"RUNNING"}


def test_a_second_sweep_finds_nothing_more(programmes):
    with at(date(2027, 3, 15)):
        assert services.purge_private_notes() == 2
        assert services.purge_private_notes() == 0


def test_the_command_runs_the_sweep(programmes, capsys):
    with at(date(2027, 3, 15)):
        call_command("purge_private_notes")
    assert "2 private notes deleted" in capsys.readouterr().out
    assert notes() == {"RECENT", "RUNNING"}


def test_the_task_runs_the_sweep_and_beat_schedules_it(programmes):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-purge-private-notes"]
    assert entry["task"] == tasks.purge_private_notes.name == "privacy.tasks.purge_private_notes"
    with at(date(2027, 3, 15)):
        assert tasks.purge_private_notes.delay().get() == 2
