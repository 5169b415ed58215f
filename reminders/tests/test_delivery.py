"""No reminder lost, none sent twice: claims, stale claims, retries, failures."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
from django.core import mail
from django.db import connection

from meetings import services as meetings
from reminders import claims, sending, tasks
from reminders import sweeping as services
from reminders.models import Reminder

from . import backends
from .conftest import NOW

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status
LOCKS_TELL = connection.vendor == "postgresql"
SOON = NOW.replace(hour=10) + timedelta(days=1)  # within N days: due at once


@pytest.fixture
def due(clock, pair) -> list[Reminder]:
    """Two session emails due now: the mentor's "coming up", the notice telling the mentee
    that the mentor added it (the programme's HR gets no digest: not a manager)."""
    pair.programme.managers.clear()
    meeting = meetings.add_meeting(
        pair=pair, by=pair.mentor_person, starts_at=SOON, duration_minutes=60
    )
    kinds = [Kind.UPCOMING_SESSION, Kind.SESSION_CHANGED]
    return list(Reminder.objects.filter(meeting=meeting, kind__in=kinds))


def send(ids: list[int], claim: str) -> int:
    return sending.send_claimed(reminder_ids=ids, claim=claim, connection=mail.get_connection())


@contextmanager
def holding(claim: str) -> Iterator[None]:
    """The claim held by another live process: its own connection, its advisory lock."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute(
            "SELECT pg_advisory_lock(%s, %s)", [claims.LOCK_NAMESPACE, claims._lock_key(claim)]
        )
        yield


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


def test_a_row_claimed_by_one_sender_cannot_be_claimed_by_another(due):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    won = claims.claim_batch(first, now=NOW, limit=100)
    lost = claims.claim_batch(second, now=NOW, limit=100)

    assert sorted(won) == sorted(reminder.pk for reminder in due)
    assert lost == []
    assert send(won, second) == 0  # not its claim
    assert send(won, first) == 2
    assert send(won, first) == 0  # already sent
    assert len(mail.outbox) == 2


@pytest.mark.skipif(LOCKS_TELL, reason="PostgreSQL tells a dead sender at once (below)")
def test_without_postgresql_a_dead_senders_claim_is_taken_back_after_the_timeout(
    due, clock, settings
):
    settings.REMINDERS_CLAIM_TIMEOUT = 600
    dead = str(uuid.uuid4())
    ids = claims.claim_batch(dead, now=NOW, limit=100)  # and its worker is killed

    clock.move_to(NOW + timedelta(seconds=599))
    assert (services.sweep().released, len(mail.outbox)) == (0, 0)
    clock.move_to(NOW + timedelta(seconds=601))
    report = services.sweep()

    assert (report.released, report.sent) == (2, 2)
    assert send(ids, dead) == 0  # the old task, late
    assert len(mail.outbox) == 2


@pytest.mark.postgres
def test_the_next_sweep_takes_back_the_rows_of_a_dead_sender_and_leaves_a_live_ones(
    due, clock, settings
):
    settings.REMINDERS_CLAIM_TIMEOUT = 600  # never reached below
    live, dead = str(uuid.uuid4()), str(uuid.uuid4())
    with holding(live):  # another process, alive, holds its token
        kept = claims.claim_batch(live, now=NOW, limit=1)
        taken = claims.claim_batch(dead, now=NOW, limit=1)  # its process is gone

        report = services.sweep()

        assert (report.released, report.sent) == (1, 1)
        assert Reminder.objects.get(pk=kept[0]).status == Status.CLAIMED
        assert Reminder.objects.get(pk=taken[0]).status == Status.SENT
    assert services.sweep().released == 1  # the live one ended without sending
    assert len(mail.outbox) == 2


@pytest.mark.postgres
def test_a_sender_never_takes_back_its_own_rows(due, clock):
    with claims.held_claim() as claim:
        ids = claims.claim_batch(claim, now=NOW, limit=100)

        assert claims.release_abandoned(NOW, keep=claim) == (0, 0)
        assert set(Reminder.objects.filter(pk__in=ids).values_list("claim", flat=True)) == {
            uuid.UUID(claim)
        }


def test_attempts_count_sends_tried_not_rows_lost_before_a_send(due, clock, settings):
    settings.REMINDERS_CLAIM_TIMEOUT = 60
    first, second = due
    dead = str(uuid.uuid4())
    claims.claim_batch(dead, now=NOW, limit=100)
    reached = Reminder.objects.get(pk=first.pk)
    assert claims.start_attempt(reached, dead)  # the send started, then the worker was killed

    clock.move_to(NOW + timedelta(seconds=61))
    report = services.sweep()

    assert (report.released, report.sent) == (2, 2)
    attempts = dict(
        Reminder.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "attempts")
    )
    assert attempts == {first.pk: 2, second.pk: 1}


def test_a_reminder_whose_sender_died_on_every_attempt_is_failed(due, clock, settings):
    settings.REMINDERS_CLAIM_TIMEOUT = 60
    for attempt in range(claims.MAX_ATTEMPTS):
        clock.move_to(NOW + timedelta(minutes=2 * attempt))
        dead = str(uuid.uuid4())
        for pk in claims.claim_batch(dead, now=services.timezone.now(), limit=100):
            claims.start_attempt(Reminder.objects.get(pk=pk), dead)  # and the worker dies
        if attempt < claims.MAX_ATTEMPTS - 1:
            clock.move_to(NOW + timedelta(minutes=2 * attempt, seconds=61))
            assert claims.release_abandoned(services.timezone.now()) == (2, 0)

    clock.move_to(NOW + timedelta(minutes=2 * claims.MAX_ATTEMPTS))
    report = services.sweep()

    assert report.failed == 2 and report.sent == 0
    upcoming = Reminder.objects.filter(kind=Kind.UPCOMING_SESSION)
    assert {(r.status, r.attempts) for r in upcoming} == {(Status.FAILED, 5)}
    assert upcoming.first().last_error == claims.ABANDONED_ERROR


def test_smtp_errors_are_retried_with_backoff_then_failed(due, clock, flaky):
    reminder = due[0]
    for _ in range(claims.MAX_ATTEMPTS * 2):
        flaky.append(backends.unavailable())

    clock_at = NOW
    delays = []
    for attempt in range(1, claims.MAX_ATTEMPTS + 1):
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


def test_the_celery_sweep_starts_senders_and_sends_nothing_itself(due, monkeypatch):
    started = []
    monkeypatch.setattr(tasks, "start_sender", lambda: started.append(1))

    assert tasks.sweep() == 2

    assert len(started) == 1  # one sender per 25 rows due
    assert mail.outbox == []  # the senders send, not the sweep
    assert set(Reminder.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_a_sender_task_sends_what_is_due(due):
    assert tasks.send_due_reminders.delay().get() == 2
    assert len(mail.outbox) == 2


def test_a_sender_out_of_time_hands_over_to_a_fresh_task(due, monkeypatch):
    monkeypatch.setattr(sending, "SEND_BATCH", 1)
    monkeypatch.setattr(tasks, "SENDER_BUDGET_SECONDS", 0)
    handed = []
    monkeypatch.setattr(tasks, "start_sender", lambda: handed.append(1))

    assert tasks.send_due_reminders() == 1

    assert handed == [1]
    due = Reminder.objects.filter(kind__in=[Kind.UPCOMING_SESSION, Kind.SESSION_CHANGED])
    assert sorted(due.values_list("status", flat=True)) == [Status.PENDING, Status.SENT]


def test_a_large_backlog_is_sent_in_batches_by_a_bounded_number_of_senders(
    clock, pair, mentor, monkeypatch, settings
):
    monkeypatch.setattr(sending, "SEND_BATCH", 7)
    monkeypatch.setattr(services, "SEND_BATCH", 7)
    settings.REMINDERS_SENDERS = 3
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
    started = []

    assert services.sweep(hand_over=lambda: started.append(1)).senders == 3
    report = services.sweep()

    assert (report.due, report.claimed, report.sent) == (30, 30, 30)
