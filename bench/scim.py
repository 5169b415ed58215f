"""Provisioning: 10,000 people through the SCIM endpoint, as Microsoft Entra ID sends them.

    .venv/bin/python bench/scim.py                   # 10,000 people, 4 connections
    .venv/bin/python bench/scim.py --people 2000 --connections 8

What it does, in order:
1. (re)creates the PostgreSQL database `bench_scim` on 127.0.0.1, migrates it and creates a
   provisioning token (its secret is kept in memory only);
2. starts gunicorn on 127.0.0.1 with production settings (DEBUG off, Redis as the cache);
3. provisions the people of a company (a chief executive, then each level under the one
   above, so that every manager exists before their reports) with Entra ID's sequence for
   each person: `GET /Users?filter=userName eq "…"` (not found), then `POST /Users` with the
   enterprise extension (department, manager) and Tandem's (grade, languages);
4. prints people per second, the median and 95th percentile of each call, the errors, and
   checks that the database holds every person with their manager.

Needs PostgreSQL and Redis on 127.0.0.1, as on the development and CI machines. Traffic
goes to 127.0.0.1 only; every loop is bounded by the number of people.
"""

import argparse
import json
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import POSTGRES, ROOT, VENV_BIN, environment, percentile, run, wait_for  # noqa: E402

DATABASE = "bench_scim"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TANDEM = "urn:ietf:params:scim:schemas:extension:tandem:2.0:User"
DEPARTMENTS = ["Finance", "Marketing", "Sales", "Engineering", "Operations", "Legal", "Research"]
SITES = [("Paris", "FR"), ("Lyon", "FR"), ("London", "GB"), ("Madrid", "ES"), ("Milano", "IT")]

CREATE_ACCESS = """
import django
django.setup()
from scim import tokens
_token, secret = tokens.create(name="Benchmark", valid_days=1, by=None)
print(secret)
"""
COUNT_PEOPLE = """
import django
django.setup()
from people.models import User
print(User.objects.count(), User.objects.filter(manager__isnull=False).count())
"""


def company(size: int, seed: int) -> list[list[dict]]:
    """People by level: the chief executive, then up to eight reports per person above."""
    rng = random.Random(seed)
    levels: list[list[dict]] = [[_person(0, None, 20, rng)]]
    made = 1
    while made < size:
        level = []
        grade = max(1, 20 - 3 * len(levels))
        for manager in levels[-1]:
            for _ in range(rng.randint(4, 8)):
                if made == size:
                    break
                level.append(_person(made, manager["userName"], grade, rng))
                made += 1
        levels.append(level)
    return levels


def _person(number: int, manager: str | None, grade: int, rng: random.Random) -> dict:
    site, country = rng.choice(SITES)
    return {
        "schemas": [USER, ENTERPRISE, TANDEM],
        "externalId": f"e{number:06d}",
        "userName": f"person{number:05d}@bench.example",
        "name": {"givenName": f"Given{number}", "familyName": f"Family{number}"},
        "displayName": f"Given{number} Family{number}",
        "title": "Analyst" if grade < 10 else "Manager",
        "active": True,
        "preferredLanguage": "fr-FR" if country == "FR" else "en-GB",
        "addresses": [{"type": "work", "locality": site, "country": country, "primary": True}],
        ENTERPRISE: {"department": rng.choice(DEPARTMENTS), "manager": manager},
        TANDEM: {"grade": grade, "languages": ["fr", "en"]},
    }


class Client:
    def __init__(self, base: str, secret: str) -> None:
        self.base, self.secret = base, secret
        self.local = threading.local()
        self.ids: dict[str, str] = {}
        self.timings: dict[str, list[float]] = {"GET filter": [], "POST": []}
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def _session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            session = requests.Session()
            session.headers.update(
                {"Authorization": f"Bearer {self.secret}", "Content-Type": "application/scim+json"}
            )
            self.local.session = session
        return self.local.session

    def provision(self, person: dict) -> None:
        session = self._session()
        query = urllib.parse.quote(f'userName eq "{person["userName"]}"')
        started = time.perf_counter()
        found = session.get(f"{self.base}/Users?filter={query}", timeout=60)
        looked = time.perf_counter()
        body = dict(person)
        manager = person[ENTERPRISE]["manager"]
        body[ENTERPRISE] = {
            **person[ENTERPRISE],
            "manager": {"value": self.ids[manager]} if manager else None,
        }
        created = session.post(f"{self.base}/Users", data=json.dumps(body), timeout=60)
        done = time.perf_counter()
        with self.lock:
            self.timings["GET filter"].append(looked - started)
            self.timings["POST"].append(done - looked)
            if found.status_code != 200 or found.json()["totalResults"] != 0:
                self.errors.append(f"GET {person['userName']}: {found.status_code}")
            if created.status_code != 201:
                self.errors.append(
                    f"POST {person['userName']}: {created.status_code} {created.text[:200]}"
                )
            else:
                self.ids[person["userName"]] = created.json()["id"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=4, help="requests in flight at once")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--seed", type=int, default=18)
    options = parser.parse_args()

    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = environment(options.port, secrets.token_urlsafe(40))
    env["DATABASE_URL"] = f"{POSTGRES}/{DATABASE}"
    env["SCIM_RATE_LIMIT"] = str(options.people * 10)  # the benchmark measures, it is not throttled
    python = str(VENV_BIN / "python")
    print("Migrating bench_scim …", flush=True)
    run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    secret = subprocess.run(  # noqa: S603 (our own tools)
        [python, "-c", CREATE_ACCESS], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()

    levels = company(options.people, options.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-scim-"))
    server = subprocess.Popen(  # noqa: S603 (our own tools)
        [
            str(VENV_BIN / "gunicorn"),
            "mentoring.wsgi:application",
            "--bind",
            f"127.0.0.1:{options.port}",
            "--workers",
            str(options.workers),
            "--threads",
            str(options.threads),
            "--log-level",
            "warning",
            "--error-logfile",
            str(work / "gunicorn.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"http://127.0.0.1:{options.port}/healthz")
        client = Client(f"http://127.0.0.1:{options.port}/scim/v2", secret)
        print(
            f"Provisioning {options.people:,} people in {len(levels)} levels, "
            f"{options.connections} connections, gunicorn {options.workers}×{options.threads} …",
            flush=True,
        )
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.connections) as pool:
            for level in levels:  # every manager exists before their reports are sent
                list(pool.map(client.provision, level))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    people, managed = map(
        int,
        subprocess.run(  # noqa: S603 (our own tools)
            [python, "-c", COUNT_PEOPLE],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split(),
    )
    rate = options.people / elapsed
    print(
        f"\n{options.people:,} people provisioned in {elapsed:.1f} s: {rate:.0f} people/s "
        f"({2 * rate:.0f} calls/s)"
    )
    for name, values in client.timings.items():
        median, p95 = 1000 * percentile(values, 0.5), 1000 * percentile(values, 0.95)
        print(f"  {name:<11} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    print(
        f"  errors: {len(client.errors)}"
        + (f" (first: {client.errors[0]})" if client.errors else "")
    )
    expected = options.people - 1
    print(
        f"  in the database: {people:,} people, {managed:,} with a manager (expected {expected:,})"
    )
    return (
        0 if not client.errors and people == options.people and managed == options.people - 1 else 1
    )


if __name__ == "__main__":
    sys.exit(main())
