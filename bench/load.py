"""Load: a whole company uses Tandem at once, through gunicorn, PostgreSQL, Redis and Celery.

    .venv/bin/python bench/load.py                 # 3 minutes, 100 users
    .venv/bin/python bench/load.py --duration 30   # a shorter run
    .venv/bin/python bench/load.py --reuse         # on the database of the previous run

What it does, in order:
1. (re)creates the PostgreSQL database `bench_load` on 127.0.0.1, migrates it, loads the
   demo company (`seed_demo`) and adds a running programme at the scale of AXA's (1,500
   pairs, 9,000 sessions, their feedback and surveys: evaluation.testing), then gives 100
   people a password: 30 mentors and 30 mentees of that programme's pairs, 10 volunteers
   of the demo programmes, 20 HR admins who manage the large programme and 10 executives
   (one its sponsor). HR admins and executives sign in with an authenticator app, as in
   production. Then it gathers the planner's statistics (VACUUM ANALYZE), as autovacuum
   does on a production server. `--reuse` keeps the database and accounts of the last run
   (the sessions planned by earlier runs stay).
2. starts gunicorn on 127.0.0.1, on a free port, as gunicorn.conf.py says (processes and
   threads; `--workers`, `--threads` and `--worker-class` to try others), with production
   settings (DEBUG off, Redis as the cache, behind a proxy that says who the client is:
   each user comes from an address of its own, as people of a company do; plain HTTP on
   the loopback interface only), a Celery worker and beat (the emails that the users'
   actions send go to an in-memory outbox);
3. runs locust (the users are in `bench/load_users.py`): the users arrive one a second and
   sign in, then go through their role's journeys, with 1 to 3 seconds between clicks, for
   the duration (statistics start once all are in). The pair members read their pair and
   sessions and write: a private note, a new session (which writes its reminders and
   sends the partner an email through the worker);
4. prints, per page, the number of requests, the error rate and the median and 95th
   percentile response times, and whether the targets hold: no error, p95 under 300 ms;
   then the same for the sign-ins.

Needs PostgreSQL (trust authentication for `postgres`) and Redis on 127.0.0.1, as on the
development and CI machines. Traffic goes to 127.0.0.1 only.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DATABASE = "bench_load"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/5"
PASSWORD = "tandem-bench-password"  # noqa: S105 (a throw-away database on the loopback)
TARGET_P95_MS = 300
PLAN = {"mentor": 30, "mentee": 30, "volunteer": 10, "hr": 20, "exec": 10}
LARGE_PAIRS = 1500


# --- The orchestrator ----------------------------------------------------------------


def environment(port: int, secret_key: str) -> dict[str, str]:
    """Production settings, over plain HTTP on the loopback interface."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "CONN_MAX_AGE": "60",
        "REDIS_URL": REDIS_URL,
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "BEHIND_PROXY": "1",
        "MFA_REQUIRED_FOR_ROLES": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "CELERY_QUEUE": "tandem-load",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own tools)


def create_database(name: str = DATABASE, server: str = POSTGRES) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


PREPARE_ACCOUNTS = """
import json, sys
import django
django.setup()
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.urls import reverse
from evaluation.testing import make_large_programme
from meetings.models import Meeting
from pairing.models import Pair
from people.models import User
from programmes.access import programmes_for
from programmes.models import Programme

plan, password, pairs = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
hashed = make_password(password)
sponsor = User.objects.get(email="exec@example.com")
large = make_large_programme(sponsor=sponsor, pairs=pairs)
members = list(
    Pair.objects.filter(programme=large).select_related("mentor_person", "mentee_person")
    .order_by("pk")[: max(plan["mentor"], plan["mentee"])]
)
volunteers = list(
    User.objects.filter(enrolments__isnull=False, is_hr_admin=False, is_executive=False)
    .exclude(enrolments__programme=large).distinct().order_by("email")[: plan["volunteer"]]
)
chosen = {p.pk for p in volunteers} | {p.mentor_person_id for p in members}
chosen |= {p.mentee_person_id for p in members}
others = User.objects.exclude(pk__in=chosen).filter(is_hr_admin=False, is_executive=False)
hr = [User.objects.get(email="hr@example.com"), *others.order_by("email")[: plan["hr"] - 1]]
chosen |= {person.pk for person in hr}
seniors = others.exclude(pk__in=chosen).order_by("-grade", "email")
executives = [sponsor, *seniors[: plan["exec"] - 1]]
User.objects.filter(pk__in=[p.pk for p in hr]).update(is_hr_admin=True)
User.objects.filter(pk__in=[p.pk for p in executives]).update(is_executive=True)
large.managers.add(*hr)


def sessions(pair):
    mine = Meeting.objects.filter(pair=pair).order_by("starts_at")
    return [str(code) for code in mine.values_list("code", flat=True)]


people = {
    "mentor": [(p.mentor_person, {"pair": str(p.code), "sessions": sessions(p)}) for p in members],
    "mentee": [(p.mentee_person, {"pair": str(p.code), "sessions": sessions(p)}) for p in members],
    "volunteer": [(person, {}) for person in volunteers],
    "hr": [(person, {}) for person in hr],
    "exec": [(person, {}) for person in executives],
}
accounts = {}
for role, group in people.items():
    accounts[role] = []
    for person, extra in group[: plan[role]]:
        User.objects.filter(pk=person.pk).update(password=hashed)
        EmailAddress.objects.update_or_create(
            user=person, email=person.email, defaults={"verified": True, "primary": True}
        )
        entry = {"email": person.email, **extra}
        if role in ("hr", "exec"):
            person.authenticator_set.all().delete()
            entry["totp"] = generate_totp_secret()
            TOTP.activate(person, entry["totp"])
        accounts[role].append(entry)
in_pairing = Programme.objects.filter(status="pairing").first()


def seen_by_all(group):
    # The programmes each of them may open (a volunteer also sees those they took part in).
    codes = set.intersection(*({str(p.code) for p in programmes_for(one)} for one in group))
    return sorted(codes)


# The planner's statistics, as autovacuum keeps them on a production server (it may be off
# on a development one): without them PostgreSQL takes 1,500 pairs for one.
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
print(json.dumps({
    "people": accounts,
    "programmes": {
        # What every person of each role may open, and those to review.
        "volunteer": seen_by_all(volunteers),
        "hr": seen_by_all(hr),
        "exec": seen_by_all(executives),
        "open": [str(p.code) for p in Programme.objects.filter(status="enrolment_open")],
        "large": str(large.code),
        "pairing": str(in_pairing.code) if in_pairing else "",
    },
    "dashboard": reverse("evaluation:dashboard"),
}))
"""


def wait_for(url: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own server)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {url}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def line(name: str, requests: int, failures: int, median: float, p95: float, flag: str) -> str:
    rate = failures / requests if requests else 0.0
    return f"{name:<30} {requests:>9} {rate:>7.2%} {median:>6.0f}ms {p95:>6.0f}ms{flag}"


def report(stats_csv: Path, sign_ins_json: Path, duration: int) -> bool:
    """The steady state, page by page, judged against the targets; then the sign-ins."""
    header = f"{'':<30} {'requests':>9} {'errors':>8} {'median':>8} {'p95':>8}"
    print(f"\nPages, {duration} s with every user signed in:\n{header}")
    ok = True
    for row in csv.DictReader(stats_csv.open()):
        if row["Name"].startswith("sign-in"):
            continue
        name = row["Name"] if row["Name"] != "Aggregated" else "all pages"
        requests, failures = int(row["Request Count"]), int(row["Failure Count"])
        p95 = float(row["95%"]) if row["95%"] not in ("N/A", "") else 0.0
        median = float(row["50%"]) if row["50%"] not in ("N/A", "") else 0.0
        flag = ""
        if failures or p95 >= TARGET_P95_MS:
            flag, ok = "  <- over target", False
        print(line(name, requests, failures, median, p95, flag))
    sign_ins = json.loads(sign_ins_json.read_text()) if sign_ins_json.exists() else {}
    print(f"\nSign-ins, while the users arrive:\n{header}")
    for name, samples in sorted(sign_ins.items()):
        times = [time_ms for time_ms, _ in samples]
        errors = sorted({error for _, error in samples if error})
        failures = sum(1 for _, error in samples if error)
        flag = ""
        if failures:
            flag, ok = "  <- errors", False
        median, p95 = percentile(times, 0.5), percentile(times, 0.95)
        print(line(name, len(samples), failures, median, p95, flag))
        for error in errors:
            print(f"    {error}")
    print(
        f"\nTargets: no error anywhere; p95 under {TARGET_P95_MS} ms for every page. The password"
        " step of a sign-in is slow on purpose (PBKDF2, a million iterations): shown, not timed"
        " against the target."
    )
    print("Targets met." if ok else "Targets NOT met.")
    return ok


def tasks_run(log: Path) -> int:
    return log.read_text(errors="replace").count(" succeeded in ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--duration", type=int, default=180, help="seconds with every user in (default 180)"
    )
    parser.add_argument(
        "--spawn-rate", type=float, default=1, help="users arriving per second (default 1)"
    )
    parser.add_argument("--port", type=int, help="gunicorn's port (default: a free one)")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--threads", type=int, help="threads per worker (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--worker-class", help="gunicorn's worker class (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help=f"keep the database {DATABASE} and the accounts of the previous run",
    )
    options = parser.parse_args()
    users = sum(PLAN.values())
    # Each user comes from an address of its own (X-Forwarded-For, as behind the company's
    # proxy), so allauth's limits per address do not apply to the crowd as a whole. A
    # sign-in hashes its password for most of a second: one a second keeps the ramp smooth.
    ramp = int(users / options.spawn_rate) + 1

    sys.path.insert(0, str(ROOT))
    from reminders.testing import free_port, start_beat, start_worker

    # A port of its own: another server on the machine must not answer in gunicorn's place.
    options.port = options.port or free_port()
    env = environment(options.port, secrets.token_urlsafe(50))
    python = str(VENV_BIN / "python")
    work = Path(tempfile.mkdtemp(prefix="tandem-load-"))
    accounts = work / "accounts.json"
    kept = Path(tempfile.gettempdir()) / f"tandem-{DATABASE}.json"
    if options.reuse and kept.exists():
        print(f"Reusing the PostgreSQL database {DATABASE} …", flush=True)
        run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        accounts.write_text(kept.read_text())
    else:
        print(f"Creating and migrating the PostgreSQL database {DATABASE} …", flush=True)
        create_database()
        run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        run([python, "manage.py", "seed_demo", "--allow-without-debug"], env)
        prepared = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [python, "-c", PREPARE_ACCOUNTS, json.dumps(PLAN), PASSWORD, str(LARGE_PAIRS)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        accounts.write_text(prepared.stdout.strip().splitlines()[-1])
        kept.write_text(accounts.read_text())
    run([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)

    # gunicorn.conf.py says how many processes and threads, unless told here.
    shape = [
        *(["--workers", str(options.workers)] if options.workers else []),
        *(["--threads", str(options.threads)] if options.threads else []),
        *(["--worker-class", options.worker_class] if options.worker_class else []),
    ]
    told = " ".join(shape) or "gunicorn.conf.py"
    print(f"Starting gunicorn ({told}) on 127.0.0.1:{options.port} …", flush=True)
    server = subprocess.Popen(  # noqa: S603 (our own tools)
        [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            *shape,
            "--bind",
            f"127.0.0.1:{options.port}",
            "--log-level",
            "warning",
            # A sign-in hashes its password for about a second; a busy machine queues them.
            "--timeout",
            "120",
            "--error-logfile",
            str(work / "gunicorn.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    celery = [
        start_worker(env, work / "worker.log", name="load", concurrency=1, wait=False),
        start_beat(env, work, name="beat"),
    ]
    try:
        wait_for(f"http://127.0.0.1:{options.port}/healthz")
        if server.poll() is not None:
            raise SystemExit(f"gunicorn did not start: {work / 'gunicorn.log'}")
        celery[0].wait_for(" ready.", timeout=120)
        print(
            f"Running locust: {users} users ({', '.join(f'{n} {r}' for r, n in PLAN.items())})"
            f" arriving over {ramp} s, then {options.duration} s with all of them …",
            flush=True,
        )
        started = time.monotonic()
        subprocess.run(  # noqa: S603 (our own tools)
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(Path(__file__).resolve().parent / "load_users.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(options.spawn_rate),
                # A bound only: the users stop `duration` seconds after the last sign-in.
                "--run-time",
                f"{ramp + options.duration + 600}s",
                "--host",
                f"http://127.0.0.1:{options.port}",
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "TANDEM_BENCH_ACCOUNTS": str(accounts),
                "TANDEM_BENCH_SIGN_INS": str(work / "sign_ins.json"),
                "TANDEM_BENCH_STEADY": str(work / "steady"),
                "TANDEM_BENCH_DURATION": str(options.duration),
            },
            check=True,
        )
        print(f"Ran {time.monotonic() - started:.0f} s.")
    finally:
        if server.poll() is not None:
            print(f"gunicorn stopped during the run ({server.returncode}): {work / 'gunicorn.log'}")
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        for process in celery:
            process.stop()
    print(f"Celery worker: {tasks_run(work / 'worker.log')} tasks run, log in {work}")
    return 0 if report(work / "load_stats.csv", work / "sign_ins.json", options.duration) else 1


if __name__ == "__main__":
    sys.exit(main())
