"""Reading and checking HR's directory file (CSV). No writes here: see services.import_directory.

The file's skeleton (decoding, header, blank lines, the report) is common to
every import (common/importing.py); here is what a directory line means.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from common import importing
from common.importing import (
    Parsed,
    Problem,
    Record,
    SharedFields,
    is_email,
    too_long,
    whole,
)

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
PREFERRED_LANGUAGES = tuple(User.Language.values)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def parse(data: bytes, *, known: Mapping[str, KnownPerson]) -> Parsed[Row]:
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
    if form.is_valid():
        return form.row(record.line), []
    return None, [
        Problem(record.line, column, message)
        for column, messages in form.errors.items()
        for message in messages
    ]


# --- One line -------------------------------------------------------------------


class Cell(forms.Field):
    """A column of the file, its value already stripped; missing says what a required one lacks."""

    def __init__(self, *, missing: str = "", max_length: int | None = None, **kwargs) -> None:
        validators = [_at_most(max_length)] if max_length else []
        super().__init__(
            required=bool(missing),
            validators=validators + kwargs.pop("validators", []),
            error_messages={"required": missing} if missing else None,
            **kwargs,
        )


def _at_most(limit: int) -> Callable[[str], None]:
    def validate(value: str) -> None:
        if message := too_long(value, limit):
            raise ValidationError(message)

    return validate


def _an_email(value: str) -> None:
    if not is_email(value.lower()):
        raise ValidationError(_("“%(value)s” is not an email address.") % {"value": value})


class DirectoryLine(forms.Form):
    """One line of the directory file, column by column, with messages for HR."""

    email = Cell(
        missing=gettext_lazy("The email address is missing."),
        max_length=254,
        validators=[_an_email],
    )
    name = Cell(
        missing=gettext_lazy("The name is missing."),
        max_length=User._meta.get_field("name").max_length,
    )
    department = Cell(max_length=120)
    job_title = Cell(max_length=User._meta.get_field("job_title").max_length)
    grade = Cell()
    manager_email = Cell()
    hired_on = Cell()
    birth_year = Cell()
    site = Cell(max_length=User._meta.get_field("site").max_length)
    country = Cell()
    languages = Cell()
    preferred_language = Cell()

    def __init__(self, cells: Mapping[str, str], *, today: date) -> None:
        super().__init__(cells, label_suffix="")  # no labels: spares a translation per line
        self.today = today

    def _clean_fields(self) -> None:
        # Django's own, less the widgets and bound fields a page needs: cells are plain
        # strings, and a file has ten thousand lines (bench/import_people.py).
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(self.data[name])
                if clean := getattr(self, f"clean_{name}", None):
                    self.cleaned_data[name] = clean()
            except ValidationError as error:
                self.add_error(name, error)

    def row(self, line: int) -> Row:
        values = dict(self.cleaned_data)
        return Row(line=line, generation=values.pop("birth_year"), **values)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()

    def clean_grade(self) -> int | None:
        value = self.cleaned_data["grade"]
        if not value:
            return None
        grade = whole(value, GRADE_MIN, GRADE_MAX)
        if grade is None:
            raise ValidationError(
                _("The grade must be a whole number from %(min)d to %(max)d, not “%(value)s”.")
                % {"min": GRADE_MIN, "max": GRADE_MAX, "value": value}
            )
        return grade

    def clean_manager_email(self) -> str:
        value = self.cleaned_data["manager_email"]
        manager_email = value.lower()
        if manager_email and not is_email(manager_email):
            raise ValidationError(_("“%(value)s” is not an email address.") % {"value": value})
        if manager_email and manager_email == self.data["email"].lower():
            raise ValidationError(_("A person cannot be their own manager."))
        return manager_email

    def clean_hired_on(self) -> date | None:
        value = self.cleaned_data["hired_on"]
        if not value:
            return None
        hired_on = _parse_date(value)
        if hired_on is None:
            raise ValidationError(
                _("“%(value)s” is not a date. Write dates as YYYY-MM-DD, for example 2021-09-01.")
                % {"value": value}
            )
        if hired_on > self.today:
            raise ValidationError(_("The hire date is in the future."))
        return hired_on

    def clean_birth_year(self) -> str:
        """The generation band: the year itself goes no further than this method."""
        value = self.cleaned_data["birth_year"]
        if not value:
            return ""
        youngest = self.today.year - YOUNGEST_WORKING_AGE
        birth_year = whole(value, OLDEST_BIRTH_YEAR, youngest)
        if birth_year is None:
            raise ValidationError(
                _(
                    "The birth year must be a year from %(oldest)d to %(youngest)d, "
                    "not “%(value)s” (leave it empty if unknown)."
                )
                % {"oldest": OLDEST_BIRTH_YEAR, "youngest": youngest, "value": value}
            )
        return generation_for(birth_year).value

    def clean_country(self) -> str:
        value = self.cleaned_data["country"]
        country = value.upper()
        if country and (len(country) != 2 or country not in countries):
            raise ValidationError(
                _(
                    "“%(value)s” is not a country code. Use the two-letter code, for example FR "
                    "or GB."
                )
                % {"value": value}
            )
        return country

    def clean_languages(self) -> list[str]:
        return language_codes(self.cleaned_data["languages"])

    def clean_preferred_language(self) -> str:
        value = self.cleaned_data["preferred_language"]
        language = value.lower() or User.Language.ENGLISH
        if language not in PREFERRED_LANGUAGES:
            raise ValidationError(
                _(
                    "The preferred language must be %(choices)s (or empty for English), "
                    "not “%(value)s”."
                )
                % {"choices": " / ".join(PREFERRED_LANGUAGES), "value": value}
            )
        return language


# A form copies its fields, so that it may change its own; the cells keep no state, and
# the ten thousand lines of a file share them.
DirectoryLine.base_fields = SharedFields(DirectoryLine.base_fields)


def language_codes(value: str) -> list[str]:
    """The two-letter codes of a cell, separated by semicolons; a ValidationError names each
    wrong one (the enrolments import reads its languages column the same way)."""
    languages: list[str] = []
    errors: list[str] = []
    for code in value.split(LANGUAGE_SEPARATOR):
        code = code.strip().lower()
        if not code or code in languages:
            continue
        if code in ISO_639_1:
            languages.append(code)
        elif "," in code or " " in code:
            errors.append(
                _("Separate languages with a semicolon, for example “fr;en”, not “%(value)s”.")
                % {"value": value}
            )
            break
        else:
            errors.append(
                _(
                    "“%(value)s” is not a language code. Use two-letter ISO 639-1 codes, "
                    "for example fr, en, es."
                )
                % {"value": code}
            )
    if errors:
        raise ValidationError(errors)
    return languages


def _parse_date(value: str) -> date | None:
    if not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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
