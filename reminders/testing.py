"""Real services for the integration test and the benchmark: a local SMTP server that
records what it accepts, and Celery worker and beat processes (no test in here)."""

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).parent / "celery"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """An aiosmtpd handler keeping the Message-ID of each message it accepts.

    `stall_after(n)`: once n messages are accepted, every later message is held before
    its answer (the client waits, nothing is accepted) until `release()`, which answers
    451, or `resume()`, which accepts them. That lets a test kill a worker while its SMTP
    transactions are in flight: the held message of a client that died is never accepted
    (aiosmtpd cancels its handler when the connection drops).
    """

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.messages: dict[str, bytes] = {}  # the last copy of each, by Message-ID
        self._lock = threading.Lock()
        self._stall_after: int | None = None
        self.stalled = threading.Event()
        self._released = threading.Event()
        self._accept_held = False
        self.held = 0  # messages waiting for their answer right now
        self.latency = 0.0  # seconds each message waits for its answer, as on a real server

    def stall_after(self, count: int) -> None:
        self._released.clear()
        self._accept_held = False
        self._stall_after = count

    def release(self) -> None:
        self._stall_after = None
        self._released.set()

    def resume(self) -> None:
        """Accept the held messages whose client is still there, and every later one."""
        self._accept_held = True
        self.release()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.message_ids)

    def copies(self) -> Counter:
        with self._lock:
            return Counter(self.message_ids)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self._stall_after is not None and self.count >= self._stall_after:
            self.stalled.set()
            self.held += 1
            try:
                while not self._released.is_set():
                    await asyncio.sleep(0.02)
            finally:
                self.held -= 1
            if not self._accept_held or server.transport is None:
                return "451 4.3.0 Try again later"
        if self.latency:
            await asyncio.sleep(self.latency)
        headers = BytesHeaderParser().parsebytes(envelope.content)
        with self._lock:
            self.message_ids.append(headers["Message-ID"])
            self.messages[headers["Message-ID"]] = envelope.content
        return "250 2.0.0 OK"


class SMTPServer:
    """aiosmtpd on 127.0.0.1, in a thread of this process."""

    def __init__(self) -> None:
        self.port = free_port()
        self.recorder = Recorder()
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SMTPServer":
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.recorder.release()
        self._controller.stop()


def database_url(settings_dict: dict) -> str:
    """The URL of the database Django is connected to (the test database, in a test)."""
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def service_env(
    *, database_url: str, redis_url: str, queue: str, smtp_port: int, **extra: str
) -> dict[str, str]:
    """The environment of a worker or beat process: real settings, real services."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="mentoring.settings",
        SECRET_KEY=env.get("SECRET_KEY") or "integration-test-only",
        DEBUG="",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="0",
        REDIS_URL=redis_url,
        CELERY_QUEUE=queue,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="",
        EMAIL_USE_SSL="",
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


class Process:
    """A Celery process in its own process group, its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._file: IO[bytes] = log.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603
            [str(CELERY), "-A", "mentoring", *args],
            cwd=BASE_DIR,
            env=env,
            stdout=self._file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.popen.poll() is not None:
                raise RuntimeError(f"celery exited:\n{self.output()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {text!r} from celery:\n{self.output()[-3000:]}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL to the whole group: the main process and its pool, mid-whatever."""
        self._signal(signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._file.close()

    def stop(self, timeout: float = 10) -> None:
        if self.popen.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.popen.wait(timeout=10)
        self._file.close()

    def _signal(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, number)


def start_worker(
    env: dict[str, str], log: Path, *, name: str, concurrency: int = 2, wait: bool = True
) -> Process:
    worker = Process(
        [
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            f"--hostname={name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            env["CELERY_QUEUE"],
        ],
        env,
        log,
    )
    if wait:
        worker.wait_for(" ready.")
    return worker


def start_beat(env: dict[str, str], folder: Path, *, name: str) -> Process:
    return Process(
        ["beat", "--loglevel=INFO", f"--schedule={folder / name}-schedule"],
        env,
        folder / f"{name}.log",
    )


def forget_queue(broker: Any, queue: str) -> None:
    """What a Redis restart does to a queue: its waiting messages and the unacknowledged
    ones (kombu keeps those in the `unacked` hash) are gone. Other queues are untouched."""
    broker.delete(queue)
    for tag, payload in broker.hscan_iter("unacked"):
        if json.loads(payload)[-1] == queue:
            broker.hdel("unacked", tag)
            broker.zrem("unacked_index", tag)


class RedisServer:
    """A redis-server of the test's own on a free port, keeping nothing on disk, that can be
    restarted as a crash would: SIGKILL, then a fresh empty server on the same port."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.popen: subprocess.Popen | None = None
        self.restarts = 0

    def start(self) -> None:
        import redis

        log = (self.folder / f"redis-{self.port}-{self.restarts}.log").open("wb")
        self.popen = subprocess.Popen(  # noqa: S603
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        client = redis.Redis.from_url(self.url)
        wait_until(lambda: _answers(client), timeout=10, what=f"redis-server on {self.port}")

    def crash(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(timeout=10)

    def restart(self, down_for: float = 1.0) -> None:
        self.crash()
        time.sleep(down_for)
        self.restarts += 1
        self.start()

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.crash()


def _answers(client: Any) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


def write_due_reminders(wanted: int, *, sessions_per_pair: int = 10) -> int:
    """About `wanted` "coming up" reminders due at once, written as at publication: a running
    programme, active pairs in bulk, sessions within the next day. How many were written."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from meetings.models import Meeting
    from reminders import planning
    from reminders.models import Reminder

    pairs = _write_pairs(max(1, wanted // (2 * sessions_per_pair)))
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=20)
    for number, pair in enumerate(pairs):
        with transaction.atomic():
            meetings = Meeting.objects.bulk_create(
                Meeting(pair=pair, starts_at=start + timedelta(minutes=number + 7 * session))
                for session in range(sessions_per_pair)
            )
            planning.meetings_changed(meetings)  # as the schedule at publication
    return Reminder.objects.filter(kind=Reminder.Kind.UPCOMING_SESSION).count()


def _write_pairs(count: int) -> list:
    """A running programme (no manager, so no digest) and `count` active pairs, in bulk."""
    from django.utils import timezone

    from enrolments.models import Enrolment
    from meetings.testing import make_running_programme
    from pairing.models import Pair
    from people.models import User
    from people.testing import make_person

    hr = make_person(password=None, is_hr_admin=True, grade=12)
    sponsor = make_person(password=None, is_executive=True, grade=18)
    programme = make_running_programme(hr_admin=hr, executive=sponsor)
    programme.managers.clear()
    people = User.objects.bulk_create(
        User(
            email=f"reminded{number}@example.com",
            name=f"Reminded Person {number}",
            grade=3 if number % 2 == 0 else 15,
            preferred_language="fr" if number % 2 == 0 else "en",
            time_zone="Europe/Paris" if number % 2 == 0 else "America/New_York",
            password="!",  # noqa: S106 (unusable)
        )
        for number in range(2 * count)
    )
    now = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            person=person,
            role="mentor" if number % 2 == 0 else "mentee",
            status="approved",
            capacity=1 if number % 2 == 0 else None,
            decided_at=now,
        )
        for number, person in enumerate(people)
    )
    return Pair.objects.bulk_create(
        Pair(
            programme=programme,
            mentor=enrolments[2 * number],
            mentee=enrolments[2 * number + 1],
            mentor_person=people[2 * number],
            mentee_person=people[2 * number + 1],
            status="active",
            published_at=now,
        )
        for number in range(count)
    )
