"""The real thing: Redis, Celery worker and beat processes, an SMTP server on 127.0.0.1.

Senders are started; the worker is killed with SIGKILL while its SMTP transactions are in
flight; the queue is emptied as a Redis restart would; a new worker and two beat processes
take over. Every reminder reaches the SMTP server exactly once, and the killed worker's rows
are taken back by the next sweep, not after the claim timeout.

Run it with REDIS_URL and a PostgreSQL DATABASE_URL (the workers must see the test
database, so the test commits: transaction=True).
"""

import uuid
from datetime import timedelta
from email import message_from_bytes

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from meetings import services as meetings
from meetings.models import Meeting
from meetings.testing import make_pair, make_running_programme
from mentoring.celery import app
from people.testing import make_person
from programmes.testing import ensure_seeded_topics
from reminders import sweeping as services
from reminders.models import Reminder
from reminders.testing import (
    SMTPServer,
    database_url,
    forget_queue,
    service_env,
    start_beat,
    start_worker,
    wait_until,
)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # This process is eager (test settings) but hands the batches to the real broker.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

PAIRS, SESSIONS_PER_PAIR = 4, 6
CLAIM_TIMEOUT = 3600  # never reached: PostgreSQL tells the sweep that the worker is gone


def due_reminders(hr_admin, executive) -> int:
    """Each pair's mentor adds sessions tomorrow: the mentor's "coming up" reminder and the
    notice telling the mentee, both due at once. In the first pair the mentee then moves one
    session and cancels another: the mentor is told of each at once. How many are due."""
    ensure_seeded_topics()  # an earlier transactional test may have flushed them
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    for number in range(PAIRS):
        pair = make_pair(
            programme=programme,
            mentor=make_person(grade=3, preferred_language="fr"),
            mentee=make_person(grade=15),
        )
        added = [
            meetings.add_meeting(
                pair=pair,
                by=pair.mentor_person,
                starts_at=start + timedelta(hours=session, minutes=number),
                duration_minutes=45,
            )
            for session in range(SESSIONS_PER_PAIR)
        ]
        if number == 0:
            moved, cancelled = added[0], added[1]
            meetings.reschedule_meeting(
                meeting=moved,
                by=pair.mentee_person,
                starts_at=moved.starts_at + timedelta(days=3),
                duration_minutes=45,
            )
            meetings.cancel_meeting(meeting=cancelled, by=pair.mentee_person, reason="Panne")
    return Reminder.objects.filter(
        status=Reminder.Status.PENDING, due_at__lte=timezone.now()
    ).count()


def test_every_reminder_is_delivered_exactly_once_through_a_killed_worker_and_two_beats(
    hr_admin, executive, settings_fixture, tmp_path
):
    queue = f"tandem-reminders-test-{uuid.uuid4().hex[:8]}"
    broker = redis.Redis.from_url(settings.REDIS_URL)
    expected = due_reminders(hr_admin, executive)
    processes = []
    try:
        with SMTPServer() as smtp:
            env = service_env(
                database_url=database_url(connection.settings_dict),
                redis_url=settings.REDIS_URL,
                queue=queue,
                smtp_port=smtp.port,
                REMINDERS_CLAIM_TIMEOUT=str(CLAIM_TIMEOUT),
                REMINDERS_SWEEP_SECONDS="1",
            )
            first = start_worker(env, tmp_path / "worker-1.log", name="first")
            processes.append(first)

            # A sweep starts senders through Redis.
            smtp.recorder.stall_after(expected // 4)
            report = services.sweep(
                hand_over=lambda: app.send_task("reminders.tasks.send_due_reminders", queue=queue)
            )
            assert report.due >= expected  # and HR's weekly digest, on some days

            # Mid-batch: some sent, the next SMTP transactions held open. Once what the
            # server accepted is committed as sent, kill the worker's whole process group.
            assert smtp.recorder.stalled.wait(timeout=30), first.output()[-3000:]
            sent = Reminder.objects.filter(status=Reminder.Status.SENT)
            wait_until(
                lambda: sent.count() == smtp.recorder.count,
                timeout=10,
                what="accepted messages to be marked sent",
            )
            first.kill()
            assert 0 < sent.count() < report.due
            # Redis restarted with nothing on disk: the queued batches are gone.
            forget_queue(broker, queue)
            smtp.recorder.release()

            second = start_worker(env, tmp_path / "worker-2.log", name="second", wait=False)
            processes.append(second)
            processes.append(start_beat(env, tmp_path, name="beat-1"))
            processes.append(start_beat(env, tmp_path, name="beat-2"))
            second.wait_for(" ready.")

            wait_until(
                lambda: sent.count() == report.due,
                timeout=45,
                what=f"{report.due} reminders sent ({sent.count()} so far)",
            )
            # The beats go on sweeping for a moment: nothing is sent again.
            wait_until(
                lambda: "reminders.tasks.sweep" in processes[-1].output(),
                timeout=10,
                what="a sweep from the second beat",
            )
            copies = smtp.recorder.copies()
            received = dict(smtp.recorder.messages)
    finally:
        for process in reversed(processes):
            process.stop()
        forget_queue(broker, queue)

    sent_ids = set(
        Reminder.objects.filter(status=Reminder.Status.SENT).values_list("code", flat=True)
    )
    assert len(sent_ids) == report.due
    assert set(copies) == {f"<reminder.{code}@tandem>" for code in sent_ids}
    assert max(copies.values()) == 1, [key for key, count in copies.items() if count > 1]
    told = Reminder.objects.filter(
        kind__in=[
            Reminder.Kind.UPCOMING_SESSION,
            Reminder.Kind.SESSION_CHANGED,
            Reminder.Kind.SESSION_CANCELLED,
        ],
        status=Reminder.Status.SENT,
    )
    assert told.count() == expected
    # The messages in flight when the worker was killed were tried again by another sender.
    assert told.filter(attempts=2).exists()
    assert not told.filter(attempts__gt=2).exists()
    # The mentee's move and cancellation reached the (French) mentor once each, with the
    # next SEQUENCE, as REQUEST and CANCEL.
    for kind, method in (
        (Reminder.Kind.SESSION_CHANGED, "METHOD:REQUEST"),
        (Reminder.Kind.SESSION_CANCELLED, "METHOD:CANCEL"),
    ):
        notice = told.get(kind=kind, recipient__preferred_language="fr")
        assert copies[notice.message_id] == 1
        message = message_from_bytes(received[notice.message_id])
        assert message["Content-Language"] == "fr"
        calendar = next(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/calendar"
        )
        assert method in calendar and "SEQUENCE:1" in calendar
    # A session the mentor added reached the (English) mentee once, as a REQUEST with the
    # first SEQUENCE.
    added = told.filter(
        kind=Reminder.Kind.SESSION_CHANGED,
        recipient__preferred_language="en",
        meeting__sequence=0,
        meeting__status=Meeting.Status.PLANNED,
    ).first()
    assert added is not None
    assert copies[added.message_id] == 1
    message = message_from_bytes(received[added.message_id])
    assert message["Content-Language"] == "en"
    calendar = next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    )
    assert "METHOD:REQUEST" in calendar and "SEQUENCE:0" in calendar


@pytest.fixture
def settings_fixture(settings):
    """This process sweeps with the workers' claim timeout."""
    settings.REMINDERS_CLAIM_TIMEOUT = CLAIM_TIMEOUT
    return settings
