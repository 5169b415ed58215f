"""Benchmark: how long 10,000 due reminders take to reach an SMTP server, with two workers.

    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/reminders.py
    REDIS_URL=... .venv/bin/python bench/reminders.py --reminders 2000 --workers 1

Real services end to end: a PostgreSQL database `bench_reminders` (created, migrated and
dropped by this script; the server is BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432), Redis as the broker (on a queue of its own), two
`celery -A mentoring worker --concurrency=1` processes, and an aiosmtpd server on
127.0.0.1 that counts what it accepts. The reminders are "coming up" reminders with their
.ics, written by reminders.planning.meetings_changed for sessions within N days.

Timed: from the sweep (claim and enqueue, as the beat job does) until the SMTP server has
accepted every message and the database holds every reminder as sent. Exits 1 if the target
(2 minutes) is missed or a reminder was delivered twice or not at all. Each worker's sender
sends over REMINDERS_SENDER_THREADS (4) SMTP connections at once.
"""

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_SECONDS = 120
SESSIONS_PER_PAIR = 10
DATABASE = "bench_reminders"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print("Set REDIS_URL (for example redis://127.0.0.1:6379/0).")
        return 2
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    database_url = f"{server.rstrip('/')}/{DATABASE}"
    queue = f"tandem-bench-{uuid.uuid4().hex[:8]}"

    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {DATABASE}")
    from reminders.testing import SMTPServer, forget_queue, service_env

    with SMTPServer() as smtp:
        env = service_env(
            database_url=database_url, redis_url=redis_url, queue=queue, smtp_port=smtp.port
        )
        os.environ.update(env)
        try:
            return run(arguments, env, smtp, queue)
        finally:
            from django.db import connections

            connections.close_all()
            admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            import redis

            forget_queue(redis.Redis.from_url(redis_url), queue)


def run(arguments: argparse.Namespace, env: dict, smtp, queue: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from reminders.testing import start_worker

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    total = write_reminders(arguments.reminders)
    folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    workers = [
        start_worker(env, folder / f"worker-{n}.log", name=f"bench{n}", concurrency=1)
        for n in range(1, arguments.workers + 1)
    ]
    try:
        claimed, swept, elapsed = deliver(total, smtp)
    finally:
        for worker in workers:
            worker.stop()
    copies = smtp.recorder.copies()
    twice = sum(1 for count in copies.values() if count > 1)
    print(
        f"{total} reminders reached the SMTP server in {elapsed:.1f} s with "
        f"{arguments.workers} worker processes ({total / elapsed:.0f} per second; "
        f"the sweep found {claimed} due and started senders in {swept:.1f} s)"
    )
    print(f"distinct messages: {len(copies)}, delivered twice: {twice}, target: {TARGET_SECONDS} s")
    # The machine is shared: a high load stretches the time without more work.
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    ok = len(copies) == total and twice == 0 and elapsed < TARGET_SECONDS
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


def write_reminders(wanted: int) -> int:
    """About `wanted` "coming up" reminders, written as at publication (not timed)."""
    from reminders.testing import write_due_reminders

    started = time.perf_counter()
    total = write_due_reminders(wanted, sessions_per_pair=SESSIONS_PER_PAIR)
    print(f"{total} due reminders written in {time.perf_counter() - started:.1f} s", flush=True)
    return total


def deliver(total: int, smtp) -> tuple[int, float, float]:
    """Sweep as the beat job does, then wait until every reminder is accepted and marked sent:
    (claimed, seconds to sweep, seconds in all)."""
    from reminders import sweeping, tasks
    from reminders.models import Reminder
    from reminders.testing import wait_until

    began = time.perf_counter()
    report = sweeping.sweep(hand_over=tasks.start_sender)
    swept = time.perf_counter() - began
    sent = Reminder.objects.filter(status=Reminder.Status.SENT)
    wait_until(
        lambda: smtp.recorder.count >= total and sent.count() >= total,
        timeout=TARGET_SECONDS * 3,
        what="every reminder",
    )
    return report.due, swept, time.perf_counter() - began


if __name__ == "__main__":
    sys.exit(main())
