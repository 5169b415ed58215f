"""Reading and checking HR's directory file (CSV). No writes here: see services.import_directory.

The file's skeleton (decoding, header, blank lines, the report) is common to
every import (common/importing.py); each line is checked by a form,
forms.DirectoryLine, and the reporting lines of the whole file here.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from common import importing
from common.importing import Parsed, Problem, Record, Upload

from .forms import DirectoryLine
from .models import GRADE_MAX, GRADE_MIN

COLUMNS = (
    "email",
    "name",
    "department",
    "job_title",
    "grade",
    "manager_email",
    "hired_on",
    "birth_year",
    "site",
    "country",
    "languages",
    "preferred_language",
)


@dataclass
class Row:
    """A checked line of the file. The birth year is gone: only its generation band is kept."""

    line: int
    email: str
    name: str
    department: str
    job_title: str
    grade: int | None
    manager_email: str
    hired_on: date | None
    generation: str
    site: str
    country: str
    languages: list[str]
    preferred_language: str


@dataclass(frozen=True)
class KnownPerson:
    """Someone already in Tandem, as far as the reporting-line checks need to know."""

    pk: int
    name: str
    manager_email: str


def column_guide() -> list[tuple[str, bool, str]]:
    """What to write in each column, for the import page: (column, required, explanation)."""
    return [
        ("email", True, _("Work email address. People are matched on it when you import again.")),
        ("name", True, _("Full name, as the person wants to be called.")),
        ("department", False, _("Department name. New departments are created.")),
        ("job_title", False, _("Job title.")),
        (
            "grade",
            False,
            _("Whole number from %(min)d to %(max)d; higher is more senior.")
            % {"min": GRADE_MIN, "max": GRADE_MAX},
        ),
        (
            "manager_email",
            False,
            _("The manager's email address: someone in the file or already in Tandem."),
        ),
        ("hired_on", False, _("Hire date, written YYYY-MM-DD (for example 2021-09-01).")),
        (
            "birth_year",
            False,
            _("Year of birth. Only the generation is kept; the year itself is never stored."),
        ),
        ("site", False, _("Office or site, for example Lyon.")),
        ("country", False, _("Two-letter country code, for example FR or GB.")),
        (
            "languages",
            False,
            _("Languages spoken, as two-letter codes separated by semicolons, for example fr;en."),
        ),
        ("preferred_language", False, _("fr or en: the language of Tandem and its emails.")),
    ]


def parse(data: Upload, *, known: Mapping[str, KnownPerson]) -> Parsed[Row]:
    """Check the file against itself and the people already in Tandem (keyed by lowercase email)."""
    parsed = Parsed[Row](COLUMNS)
    today = timezone.localdate()
    importing.check_lines(
        importing.read(data, parsed),
        lambda record: _check_line(record, today),
        parsed,
        twice=_(
            "This email address is already on line %(line)d. Each person may appear only once."
        ),
        nobody=_("The file has no people in it."),
    )
    if parsed.rows:
        _check_managers(parsed, known)
    return parsed.in_order()


def _check_line(record: Record, today: date) -> tuple[Row | None, list[Problem]]:
    form = DirectoryLine(record.cells, today=today)
    if not form.is_valid():
        return None, [
            Problem(record.line, column, message)
            for column, messages in form.errors.items()
            for message in messages
        ]
    values = dict(form.cleaned_data)
    return Row(line=record.line, generation=values.pop("birth_year"), **values), []


# --- Reporting lines -------------------------------------------------------------


def _check_managers(parsed: Parsed[Row], known: Mapping[str, KnownPerson]) -> None:
    """Every manager exists, and the reporting lines, once imported, have no loop."""
    in_file = {row.email: row for row in parsed.rows}
    for row in parsed.rows:
        manager = row.manager_email
        if manager and manager not in in_file and manager not in known:
            parsed.problems.append(
                Problem(
                    row.line,
                    "manager_email",
                    _(
                        "The manager “%(email)s” is neither in this file nor already in Tandem. "
                        "Add a line for them, or correct the address."
                    )
                    % {"email": row.manager_email},
                )
            )

    # The reporting lines after the import: the file's, and those of people it does not mention.
    manager_of = {email: person.manager_email for email, person in known.items()}
    manager_of.update({row.email: row.manager_email for row in parsed.rows})
    done: set[str] = set()
    for start in in_file:
        path: list[str] = []
        on_path: set[str] = set()
        email = start
        while email and email not in done and email not in on_path:
            path.append(email)
            on_path.add(email)
            email = manager_of.get(email, "")
        if email in on_path:
            loop = path[path.index(email) :]
            if any(member in in_file for member in loop):
                parsed.problems.append(_loop_problem(loop, in_file, known))
        done.update(path)


def _loop_problem(
    loop: list[str], in_file: Mapping[str, Row], known: Mapping[str, KnownPerson]
) -> Problem:
    def describe(email: str) -> str:
        if email in in_file:
            return _("%(name)s (line %(line)d)") % {
                "name": in_file[email].name,
                "line": in_file[email].line,
            }
        return _("%(name)s (already in Tandem)") % {"name": known[email].name or email}

    first = min((in_file[email] for email in loop if email in in_file), key=lambda row: row.line)
    chain = " → ".join([describe(email) for email in loop] + [describe(loop[0])])
    return Problem(
        first.line,
        "manager_email",
        _(
            "The reporting lines go round in a circle: %(chain)s. Someone in this circle must "
            "report to a person outside it."
        )
        % {"chain": chain},
    )


# A small file HR can download, fill in and upload: one person at each of three levels.
EXAMPLE_CSV = (
    ",".join(COLUMNS)
    + "\r\n"
    + "\r\n".join(
        [
            "claire.dubois@example.com,Claire Dubois,Direction,Chief Executive Officer,20,,"
            "2009-03-02,1968,Paris,FR,fr;en,fr",
            "samuel.okafor@example.com,Samuel Okafor,Finance,Head of Finance,16,"
            "claire.dubois@example.com,2015-09-01,1979,London,GB,en;fr;yo,en",
            "lea.martin@example.com,Léa Martin,Finance,Financial analyst,6,"
            "samuel.okafor@example.com,2023-01-16,,Lyon,FR,fr;en;es,fr",
        ]
    )
    + "\r\n"
)
