"""How long the directory import takes for a realistic 10,000-person company.

    .venv/bin/python bench/import_people.py [--rows 10000] [--seed 7] [--skip-invitations]

Then the memory an import costs (tracemalloc's peak, the file read from disk as an upload
over 2.5 MB is): the ordinary file against the worst files under the 20 MB upload limit, a
line of 2.4 million values and a header of 1,000,000 columns.

Runs on a throw-away test database built from the default database of the
environment: a temporary SQLite file when DATABASE_URL is unset, otherwise a
test_ copy next to DATABASE_URL's database (PostgreSQL on CI machines). Nothing
is written to the real database. Prints, for each phase: rows, seconds, rows
per second and the number of SQL queries.
"""

import argparse
import logging
import os
import random
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from people import emails, services  # noqa: E402
from people.importing import COLUMNS  # noqa: E402
from people.models import User  # noqa: E402

DEPARTMENTS = [
    ("Finance", ["Financial analyst", "Accountant", "Controller", "Treasury officer"]),
    ("Human Resources", ["HR business partner", "Recruiter", "Payroll specialist"]),
    ("Marketing", ["Brand manager", "Content strategist", "Digital marketer"]),
    ("Sales", ["Account executive", "Sales representative", "Key account manager"]),
    ("Engineering", ["Software engineer", "Data engineer", "Site reliability engineer"]),
    ("Operations", ["Operations analyst", "Supply planner", "Logistics coordinator"]),
    ("Legal", ["Legal counsel", "Compliance officer", "Paralegal"]),
    ("Customer Care", ["Customer advisor", "Support specialist", "Quality analyst"]),
    ("Research", ["Research scientist", "Lab technician", "Product researcher"]),
]
SITES = [
    ("Paris", "FR", "fr"),
    ("Lyon", "FR", "fr"),
    ("Lille", "FR", "fr"),
    ("Bruxelles", "BE", "fr"),
    ("Montréal", "CA", "fr"),
    ("London", "GB", "en"),
    ("Dublin", "IE", "en"),
    ("Berlin", "DE", "de"),
    ("Madrid", "ES", "es"),
    ("Milano", "IT", "it"),
]
FIRST_NAMES = (
    "Léa Chloé Manon Inès Camille Zoé Louise Jade Hugo Lucas Théo Nathan Mathis Enzo Louis "
    "Gabriel Amina Fatou Yasmine Karim Mehdi Olivia Emma Amelia Oliver George Noah Sofia "
    "Lucía Martina Mateo Alejandro Giulia Francesco Lukas Mia Hannah Jonas Aoife Seán "
    "Kwame Ngozi Wei Mei Hiroshi Aiko Priya Arjun"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèbvre Michel Garcia Roux Fontaine N'Diaye Traoré Benali Haddad Smith Jones Taylor "
    "Brown Murphy O'Brien García Fernández López Rossi Russo Bianchi Müller Schmidt Schneider "
    "Okafor Mensah Chen Wang Tanaka Sato Sharma Patel Nguyen"
).split()
EXTRA_LANGUAGES = ["es", "de", "it", "ar", "pt", "zh", "ja", "hi", "nl", "pl", "wo"]
# Level -> (grade range, birth-year range). Level 1 is the chief executive.
LEVELS = {
    1: ((20, 20), (1962, 1970)),
    2: ((17, 19), (1960, 1978)),
    3: ((13, 16), (1965, 1985)),
    4: ((9, 12), (1970, 1992)),
    5: ((1, 8), (1960, 2004)),
}
SPAN = 10  # direct reports per manager


def company(size: int, rng: random.Random) -> list[dict[str, str]]:
    """A 5-level reporting tree: 1 chief, 9 heads of department, then 10 reports each."""
    people = People(rng)
    chief = people.add(1, None, "Direction")
    level = [people.add(2, chief, name) for name, _ in DEPARTMENTS]
    depth = 3
    while len(people.rows) < size:
        next_level = []
        for manager in level:
            for _ in range(SPAN):
                if len(people.rows) >= size:
                    break
                next_level.append(people.add(min(depth, 5), manager, manager["department"]))
        level, depth = next_level, depth + 1
    rng.shuffle(people.rows)  # managers come anywhere in the file, as in a real export
    return people.rows


class People:
    """The lines of the file, drawn one person at a time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.today = timezone.localdate()
        self.rows: list[dict[str, str]] = []
        self.emails: set[str] = set()

    def add(self, level: int, manager: dict[str, str] | None, department: str) -> dict[str, str]:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        (low_grade, high_grade), (oldest, youngest) = LEVELS[level]
        birth_year = rng.randint(oldest, youngest)
        first_day = date(max(birth_year + 21, 1985), 1, 1)
        hired_on = first_day + timedelta(days=rng.randint(0, max(0, (self.today - first_day).days)))
        if manager and rng.random() < 0.8:
            site, country, local = next(site for site in SITES if site[0] == manager["site"])
        else:
            site, country, local = rng.choice(SITES)
        languages = [local, "en", *rng.sample(EXTRA_LANGUAGES, rng.randint(0, 2))]
        title = {1: "Chief Executive Officer", 2: f"Head of {department}",
                 3: f"{department} director", 4: f"{department} manager"}.get(level)  # fmt: skip
        row = {
            "email": self.email(first, last),
            "name": f"{first} {last}",
            "department": department,
            "job_title": title or rng.choice(dict(DEPARTMENTS).get(department, ["Executive"])),
            "grade": str(rng.randint(low_grade, high_grade)),
            "manager_email": manager["email"] if manager else "",
            "hired_on": hired_on.isoformat(),
            "birth_year": str(birth_year) if rng.random() < 0.9 else "",
            "site": site,
            "country": country,
            "languages": ";".join(dict.fromkeys(languages)),
            "preferred_language": "fr" if local == "fr" else "en",
        }
        self.rows.append(row)
        return row

    def email(self, first: str, last: str) -> str:
        base = unicodedata.normalize("NFKD", f"{first}.{last}".lower())
        base = "".join(c for c in base if c.isascii() and (c.isalnum() or c == "."))
        email, number = f"{base}@example.com", 1
        while email in self.emails:
            number += 1
            email = f"{base}{number}@example.com"
        self.emails.add(email)
        return email


def to_csv(rows: list[dict[str, str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@contextmanager
def counted_queries() -> Iterator[list[int]]:
    count = [0]

    def counter(execute: Callable, sql: str, params, many: bool, context: dict):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield count


def measure(label: str, rows: int, work: Callable[[], object]) -> object:
    with counted_queries() as queries:
        started = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - started
    print(f"{label:<34} {rows:>7,} {seconds:>9.2f} {rows / seconds:>10,.0f} {queries[0]:>8,}")
    return result


def measure_invitations() -> None:
    """Render and "send" (to memory) the invitation of everyone, 500 per task as the import does."""
    from django.core import mail

    ids = list(User.objects.values_list("pk", flat=True))
    size = services.INVITATIONS_PER_TASK
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        measure(
            "invitations (rendered, in memory)",
            len(ids),
            lambda: [
                emails.send_invitations(ids[start : start + size])
                for start in range(0, len(ids), size)
            ],
        )
        check(len(mail.outbox) == len(ids), len(mail.outbox))


def worst_files(folder: Path) -> dict[str, Path]:
    """The worst files under the upload limit: every byte spent on values, or on columns."""
    header = ",".join(COLUMNS) + "\r\n"
    many_values = header + "a@example.com," + ",".join(["x123456"] * 2_400_000) + "\r\n"
    wide_header = ",".join(f"c{number % 10}" for number in range(1_000_000)) + "\r\n"
    files = {"2.4 million values on a line": many_values, "1,000,000-column header": wide_header}
    paths = {}
    for number, (label, text) in enumerate(files.items()):
        path = folder / f"worst-{number}.csv"
        path.write_bytes(text.encode())
        check(path.stat().st_size < 20 * 2**20, (label, path.stat().st_size))
        paths[label] = path
    return paths


def measure_memory(data: bytes, folder: Path) -> None:
    """Peak memory of the whole import of each file (rolled back), read from disk."""
    ordinary = folder / "ordinary.csv"
    ordinary.write_bytes(data)
    files = {"ordinary (every line imported)": ordinary, **worst_files(folder)}
    print(f"{'memory: file':<34} {'MiB':>7} {'peak MiB':>9}")
    peaks = {}
    for label, path in files.items():
        with transaction.atomic(), path.open("rb") as upload:
            tracemalloc.start()
            report = services.import_directory(data=upload, send_invitations=False, by=None)
            peaks[label] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            transaction.set_rollback(True)
        size = path.stat().st_size / 2**20
        print(f"{label:<34} {size:>7.1f} {peaks[label]:>9.1f}")
        check(report.ok == (path == ordinary), report.problems[:1])
    worst = max(peak for label, peak in peaks.items() if not label.startswith("ordinary"))
    extra = worst - peaks["ordinary (every line imported)"]
    print(f"{'worst file, beyond the ordinary':<34} {'':>7} {extra:>+9.1f}")
    check(extra < 50, f"a worst file costs {extra:.0f} MiB more than an ordinary one")


def check(condition: bool, detail: object) -> None:
    if not condition:
        raise SystemExit(f"Unexpected result: {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip-invitations", action="store_true", help="leave out rendering the 10,000 emails"
    )
    options = parser.parse_args()

    logging.getLogger("people.services").setLevel(logging.WARNING)  # one line per import
    rng = random.Random(options.seed)
    rows = company(options.rows, rng)
    data = to_csv(rows)
    # Everybody's title changes: the re-import updates every row.
    promoted = [{**row, "job_title": f"Senior {row['job_title'].lower()}"} for row in rows]
    promoted_data = to_csv(promoted)

    with tempfile.TemporaryDirectory() as folder:
        # A name of its own, so that a test run on the same server is not clobbered.
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        else:
            connection.settings_dict["TEST"]["NAME"] = "bench_import_people"
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            where = connection.settings_dict["NAME"]
            print(f"Database: {connection.vendor} ({where}); file: {len(data) / 2**20:.1f} MiB")
            print(f"{'phase':<34} {'rows':>7} {'seconds':>9} {'rows/s':>10} {'queries':>8}")

            def run(payload: bytes):
                report = services.import_directory(data=payload, send_invitations=False, by=None)
                check(report.ok, report.problems[:5])
                return report

            report = measure("import, all new", len(rows), lambda: run(data))
            check(report.created == len(rows), report)
            report = measure("re-import, every row changed", len(rows), lambda: run(promoted_data))
            check(report.updated == len(rows), report)
            report = measure("re-import, nothing changed", len(rows), lambda: run(promoted_data))
            check(report.unchanged == len(rows), report)

            if not options.skip_invitations:
                measure_invitations()
            User.objects.all().delete()
            measure_memory(data, Path(folder))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"Django {django.get_version()}, Python {sys.version.split()[0]}, {settings.TIME_ZONE}")


if __name__ == "__main__":
    main()
