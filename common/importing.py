"""What every CSV import of Tandem shares: reading the file, its report, its command.

An import is all or nothing, and every line is checked so that HR sees every
bad line at once, not the first one. Messages are written for an HR person, not
a developer: they say what is wrong and how to fix it in the spreadsheet. What
a line means, and how it is written, is the importing app's business
(people/importing.py, enrolments/importing.py).
"""

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

R = TypeVar("R")
Upload = bytes | IO[bytes]  # a file's content, or the file (an upload, an open file)
# A line (a record: quoted line breaks included) of an import is at most this long and has at
# most this many values, checked before more of it is read: a file under the upload limit
# cannot cost more memory than its lines that are within them.
MAX_LINE_CHARACTERS = 65_536
MAX_COLUMNS = 200
# What the middleware strips from a form (common/middleware.py); a NUL refuses its line.
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\udc80-\udcff]")
UTF16_MESSAGE = gettext_lazy(
    "The file is saved as “Unicode text” (UTF-16). Save it again as "
    "“CSV UTF-8 (comma delimited)” and upload that file."
)
NOT_UTF8_MESSAGE = gettext_lazy(
    "The file is not in UTF-8: this line has a character that cannot be read "
    "(often an accented letter). In Excel, choose File › Save As › "
    "“CSV UTF-8 (comma delimited)”; in LibreOffice, choose the “Unicode (UTF-8)” "
    "character set when saving."
)


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


def read(data: Upload, parsed: Parsed[Any]) -> list[Record]:
    """The file's records, keyed by parsed.columns; none when the file cannot be read.

    data is the file's content or a binary file (an upload, an open file), read a line at a
    time: a line is read at most MAX_LINE_CHARACTERS at a time and a longer one is skipped and
    reported, so that the memory a file costs is bounded by its good lines. Blank lines are
    skipped, and so are the empty cells right of the table that spreadsheets leave behind. A
    record starts on the line given (quoted values may span lines).
    """
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    if _is_utf16(stream):
        parsed.refuse(None, "", str(UTF16_MESSAGE))
        return []
    # utf-8-sig drops the byte-order mark that Excel puts at the start of “CSV UTF-8”; a byte
    # that is not UTF-8 comes through as a lone surrogate, so that its line can be named.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        return _records(_Lines(text), parsed)
    finally:
        text.detach()  # the caller's file stays open


def _records(lines: "_Lines", parsed: Parsed[Any]) -> list[Record]:
    header = next(lines, None)
    blank = header is None or (header.text is not None and not header.text.strip())
    if blank and all(line.text is not None and not line.text.strip() for line in lines):
        parsed.refuse(None, "", _("The file is empty."))
        return []
    if header is not None and (problem := _unreadable(header)):
        parsed.refuse(1, "", problem)
        return []
    if problem := _header_problem(header.text if header else "", parsed.columns):
        parsed.problems.append(problem)
        return []
    names = [name.strip().lower() for name in _cells(header.text)]
    positions = {column: names.index(column) for column in parsed.columns}
    records = []
    for line in lines:
        if line.text is not None and SURROGATE.search(line.text):
            # The whole file is in another encoding: one message says it.
            parsed.refuse(line.number, "", str(NOT_UTF8_MESSAGE))
            return []
        if problem := _unreadable(line):
            parsed.refuse(line.number, "", problem)
            continue
        values = _cells(line.text)
        if not any(value.strip() for value in values):
            continue  # blank lines, and the empty “,,,,” lines spreadsheets leave at the end
        if len(values) > len(names) and not any(value.strip() for value in values[len(names) :]):
            values = values[: len(names)]
        if len(values) != len(names):
            parsed.refuse(
                line.number,
                "",
                _(
                    "This line has %(found)d values but the first line names %(expected)d "
                    "columns. A value that contains a comma must be in double quotes."
                )
                % {"found": len(values), "expected": len(names)},
            )
            continue
        cells = {column: CONTROL.sub("", values[i]).strip() for column, i in positions.items()}
        records.append(Record(line.number, cells))
    return records


@dataclass(frozen=True)
class _Line:
    """A record of the file as read: where it starts, its text (None when too long)."""

    number: int
    text: str | None


class _Lines:
    """The records of a text stream, each at most MAX_LINE_CHARACTERS long, without ever
    holding more than that of one. A record ends at a line break outside double quotes (in
    CSV a quote inside a quoted value is doubled, so an even count of quotes closes it)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.number = 0  # physical lines read

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> _Line:
        start, parts, length, quotes = self.number + 1, [], 0, 0
        while True:
            part = self.text.readline(MAX_LINE_CHARACTERS + 1 - length)
            if not part:
                if not parts:
                    raise StopIteration
                return _Line(start, "".join(parts))
            if part.endswith(("\n", "\r")):
                self.number += 1
            parts.append(part)
            length += len(part)
            quotes += part.count('"')
            if part.endswith(("\n", "\r")) and quotes % 2 == 0:
                return _Line(start, "".join(parts))
            if length > MAX_LINE_CHARACTERS:
                self._skip_record(quotes)
                return _Line(start, None)

    def _skip_record(self, quotes: int) -> None:
        """Read past the rest of a record that is too long, a bounded piece at a time."""
        while part := self.text.readline(MAX_LINE_CHARACTERS):
            quotes += part.count('"')
            if part.endswith(("\n", "\r")):
                self.number += 1
                if quotes % 2 == 0:
                    return


def _unreadable(line: _Line) -> str | None:
    """Why this record cannot be read as CSV, in HR's words, if it cannot."""
    if line.text is None:
        return _(
            "This line is too long: more than %(limit)d characters. Check that the file is "
            "the right one, and that every double quote that opens a value closes it."
        ) % {"limit": MAX_LINE_CHARACTERS}
    if SURROGATE.search(line.text):
        return str(NOT_UTF8_MESSAGE)
    if "\x00" in line.text:
        return _(
            "This line holds a NUL character, an invisible byte that a spreadsheet never "
            "writes: the file is damaged or was not saved as CSV. Save it again as "
            "“CSV UTF-8 (comma delimited)”."
        )
    if line.text.count(",") >= MAX_COLUMNS and len(_cells(line.text)) > MAX_COLUMNS:
        return _("This line has more than %(limit)d values: it is not a line of this table.") % {
            "limit": MAX_COLUMNS
        }
    return None


def _cells(text: str) -> list[str]:
    """The values of one record (a text of at most MAX_LINE_CHARACTERS)."""
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        # Only a value left open by a double quote at the end of the file gets here.
        return next(csv.reader([text + '"']), [])


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


def _is_utf16(stream: IO[bytes]) -> bool:
    start = stream.tell()
    head = stream.read(2)
    stream.seek(start)
    return head in (b"\xff\xfe", b"\xfe\xff")


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

    def execute(self, *args: Any, **options: Any) -> str | None:
        self.opened: list[IO[bytes]] = []
        try:
            return super().execute(*args, **options)
        finally:
            for stream in self.opened:
                stream.close()

    def read(self, file: Path) -> IO[bytes]:
        """FILE opened for reading: the import reads it a line at a time (closed at the end)."""
        try:
            stream = file.open("rb")
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from error
        self.opened.append(stream)
        return stream

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
