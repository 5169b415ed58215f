"""Real services for the integration test and the benchmark: a local SMTP server that
records what it accepts, and Celery worker and beat processes (no test in here)."""

import asyncio
import contextlib
import json
import os
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """An aiosmtpd handler keeping the Message-ID of each message it accepts.

    `stall_after(n)`: once n messages are accepted, every later message is held before
    its answer (the client waits, nothing is accepted) until `release()`, which answers
    451. That lets a test kill a worker while its SMTP transactions are in flight.
    """

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self._lock = threading.Lock()
        self._stall_after: int | None = None
        self.stalled = threading.Event()
        self._released = threading.Event()

    def stall_after(self, count: int) -> None:
        self._stall_after = count

    def release(self) -> None:
        self._stall_after = None
        self._released.set()

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
            while not self._released.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 Try again later"
        headers = BytesHeaderParser().parsebytes(envelope.content)
        with self._lock:
            self.message_ids.append(headers["Message-ID"])
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


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)
