"""CPU and queries per page of the load test's journeys, one persona per role.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/page_costs.py
    .venv/bin/python bench/page_costs.py --reuse --requests 30 --only "pair page"

The wall-clock figures of a load run depend on everything else the machine does; the CPU
a request costs does not, or much less. This script builds the data of `bench/load.py`
(the demo company and a running programme of 1,500 pairs and 9,000 sessions, on the
PostgreSQL server of DATABASE_URL, in a database of its own, `bench_costs`; `--reuse`
keeps the one a previous run built), then, in this process, with production settings
(DEBUG off, Redis as the cache when it answers on 127.0.0.1), signs in as one person of
each role of `bench/load_users.py` (password, then the authenticator code for HR and
executives) and requests each page of that role's journeys with Django's test client.

For each page it prints the SQL queries and the function calls (Python's and C's, counted
by cProfile: a figure the machine's other work leaves alone, to compare two versions of a
page) of one request; the median and the least CPU time of this process per request
(Django, the templates, the test client: `time.process_time`; on a machine shared with
other work the least is the steadier figure); and the mean CPU time of the PostgreSQL
server process that answered them (read from /proc, whose clock ticks are 10 ms: a mean
over the requests). The forms are posted as the load test posts them, following the
redirect, by the second person of the role, so that the pages read stay the same.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import LARGE_PAIRS, PASSWORD, PLAN, PREPARE_ACCOUNTS, create_database  # noqa: E402

DATABASE = "bench_costs"
REDIS_URL = "redis://127.0.0.1:6379/6"
QUEUE = "tandem-costs"


def settings_env(server: str, redis: bool) -> dict[str, str]:
    """Production settings on the test client's host; Redis as the cache when it answers."""
    return {
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"{server}/{DATABASE}",
        "CONN_MAX_AGE": "60",
        "REDIS_URL": REDIS_URL if redis else "",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "BEHIND_PROXY": "1",
        "MFA_REQUIRED_FOR_ROLES": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
        "CELERY_QUEUE": QUEUE,
    }


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def build(env: dict[str, str], server: str) -> dict:
    """The load test's database and accounts (its own steps, on `bench_costs`)."""
    python = sys.executable
    full = {**os.environ, **env}
    print(f"Building {DATABASE}: migrate, seed_demo, {LARGE_PAIRS} pairs …", flush=True)
    create_database(DATABASE, server)
    for command in (
        ["manage.py", "migrate", "--no-input", "-v", "0"],
        ["manage.py", "seed_demo", "--allow-without-debug"],
    ):
        subprocess.run([python, *command], cwd=ROOT, env=full, check=True)  # noqa: S603
    prepared = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [python, "-c", PREPARE_ACCOUNTS, json.dumps(PLAN), PASSWORD, str(LARGE_PAIRS)],
        cwd=ROOT,
        env=full,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(prepared.stdout.strip().splitlines()[-1])


def totp_code(secret: str) -> str:
    counter = int(time.time()) // 30
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(client, account: dict) -> None:  # noqa: ANN001 (django.test.Client)
    answer = client.post(
        "/accounts/login/", {"login": account["email"], "password": PASSWORD}, follow=True
    )
    # A code is taken once: a second sign-in within the same 30 seconds waits for the next.
    for _attempt in range(3):
        landed = (
            answer.redirect_chain[-1][0] if answer.redirect_chain else answer.request["PATH_INFO"]
        )
        if "/2fa/authenticate/" not in landed:
            break
        if _attempt:
            time.sleep(30 - time.time() % 30 + 1)
        answer = client.post(
            "/accounts/2fa/authenticate/", {"code": totp_code(account["totp"])}, follow=True
        )
    if client.get("/").status_code != 200:
        raise SystemExit(f"{account['email']} could not sign in")


@dataclass
class Page:
    role: str
    name: str
    url: str
    data: Callable[[int], dict] | None = None  # a form posted (following the redirect)
    lands_on: str = ""
    person: int = 0  # which person of the role: the forms are posted by another one


def journeys(accounts: dict) -> list[Page]:
    """The pages of bench/load_users.py, for the first person of each role; the forms are
    posted by the second pair, so that the pages read stay the same from run to run."""
    people, programmes = accounts["people"], accounts["programmes"]
    pages: list[Page] = []
    for role in ("mentor", "mentee"):
        pair, session = people[role][0]["pair"], people[role][0]["sessions"][0]
        writer, written = people[role][1]["pair"], people[role][1]["sessions"][0]
        pages += [
            Page(role, "home", "/"),
            Page(role, "my sessions", "/sessions/"),
            Page(role, "pair page", f"/sessions/pair/{pair}/"),
            Page(role, "session page", f"/sessions/{session}/"),
            Page(role, "calendar", "/sessions/calendar/"),
            Page(role, "my reminders", "/reminders/"),
            Page(role, "my surveys", "/evaluation/mine/"),
            Page(role, "my programmes", "/enrolments/mine/"),
            Page(
                role,
                "journal (post)",
                f"/sessions/{written}/journal/",
                lambda n: {"text": f"Journal entry {n} written by the cost bench."},
                f"/sessions/{written}/",
                person=1,
            ),
            Page(role, "plan a session (form)", f"/sessions/pair/{pair}/add/"),
            Page(
                role,
                "plan a session (post)",
                f"/sessions/pair/{writer}/add/",
                _new_session(role),
                f"/sessions/pair/{writer}/",
                person=1,
            ),
        ]
    pages += [
        Page("volunteer", "home", "/"),
        Page("volunteer", "open programmes", "/enrolments/"),
        Page("volunteer", "programme detail", f"/programmes/{programmes['volunteer'][0]}/"),
        Page("volunteer", "my programmes", "/enrolments/mine/"),
    ]
    large = programmes["large"]
    pages += [
        Page("hr", "home", "/"),
        Page("hr", "programmes list", "/programmes/"),
        Page("hr", "programme detail", f"/programmes/{programmes['hr'][0]}/"),
        Page("hr", "programme detail (1,500 pairs)", f"/programmes/{large}/"),
        Page("hr", "directory", "/people/"),
        Page("hr", "directory (search)", "/people/?q=mar"),
        Page("hr", "enrolment review", f"/enrolments/review/{programmes['open'][0]}/"),
        Page("hr", "published pairs (1,500)", f"/pairing/programme/{large}/pairs/"),
        Page("hr", "programme dashboard (1,500 pairs)", f"/evaluation/programmes/{large}/"),
        Page("hr", "pairs of a programme (HR)", f"/evaluation/programmes/{large}/pairs/"),
        Page("hr", "reminders (HR)", "/reminders/hr/"),
    ]
    if programmes["pairing"]:
        pairing = f"/pairing/programme/{programmes['pairing']}/"
        pages.insert(-4, Page("hr", "pairing round", pairing))
    pages += [
        Page("exec", "home", "/"),
        Page("exec", "programmes list", "/programmes/"),
        Page("exec", "programme detail", f"/programmes/{programmes['exec'][0]}/"),
        Page("exec", "dashboard", accounts["dashboard"]),
        Page("exec", "programme dashboard (1,500 pairs)", f"/evaluation/programmes/{large}/"),
    ]
    return pages


def _new_session(role: str) -> Callable[[int], dict]:
    """A new session at a random quarter hour of the next weeks, as the load test posts (one
    that clashes with the person's diary is refused with a message, and counted)."""
    today = datetime.datetime.now(tz=datetime.UTC).date()
    rng = random.Random()  # noqa: S311 (a bench's dates, not secrets)

    def data(n: int) -> dict:
        day = today + datetime.timedelta(days=rng.randint(2, 40))
        return {
            "day": day.isoformat(),
            "at": f"{rng.randint(8, 17):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "duration_minutes": 60,
            "mode": "video",
            "place": "",
            "video_link": "",
        }

    return data


def backend_ticks(connection) -> tuple[int, int]:  # noqa: ANN001 (a Django connection)
    """(pid, user+system clock ticks) of the PostgreSQL process serving this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return pid, -1
    return pid, int(fields[11]) + int(fields[12])


class Counter:
    serial = 0


def request(client, page: Page) -> bool:  # noqa: ANN001 (django.test.Client)
    """Whether the form was taken (a page: always, or the script stops)."""
    if page.data is None:
        # Inside a transaction, a dashboard's reads run in one lane, on this thread and this
        # connection (common/snapshot.py): the calls, queries and database time counted
        # here are all of the page's, not those of its first lane alone.
        from django.db import transaction

        with transaction.atomic():
            answer = client.get(page.url)
        if answer.status_code != 200:
            raise SystemExit(f"{page.role} {page.name}: HTTP {answer.status_code}")
        return True
    Counter.serial += 1
    answer = client.post(page.url, page.data(Counter.serial), follow=True)
    landed = urlsplit(answer.redirect_chain[-1][0]).path if answer.redirect_chain else ""
    if answer.status_code != 200 or landed != page.lands_on:
        found = re.findall(r'class="(?:alert|invalid-feedback)[^"]*"[^>]*>\s*([^<]+)', answer.text)
        if "already has a session" in answer.text:
            return False  # a clash in the diary: the person is told, as under load
        message = "; ".join(text.strip() for text in found)
        raise SystemExit(f"{page.role} {page.name}: landed on {landed or page.url}: {message}")
    return True


def function_calls(client, page: Page) -> int:  # noqa: ANN001 (django.test.Client)
    """The Python and C function calls of one request: a count that the machine's other work
    does not change, to compare two versions of a page."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(request, client, page)
    return pstats.Stats(profiler).total_calls


def measure(client, page: Page, requests: int) -> tuple[int, int, list[float], float, int]:  # noqa: ANN001
    """Queries and function calls of one request, CPU ms here of each request, mean CPU ms
    of the database server, and how many of the forms posted were refused."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request(client, page)  # warm the templates, the caches and the connection
    with CaptureQueriesContext(connection) as captured:
        request(client, page)
    queries = len(captured)  # read now: the next request empties the log it reads
    calls = function_calls(client, page)
    pid, ticks = backend_ticks(connection)
    cpu, refused = [], 0
    for _ in range(requests):
        start = time.process_time()
        refused += not request(client, page)
        cpu.append((time.process_time() - start) * 1000)
    pid_after, ticks_after = backend_ticks(connection)
    database = float("nan")
    if pid == pid_after and ticks >= 0 and ticks_after >= 0:
        database = (ticks_after - ticks) * 1000 / os.sysconf("SC_CLK_TCK") / requests
    return queries, calls, cpu, database, refused


def profile(client, page: Page, top: int) -> None:  # noqa: ANN001 (django.test.Client)
    """The calls that cost the most over ten requests, by their own time and in all."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        request(client, page)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    # Tandem's own code and templates' tags, by the time spent in them and their callees.
    own = f"^{ROOT}/(?!\\.venv)"
    stats.sort_stats("cumulative").print_stats(own, top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help=f"keep {DATABASE} as it is")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--role", default="", help="one role only")
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print each page's N costliest calls"
    )
    options = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server")
    server = f"{parts.scheme}://{parts.netloc}"
    env = settings_env(server, redis_answers())
    saved = Path(tempfile.gettempdir()) / f"tandem-{DATABASE}.json"
    if options.reuse and saved.exists():
        accounts = json.loads(saved.read_text())
        # Other changes may have added a migration since.
        migrate = [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"]
        subprocess.run(migrate, cwd=ROOT, env={**os.environ, **env}, check=True)  # noqa: S603
    else:
        accounts = build(env, server)
        saved.write_text(json.dumps(accounts))
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # No setup_test_environment(): its instrumented template rendering copies each
    # template's context for the test client, a cost no server pays.
    cache = "Redis" if env["REDIS_URL"] else "local memory"
    print(
        f"Production settings, PostgreSQL {DATABASE}, {cache} cache; {options.requests}"
        " requests a page\n"
    )
    print(
        f"{'role':<9} {'page':<36} {'queries':>7} {'calls':>8} {'cpu ms':>8} {'min':>7}"
        f" {'db ms':>7}"
    )
    clients: dict[tuple[str, int], Client] = {}
    for number, page in enumerate(journeys(accounts)):
        if options.only and options.only not in page.name:
            continue
        if options.role and page.role != options.role:
            continue
        who = (page.role, page.person)
        if who not in clients:
            clients[who] = Client(HTTP_X_FORWARDED_FOR=f"10.9.0.{number + 1}")
            sign_in(clients[who], accounts["people"][page.role][page.person])
        queries, calls, cpu, database, refused = measure(clients[who], page, options.requests)
        note = f"  ({refused} refused: a clash)" if refused else ""
        print(
            f"{page.role:<9} {page.name:<36} {queries:>7} {calls / 1000:>7.0f}k"
            f" {statistics.median(cpu):>8.1f} {min(cpu):>7.1f} {database:>7.1f}{note}",
            flush=True,
        )
        if options.show_queries:
            with CaptureQueriesContext(connection) as captured:
                request(clients[who], page)
            for query in captured:
                print(f"    {query['sql'][:300]}")
        if options.profile:
            profile(clients[who], page, options.profile)
    load = os.getloadavg()
    print(f"\nLoad average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs")
    if env["REDIS_URL"]:
        import redis

        redis.Redis.from_url(REDIS_URL).delete(QUEUE)  # the tasks nobody here runs
    return 0


if __name__ == "__main__":
    sys.exit(main())
