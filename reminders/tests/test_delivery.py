"""No reminder lost, none sent twice: claims, stale claims, retries, failures."""

from datetime import timedelta

import pytest
from django.core import mail

from meetings import services as meetings
from reminders import sweeping as services
from reminders import tasks
from reminders.models import Reminder

from . import backends
from .conftest import NOW

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status
SOON = NOW.replace(hour=10) + timedelta(days=1)  # within N days: due at once


@pytest.fixture
def due(clock, pair) -> list[Reminder]:
    """Two "coming up" reminders due now (the programme's HR gets no digest: not a manager)."""
    pair.programme.managers.clear()
    meeting = meetings.add_meeting(
        pair=pair, by=pair.mentor_person, starts_at=SOON, duration_minutes=60
    )
    return list(Reminder.objects.filter(meeting=meeting, kind=Kind.UPCOMING_SESSION))


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "reminders.tests.backends.FlakyBackend"
    backends.FlakyBackend.errors = []
    yield backends.FlakyBackend.errors
    backends.FlakyBackend.errors = []


def test_two_sweeps_send_each_reminder_once(due):
    services.sweep()
    services.sweep()

    assert len(mail.outbox) == 2
    assert set(
        Reminder.objects.filter(kind=Kind.UPCOMING_SESSION).values_list("status", flat=True)
    ) == {Status.SENT}


def test_a_row_claimed_by_one_sweep_cannot_be_claimed_by_another(due):
    first, won = services.claim_due(services.timezone.now(), limit=100)
    second, lost = services.claim_due(services.timezone.now(), limit=100)

    assert sorted(won) == sorted(reminder.pk for reminder in due)
    assert lost == []
    assert services.send_claimed(reminder_ids=won, claim=second) == 0  # not its claim
    assert services.send_claimed(reminder_ids=won, claim=first) == 2
    assert services.send_claimed(reminder_ids=won, claim=first) == 0  # already sent
    assert len(mail.outbox) == 2


def test_a_claim_whose_worker_died_is_claimed_again_after_the_timeout(due, clock, settings):
    settings.REMINDERS_CLAIM_TIMEOUT = 600
    dead, ids = services.claim_due(services.timezone.now(), limit=100)  # its worker never sends

    clock.move_to(NOW + timedelta(seconds=599))
    assert services.sweep().claimed == 0
    clock.move_to(NOW + timedelta(seconds=601))
    report = services.sweep()

    assert (report.claimed, report.sent) == (2, 2)
    assert services.send_claimed(reminder_ids=ids, claim=dead) == 0  # the old task, late
    assert len(mail.outbox) == 2
    assert {reminder.attempts for reminder in Reminder.objects.filter(pk__in=ids)} == {2}


def test_a_claim_lost_too_many_times_is_failed(due, clock, settings):
    settings.REMINDERS_CLAIM_TIMEOUT = 60
    for attempt in range(services.MAX_ATTEMPTS):
        clock.move_to(NOW + timedelta(minutes=2 * attempt))
        services.claim_due(services.timezone.now(), limit=100)  # and the worker dies

    clock.move_to(NOW + timedelta(minutes=2 * services.MAX_ATTEMPTS))
    report = services.sweep()

    assert report.failed == 2 and report.sent == 0
    assert {r.status for r in Reminder.objects.filter(kind=Kind.UPCOMING_SESSION)} == {
        Status.FAILED
    }


def test_smtp_errors_are_retried_with_backoff_then_failed(due, clock, flaky):
    reminder = due[0]
    for _ in range(services.MAX_ATTEMPTS * 2):
        flaky.append(backends.unavailable())

    clock_at = NOW
    delays = []
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        services.sweep()
        reminder.refresh_from_db()
        assert reminder.attempts == attempt
        if reminder.status == Status.FAILED:
            break
        assert reminder.status == Status.PENDING
        assert "SMTPServerDisconnected" in reminder.last_error
        delays.append(reminder.due_at - clock_at)
        clock_at = reminder.due_at
        clock.move_to(clock_at)

    assert delays == [timedelta(minutes=m) for m in (2, 4, 8, 16)]
    assert reminder.status == Status.FAILED
    assert mail.outbox == []


def test_a_reminder_retried_after_an_error_is_sent_once(due, clock, flaky):
    flaky.append(backends.unavailable())

    services.sweep()  # the first message fails, the second goes
    clock.move_to(NOW + timedelta(minutes=1))
    services.sweep()
    clock.move_to(NOW + timedelta(minutes=2))
    services.sweep()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        reminder.recipient.email for reminder in due
    )


def test_a_refused_address_fails_at_once(due, flaky):
    flaky.append(backends.refused())

    services.sweep()

    assert Reminder.objects.filter(status=Status.FAILED).count() == 1
    assert "SMTPRecipientsRefused" in Reminder.objects.get(status=Status.FAILED).last_error
    assert len(mail.outbox) == 1


def test_every_attempt_carries_the_same_message_id(due, clock, flaky):
    services.sweep()
    first = {message.to[0]: message.extra_headers["Message-ID"] for message in mail.outbox}
    Reminder.objects.update(status=Status.PENDING)  # as if the commit after sending was lost

    services.sweep()

    again = {message.to[0]: message.extra_headers["Message-ID"] for message in mail.outbox[2:]}
    assert first == again
    assert all(value.startswith("<reminder.") for value in first.values())
    rendered = mail.outbox[0].message()
    assert rendered["Message-ID"] == first[mail.outbox[0].to[0]]


def test_the_celery_sweep_hands_each_batch_to_a_task(due, monkeypatch):
    handed = []
    monkeypatch.setattr(tasks.send_reminders, "delay", lambda ids, claim: handed.append(ids))

    assert tasks.sweep() == 2

    assert sorted(id_ for batch in handed for id_ in batch) == sorted(r.pk for r in due)
    assert mail.outbox == []  # the task sends, not the sweep


def test_the_send_task_sends_what_its_claim_holds(due):
    claim, ids = services.claim_due(services.timezone.now(), limit=100)

    assert tasks.send_reminders.delay(ids, claim).get() == 2
    assert len(mail.outbox) == 2


def test_a_large_backlog_is_claimed_in_batches(clock, pair, mentor, monkeypatch):
    monkeypatch.setattr(services, "CLAIM_BATCH", 7)
    pair.programme.managers.clear()
    Reminder.objects.bulk_create(
        Reminder(
            kind=Kind.WEEKLY_DIGEST,
            recipient=mentor,
            due_at=NOW,
            dedupe_key=f"test:{number}",
        )
        for number in range(30)
    )
    mentor.is_hr_admin = True
    mentor.save()

    report = services.sweep()

    assert (report.claimed, report.sent) == (30, 30)
