"""What every CSV import of Tandem shares: reading the file, its report, its command.

An import is all or nothing, and every line is checked so that HR sees every
bad line at once, not the first one. Messages are written for an HR person, not
a developer: they say what is wrong and how to fix it in the spreadsheet. What
a line means, and how it is written, is the importing app's business
(people/importing.py, enrolments/importing.py).
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.utils.translation import gettext as _

R = TypeVar("R")


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


@dataclass(frozen=True)
class Record:
    """A line of the file that is not blank: where it starts, and its cells by column."""

    line: int
    cells: dict[str, str]


@dataclass
class Parsed(Generic[R]):
    """The rows of a file whose every line is right, or the problems that refuse it."""

    columns: Sequence[str]
    rows: list[R] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, line: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(line, column, message))

    def in_order(self) -> "Parsed[R]":
        """Problems by line, then in the file's column order (problems of the file first)."""

        def order(problem: Problem) -> tuple[int, int]:
            column = self.columns.index(problem.column) if problem.column in self.columns else -1
            return problem.line or 0, column

        self.problems.sort(key=order)
        return self


class SharedFields(dict):
    """A form's fields that every form of its class shares instead of copying them.

    For a form that checks each line of a file: its fields hold no state, and a
    deep copy of them for each of ten thousand lines costs more than the checks.
    """

    def __deepcopy__(self, memo: dict) -> "SharedFields":
        return self


def read(data: bytes, parsed: Parsed[Any]) -> list[Record]:
    """The file's records, keyed by parsed.columns; none when the file cannot be read.

    Blank lines are skipped, and so are the empty cells right of the table that
    spreadsheets leave behind. A record starts on the line given (quoted values
    may span lines).
    """
    text = _decode(data, parsed)
    if text is None:
        return []
    header_line = text.splitlines()[0] if text.splitlines() else ""
    if problem := _header_problem(header_line, parsed.columns):
        parsed.problems.append(problem)
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader)]
    positions = {column: header.index(column) for column in parsed.columns}
    records = []
    end_of_previous = reader.line_num
    for values in reader:
        line = end_of_previous + 1
        end_of_previous = reader.line_num
        if not any(value.strip() for value in values):
            continue  # blank lines, and the empty “,,,,” lines spreadsheets leave at the end
        if len(values) > len(header) and not any(value.strip() for value in values[len(header) :]):
            values = values[: len(header)]
        if len(values) != len(header):
            parsed.refuse(
                line,
                "",
                _(
                    "This line has %(found)d values but the first line names %(expected)d "
                    "columns. A value that contains a comma must be in double quotes."
                )
                % {"found": len(values), "expected": len(header)},
            )
            continue
        records.append(Record(line, {column: values[i].strip() for column, i in positions.items()}))
    return records


def check_lines(
    records: list[Record],
    check: Callable[[Record], tuple[R | None, list[Problem]]],
    parsed: Parsed[R],
    *,
    twice: str,
    nobody: str,
) -> None:
    """Check each record, and that no email address comes twice; keep the rows of good lines.

    twice is the message for a repeated address (with %(line)d, the first line
    that has it); nobody the message for a file without a line.
    """
    first_line_of: dict[str, int] = {}
    for record in records:
        row, problems = check(record)
        email = record.cells["email"].lower()
        if email in first_line_of:
            problems.append(Problem(record.line, "email", twice % {"line": first_line_of[email]}))
        elif email:
            first_line_of[email] = record.line
        parsed.problems.extend(problems)
        if row is not None and not problems:
            parsed.rows.append(row)
    if not parsed.rows and not parsed.problems:
        parsed.refuse(None, "", nobody)


# --- Cells ------------------------------------------------------------------------


# A directory file names each manager again on every report's line: ten thousand lines
# name about a thousand managers, and validating an address is a dozen regular expressions.
@lru_cache(maxsize=4096)
def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def whole(value: str, low: int, high: int) -> int | None:
    """The whole number written in value if it is from low to high, else None."""
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


def too_long(value: str, limit: int) -> str | None:
    """The message for a value longer than limit characters, if it is."""
    if len(value) <= limit:
        return None
    return _("This value is too long: %(length)d characters, at most %(limit)d.") % {
        "length": len(value),
        "limit": limit,
    }


# --- The file as a whole ------------------------------------------------------------


def _decode(data: bytes, parsed: Parsed[Any]) -> str | None:
    if not data.strip():
        parsed.refuse(None, "", _("The file is empty."))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        parsed.refuse(
            None,
            "",
            _(
                "The file is saved as “Unicode text” (UTF-16). Save it again as "
                "“CSV UTF-8 (comma delimited)” and upload that file."
            ),
        )
        return None
    try:
        # utf-8-sig drops the byte-order mark that Excel puts at the start of “CSV UTF-8”.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        parsed.refuse(
            data.count(b"\n", 0, error.start) + 1,
            "",
            _(
                "The file is not in UTF-8: this line has a character that cannot be read "
                "(often an accented letter). In Excel, choose File › Save As › "
                "“CSV UTF-8 (comma delimited)”; in LibreOffice, choose the “Unicode (UTF-8)” "
                "character set when saving."
            ),
        )
        return None


def _header_problem(header_line: str, columns: Sequence[str]) -> Problem | None:
    """A wrong delimiter, missing columns or a repeated column in the header line."""
    names = [name.strip().lower() for name in next(csv.reader([header_line]), [])]
    missing = [column for column in columns if column not in names]
    if missing:
        for delimiter, label in ((";", _("semicolons (;)")), ("\t", _("tabs"))):
            other = [name.strip().lower() for name in header_line.split(delimiter)]
            if delimiter in header_line and len(set(columns) & set(other)) > len(
                set(columns) & set(names)
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
    repeated = sorted({name for name in names if name in columns and names.count(name) > 1})
    if repeated:
        return Problem(
            1,
            "",
            _("These columns appear more than once in the first line: %(columns)s.")
            % {"columns": ", ".join(repeated)},
        )
    return None


# --- The command ----------------------------------------------------------------------


class ImportCommand(BaseCommand):
    """`manage.py import_…`: read FILE, import it, and on refusal list its problems on stderr."""

    file_help = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=self.file_help)

    def read(self, file: Path) -> bytes:
        try:
            return file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from error

    def refuse_unless_ok(self, report: ImportReport, file: Path) -> None:
        """Every problem of a refused file on stderr, then fail: nothing was imported."""
        if report.ok:
            return
        for problem in report.problems:
            where = _("line %(line)d") % {"line": problem.line} if problem.line else _("file")
            if problem.column:
                where += f", {problem.column}"
            self.stderr.write(f"{where}: {problem.message}")
        raise CommandError(
            _("%(count)d problem(s) found in %(file)s: nothing was imported.")
            % {"count": len(report.problems), "file": file}
        )
