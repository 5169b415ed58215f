"""Server time and queries of the home page for a mentor with 5 pairs and 60 sessions.

    .venv/bin/python bench/home.py [--pairs 5] [--sessions 60] [--requests 100]

Runs on a throw-away test database built from the default database of the environment
(a temporary SQLite file when DATABASE_URL is unset, otherwise `bench_home` next to
DATABASE_URL's database). The mentor's pairs are in five running programmes; their
sessions are spread over the pairs: held ones in the past (some without the mentor's
feedback), some planned in the past (to log), the rest to come, one with a video link.
It then requests the home page with Django's test client, signed in as that mentor, and
prints the median and 95th percentile of the server time in milliseconds, the CPU time
p95 of this process and the SQL queries per request, and the same for a mentor with a
single pair and a few sessions: the query count must be the same.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings.models import Agreement, Meeting  # noqa: E402
from meetings.testing import make_pair, make_running_programme  # noqa: E402
from people.models import User  # noqa: E402
from people.testing import make_person  # noqa: E402
from programmes.testing import ensure_seeded_topics  # noqa: E402

TARGET_MS = 150


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def measure(client: Client, label: str, requests: int) -> tuple[float, int]:
    url = reverse("home")
    client.get(url)  # warm the templates and the database's own caches
    times, cpu, queries = [], [], 0
    for _ in range(requests):
        reset_queries()
        start, start_cpu = time.perf_counter(), time.process_time()
        answer = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{label}: HTTP {answer.status_code}")
        queries = len(connection.queries)
    p95 = percentile(times, 0.95)
    print(
        f"{label:<36} {requests:>8} {statistics.median(times):>9.1f} {p95:>9.1f} "
        f"{percentile(cpu, 0.95):>9.1f} {queries:>8}"
    )
    return p95, queries


class MentorDiary:
    """A mentor with `pairs` pairs in as many running programmes and `sessions` sessions."""

    def __init__(self, pairs: int, sessions: int, suffix: str) -> None:
        self.hr = make_person(email=f"hr-{suffix}@example.com", is_hr_admin=True)
        self.executive = make_person(email=f"exec-{suffix}@example.com", is_executive=True)
        self.mentor = make_person(email=f"mentor-{suffix}@example.com", name="Zoé Junior")
        self.pairs = [self._pair(number, suffix) for number in range(pairs)]
        self._sessions(sessions)

    def _pair(self, number: int, suffix: str):
        programme = make_running_programme(
            hr_admin=self.hr, executive=self.executive, slug=f"{suffix}-{number}"
        )
        mentee = make_person(email=f"mentee-{suffix}-{number}@example.com")
        pair = make_pair(programme=programme, mentor=self.mentor, mentee=mentee)
        if number % 2:
            Agreement.objects.create(pair=pair)
        return pair

    def _sessions(self, count: int) -> None:
        now = timezone.now()
        rows = []
        for number in range(count):
            pair = self.pairs[number % len(self.pairs)]
            offset = timedelta(days=number - count // 2, hours=number % 7)
            starts_at = now + offset
            held = offset < -timedelta(days=3)
            rows.append(
                Meeting(
                    pair=pair,
                    starts_at=starts_at,
                    status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
                    logged_at=now if held else None,
                    video_link="https://meet.example.com/zoe" if number == count - 1 else "",
                )
            )
        Meeting.objects.bulk_create(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--requests", type=int, default=100)
    options = parser.parse_args()

    setup_test_environment()
    with tempfile.TemporaryDirectory() as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        else:
            connection.settings_dict["TEST"]["NAME"] = "bench_home"
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            ensure_seeded_topics()
            big = MentorDiary(options.pairs, options.sessions, "big").mentor
            small = MentorDiary(1, 4, "small").mentor
            run(big, small, options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Django {django.get_version()}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end"
    )


def run(big: User, small: User, options: argparse.Namespace) -> None:
    header = ("home page", "requests", "p50 ms", "p95 ms", "cpu p95", "queries")
    print(f"{header[0]:<36} " + " ".join(f"{h:>9}" for h in header[1:]))
    with override_settings(DEBUG=True):  # so that connection.queries records
        client = Client()
        client.force_login(small)
        _, few = measure(client, "mentor, 1 pair, 4 sessions", options.requests)
        client.force_login(big)
        label = f"mentor, {options.pairs} pairs, {options.sessions} sessions"
        p95, many = measure(client, label, options.requests)
    print(f"Queries constant in pairs and sessions: {'yes' if few == many else 'NO'}")
    print(f"Target p95 < {TARGET_MS} ms: {'met' if p95 < TARGET_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
