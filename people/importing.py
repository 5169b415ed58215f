"""Reading and checking HR's directory file (CSV). No writes here: see services.import_directory.

Every check runs over the whole file so that HR sees every bad line at once,
not the first one. Messages are written for an HR person, not a developer:
they say what is wrong and how to fix it in the spreadsheet.
"""

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from .directory import ISO_639_1, generation_for
from .models import GRADE_MAX, GRADE_MIN, User

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
LANGUAGE_SEPARATOR = ";"
OLDEST_BIRTH_YEAR = 1900
YOUNGEST_WORKING_AGE = 14
MAX_LENGTHS = {
    "email": 254,
    "name": User._meta.get_field("name").max_length,
    "department": 120,
    "job_title": User._meta.get_field("job_title").max_length,
    "site": User._meta.get_field("site").max_length,
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """One reason to refuse the file. line is the file's line number (the header is line 1)."""

    line: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


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


@dataclass
class ParsedDirectory:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


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


def parse(data: bytes, *, known: Mapping[str, KnownPerson]) -> ParsedDirectory:
    """Check the file against itself and the people already in Tandem (keyed by lowercase email)."""
    parsed = ParsedDirectory()
    text = _decode(data, parsed.problems)
    if text is None:
        return parsed
    _read_rows(text, parsed)
    if parsed.rows:
        _check_managers(parsed, known)
    parsed.problems.sort(key=lambda problem: (problem.line or 0, _column_order(problem.column)))
    return parsed


# --- The file as a whole ------------------------------------------------------


def _decode(data: bytes, problems: list[Problem]) -> str | None:
    if not data.strip():
        problems.append(Problem(None, "", _("The file is empty.")))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(
                None,
                "",
                _(
                    "The file is saved as “Unicode text” (UTF-16). Save it again as "
                    "“CSV UTF-8 (comma delimited)” and upload that file."
                ),
            )
        )
        return None
    try:
        # utf-8-sig drops the byte-order mark that Excel puts at the start of “CSV UTF-8”.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(
            Problem(
                line,
                "",
                _(
                    "The file is not in UTF-8: this line has a character that cannot be read "
                    "(often an accented letter). In Excel, choose File › Save As › "
                    "“CSV UTF-8 (comma delimited)”; in LibreOffice, choose the “Unicode (UTF-8)” "
                    "character set when saving."
                ),
            )
        )
        return None


def _header_problem(header_line: str) -> Problem | None:
    """A wrong delimiter, missing columns or a repeated column in the header line."""
    names = [name.strip().lower() for name in next(csv.reader([header_line]), [])]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        for delimiter, label in ((";", _("semicolons (;)")), ("\t", _("tabs"))):
            other = [name.strip().lower() for name in header_line.split(delimiter)]
            if delimiter in header_line and len(set(COLUMNS) & set(other)) > len(
                set(COLUMNS) & set(names)
            ):
                return Problem(
                    1,
                    "",
                    _(
                        "The columns are separated by %(delimiter)s instead of commas. This "
                        "often happens with Excel set to French. In Excel, choose File › Save As "
                        "› “CSV UTF-8 (comma delimited)”; in LibreOffice, tick “Edit filter "
                        "settings” when saving and choose the comma as field delimiter."
                    )
                    % {"delimiter": label},
                )
        return Problem(
            1,
            "",
            _("The first line must name every column. Missing: %(columns)s.")
            % {"columns": ", ".join(missing)},
        )
    repeated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if repeated:
        return Problem(
            1,
            "",
            _("These columns appear more than once in the first line: %(columns)s.")
            % {"columns": ", ".join(repeated)},
        )
    return None


# --- Line by line ---------------------------------------------------------------


def _read_rows(text: str, parsed: ParsedDirectory) -> None:
    header_line = text.splitlines()[0] if text.splitlines() else ""
    problem = _header_problem(header_line)
    if problem:
        parsed.problems.append(problem)
        return

    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader)]
    positions = {column: header.index(column) for column in COLUMNS}
    today = timezone.localdate()
    first_line_of: dict[str, int] = {}
    end_of_previous = reader.line_num
    for values in reader:
        line = end_of_previous + 1  # where this record starts (quoted values may span lines)
        end_of_previous = reader.line_num
        if not any(value.strip() for value in values):
            continue  # blank lines, and the empty “,,,,” lines spreadsheets leave at the end
        if len(values) > len(header) and not any(value.strip() for value in values[len(header) :]):
            values = values[: len(header)]  # empty cells right of the table
        if len(values) != len(header):
            parsed.problems.append(
                Problem(
                    line,
                    "",
                    _(
                        "This line has %(found)d values but the first line names %(expected)d "
                        "columns. A value that contains a comma must be in double quotes."
                    )
                    % {"found": len(values), "expected": len(header)},
                )
            )
            continue
        cells = {column: values[index].strip() for column, index in positions.items()}
        email, row, problems = _check_row(line, cells, today)
        if email in first_line_of:
            problems.append(
                Problem(
                    line,
                    "email",
                    _(
                        "This email address is already on line %(line)d. "
                        "Each person may appear only once."
                    )
                    % {"line": first_line_of[email]},
                )
            )
        elif email:
            first_line_of[email] = line
        parsed.problems.extend(problems)
        if row and not problems:
            parsed.rows.append(row)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(None, "", _("The file has no people in it.")))


def _check_row(
    line: int, cells: dict[str, str], today: date
) -> tuple[str, Row | None, list[Problem]]:
    """The line's email (even when the line is bad, to find duplicates), its Row, its problems."""
    problems: list[Problem] = []

    def refuse(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    for column, limit in MAX_LENGTHS.items():
        if len(cells[column]) > limit:
            refuse(
                column,
                _("This value is too long: %(length)d characters, at most %(limit)d.")
                % {"length": len(cells[column]), "limit": limit},
            )

    email = cells["email"].lower()
    if not email:
        refuse("email", _("The email address is missing."))
    elif not _is_email(email):
        refuse("email", _("“%(value)s” is not an email address.") % {"value": cells["email"]})

    if not cells["name"]:
        refuse("name", _("The name is missing."))

    grade = None
    if cells["grade"]:
        try:
            grade = int(cells["grade"])
        except ValueError:
            grade = None
        if grade is None or not GRADE_MIN <= grade <= GRADE_MAX:
            refuse(
                "grade",
                _("The grade must be a whole number from %(min)d to %(max)d, not “%(value)s”.")
                % {"min": GRADE_MIN, "max": GRADE_MAX, "value": cells["grade"]},
            )
            grade = None

    manager_email = cells["manager_email"].lower()
    if manager_email and not _is_email(manager_email):
        refuse(
            "manager_email",
            _("“%(value)s” is not an email address.") % {"value": cells["manager_email"]},
        )
    elif manager_email and manager_email == email:
        refuse("manager_email", _("A person cannot be their own manager."))

    hired_on = None
    if cells["hired_on"]:
        hired_on = _parse_date(cells["hired_on"])
        if hired_on is None:
            refuse(
                "hired_on",
                _("“%(value)s” is not a date. Write dates as YYYY-MM-DD, for example 2021-09-01.")
                % {"value": cells["hired_on"]},
            )
        elif hired_on > today:
            refuse("hired_on", _("The hire date is in the future."))

    generation = ""
    if cells["birth_year"]:
        youngest = today.year - YOUNGEST_WORKING_AGE
        try:
            birth_year = int(cells["birth_year"])
        except ValueError:
            birth_year = 0
        if OLDEST_BIRTH_YEAR <= birth_year <= youngest:
            generation = generation_for(birth_year).value
        else:
            refuse(
                "birth_year",
                _(
                    "The birth year must be a year from %(oldest)d to %(youngest)d, "
                    "not “%(value)s” (leave it empty if unknown)."
                )
                % {"oldest": OLDEST_BIRTH_YEAR, "youngest": youngest, "value": cells["birth_year"]},
            )

    country = cells["country"].upper()
    if country and (len(country) != 2 or country not in countries):
        refuse(
            "country",
            _("“%(value)s” is not a country code. Use the two-letter code, for example FR or GB.")
            % {"value": cells["country"]},
        )

    languages: list[str] = []
    for code in cells["languages"].split(LANGUAGE_SEPARATOR):
        code = code.strip().lower()
        if not code or code in languages:
            continue
        if code in ISO_639_1:
            languages.append(code)
        elif "," in code or " " in code:
            refuse(
                "languages",
                _("Separate languages with a semicolon, for example “fr;en”, not “%(value)s”.")
                % {"value": cells["languages"]},
            )
            break
        else:
            refuse(
                "languages",
                _(
                    "“%(value)s” is not a language code. Use two-letter ISO 639-1 codes, "
                    "for example fr, en, es."
                )
                % {"value": code},
            )

    preferred_language = cells["preferred_language"].lower() or User.Language.ENGLISH
    if preferred_language not in User.Language.values:
        refuse(
            "preferred_language",
            _("The preferred language must be %(choices)s (or empty for English), not “%(value)s”.")
            % {"choices": " / ".join(User.Language.values), "value": cells["preferred_language"]},
        )

    if problems:
        return email, None, problems
    return (
        email,
        Row(
            line=line,
            email=email,
            name=cells["name"],
            department=cells["department"],
            job_title=cells["job_title"],
            grade=grade,
            manager_email=manager_email,
            hired_on=hired_on,
            generation=generation,
            site=cells["site"],
            country=country,
            languages=languages,
            preferred_language=preferred_language,
        ),
        problems,
    )


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _parse_date(value: str) -> date | None:
    if not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# --- Reporting lines -------------------------------------------------------------


def _check_managers(parsed: ParsedDirectory, known: Mapping[str, KnownPerson]) -> None:
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


def _loop_problem(loop: list[str], in_file: Mapping[str, Row], known: Mapping[str, KnownPerson]):
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


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


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
