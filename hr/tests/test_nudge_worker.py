"""HR's nudges through the real outbox: Redis, a Celery worker killed with SIGKILL while its
SMTP transactions are in flight, the queue emptied as a Redis restart would, a second
worker and a beat. Every member receives HR's message once, in their own language.

Run it with REDIS_URL and a PostgreSQL DATABASE_URL (the worker must see the test database,
so the test commits: transaction=True).
"""

import uuid
from datetime import timedelta
from email import message_from_bytes

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from hr import nudges
from meetings.testing import make_pair, make_running_programme
from mentoring.celery import app
from pairing.models import Pair
from people.testing import make_person
from programmes.testing import ensure_seeded_topics
from reminders import sweeping
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
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

PAIRS = 12
CLAIM_TIMEOUT = 3600  # never reached: PostgreSQL tells the sweep that the worker is gone


@pytest.fixture
def settings_fixture(settings):
    settings.REMINDERS_CLAIM_TIMEOUT = CLAIM_TIMEOUT
    return settings


def nudged(hr_admin, executive) -> dict[str, str]:
    """PAIRS pairs at risk, mentors reading French and mentees English, all nudged by HR at
    once; each member's email address and language."""
    ensure_seeded_topics()  # an earlier transactional test may have flushed them
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    programme.managers.clear()  # no alert to HR: only the nudges are due
    pairs = []
    for number in range(PAIRS):
        pair = make_pair(
            programme=programme,
            mentor=make_person(grade=3, preferred_language="fr", name=f"Mentor {number}"),
            mentee=make_person(grade=15, preferred_language="en", name=f"Mentee {number}"),
        )
        Pair.objects.filter(pk=pair.pk).update(published_at=timezone.now() - timedelta(days=60))
        pairs.append(pair)
    outcome = nudges.nudge(
        pairs=pairs, by=hr_admin, batch=str(uuid.uuid4()), note="Un mot de Hélène."
    )
    assert outcome.emails == 2 * PAIRS
    return {
        person.email: person.preferred_language
        for pair in pairs
        for person in (pair.mentor_person, pair.mentee_person)
    }


def test_every_member_gets_hrs_nudge_once_through_a_killed_worker(
    hr_admin, executive, settings_fixture, tmp_path
):
    queue = f"tandem-nudges-test-{uuid.uuid4().hex[:8]}"
    broker = redis.Redis.from_url(settings.REDIS_URL)
    readers = nudged(hr_admin, executive)
    rows = Reminder.objects.filter(kind=Reminder.Kind.PAIR_NUDGE)
    sent = rows.filter(status=Reminder.Status.SENT)
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
            smtp.recorder.stall_after(len(readers) // 3)
            report = sweeping.sweep(
                hand_over=lambda: app.send_task("reminders.tasks.send_due_reminders", queue=queue)
            )
            assert report.due >= len(readers)

            assert smtp.recorder.stalled.wait(timeout=30), first.output()[-3000:]
            wait_until(
                lambda: sent.count() == smtp.recorder.count,
                timeout=10,
                what="accepted messages to be marked sent",
            )
            first.kill()
            assert 0 < sent.count() < len(readers)
            forget_queue(broker, queue)
            smtp.recorder.release()

            second = start_worker(env, tmp_path / "worker-2.log", name="second", wait=False)
            processes.append(second)
            processes.append(start_beat(env, tmp_path, name="beat"))
            second.wait_for(" ready.")
            wait_until(
                lambda: sent.count() == len(readers),
                timeout=45,
                what=f"{len(readers)} nudges sent ({sent.count()} so far)",
            )
            wait_until(
                lambda: "reminders.tasks.sweep" in processes[-1].output(),
                timeout=10,
                what="a sweep from the beat",
            )
            copies = smtp.recorder.copies()
            received = dict(smtp.recorder.messages)
    finally:
        for process in reversed(processes):
            process.stop()
        forget_queue(broker, queue)

    nudge_ids = {row.message_id for row in rows}
    assert {key: copies[key] for key in nudge_ids} == {key: 1 for key in nudge_ids}
    assert rows.filter(attempts=2).exists()  # those in flight were tried again, once
    for row in rows.select_related("recipient"):
        message = message_from_bytes(received[row.message_id])
        assert message["Content-Language"] == readers[row.recipient.email]
        assert message["X-Tandem-Reminder"] == Reminder.Kind.PAIR_NUDGE
