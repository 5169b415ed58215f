"""Reading and checking a file of volunteers collected elsewhere (a survey tool's export).

No writes here: see services.import_enrolments. Like the directory import
(people/importing.py, whose reading helpers and report this module reuses),
every line is checked so that HR sees every problem at once, and the file is
imported only when every line is right.

The file, one volunteer per line, with these columns in any order:

    email,role,topics,capacity,languages,availability,motivation

- email: someone already in the directory.
- role: mentor or mentee.
- topics: `slug:level` pairs separated by `;`, among the topics the
  programme's mentors teach. For a mentor the number is their level (1 to 4);
  for a mentee it is the topic's priority (1 is their first wish, up to 4), and
  a mentee may add their confidence today, 1 to 5, as `slug:priority:confidence`.
- capacity: mentors only, how many mentees they take (1 to the programme's
  maximum; empty means 1). Empty for mentees.
- languages: two-letter codes separated by `;`; empty takes the directory's.
- availability: `flexible` (or empty), or days and time ranges, for example
  `mon 09:00-12:00; thu 14:00-17:30` (see enrolments/availability.py).
- motivation: free text (quote it if it contains commas).
"""

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from people.directory import ISO_639_1
from people.importing import Problem, _decode, _is_email
from people.models import User
from programmes.models import Programme, Topic

from . import availability, eligibility
from .models import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    MOTIVATION_MAX_LENGTH,
    PRIORITY_MAX,
    PRIORITY_MIN,
    Enrolment,
)

COLUMNS = ("email", "role", "topics", "capacity", "languages", "availability", "motivation")
SEPARATOR = ";"
Role = Enrolment.Role


@dataclass(frozen=True)
class ImportedTopic:
    topic: Topic
    level: int | None = None
    priority: int | None = None
    confidence: int | None = None


@dataclass
class Row:
    line: int
    person: User
    role: str
    topics: list[ImportedTopic]
    capacity: int | None
    languages: list[str]
    availability: dict[str, Any]
    motivation: str


@dataclass
class ParsedEnrolments:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def column_guide(programme: Programme) -> list[tuple[str, bool, str]]:
    """What to write in each column, for the import page: (column, required, explanation)."""
    taught = ", ".join(
        sorted(
            topic.slug
            for topic in programme.topics.all()
            if topic.kind == Topic.Kind.TAUGHT and not topic.is_retired
        )
    )
    return [
        ("email", True, _("Work email address of someone already in the directory.")),
        ("role", True, _("mentor or mentee.")),
        (
            "topics",
            True,
            _(
                "Topics as short-name:number pairs separated by semicolons, for example "
                "generative-ai:3;social-networks:1. For a mentor the number is their level, "
                "from 1 to 4. For a mentee it is the priority, 1 for their first wish up to 4; "
                "a mentee may add their confidence today, from 1 to 5: generative-ai:1:2. "
                "This programme's topics: %(topics)s."
            )
            % {"topics": taught or "—"},
        ),
        (
            "capacity",
            False,
            _(
                "Mentors only: how many mentees they take, from 1 to %(most)d (empty means 1). "
                "Leave it empty for mentees."
            )
            % {"most": programme.max_mentees_per_mentor},
        ),
        (
            "languages",
            False,
            _(
                "Two-letter codes separated by semicolons, for example fr;en. Empty: the "
                "languages in the directory."
            ),
        ),
        (
            "availability",
            False,
            _(
                "“flexible” (or empty), or days and time ranges separated by semicolons, for "
                "example “mon 09:00-12:00; thu 14:00-17:30” or “tue,fri 12:00-14:00”. Days: "
                "mon tue wed thu fri sat sun."
            ),
        ),
        ("motivation", False, _("Why they volunteer, in their words.")),
    ]


def example_csv(programme: Programme) -> str:
    taught = sorted(
        topic.slug
        for topic in programme.topics.all()
        if topic.kind == Topic.Kind.TAUGHT and not topic.is_retired
    ) or ["generative-ai", "social-networks"]
    first, second = taught[0], taught[-1]
    lines = [
        ",".join(COLUMNS),
        f"lea.martin@example.com,mentor,{first}:4;{second}:2,1,fr;en,"
        f'mon 12:00-14:00; thu 14:00-17:30,"I use these tools every day, and like explaining."',
        f"samuel.okafor@example.com,mentee,{first}:1:2,,en;fr,flexible,"
        f'"I want to understand what my teams use."',
    ]
    return "\r\n".join(lines) + "\r\n"


def parse(data: bytes, *, programme: Programme) -> ParsedEnrolments:
    """Check the file against itself, the directory, the programme and its enrolments."""
    parsed = ParsedEnrolments()
    text = _decode(data, parsed.problems)
    if text is None:
        return parsed
    records = _records(text, parsed.problems)
    if records is None:
        return parsed
    emails = {cells["email"].lower() for _line, cells in records if cells["email"]}
    people = {
        person.email.lower(): person
        for person in User.objects.filter(email__in=emails, is_active=True)
    }
    enrolled = {
        enrolment.person_id: enrolment
        for enrolment in Enrolment.objects.filter(programme=programme, person__in=people.values())
    }
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    scope = {
        topic.slug
        for topic in programme.topics.all()
        if topic.kind == Topic.Kind.TAUGHT and not topic.is_retired
    }
    checker = _LineChecker(programme, people, enrolled, topics, scope)
    first_line_of: dict[str, int] = {}
    for line, cells in records:
        row, problems = checker.check(line, cells)
        email = cells["email"].lower()
        if email and email in first_line_of:
            problems.append(
                Problem(
                    line,
                    "email",
                    _(
                        "This email address is already on line %(line)d. Each person may "
                        "volunteer only once per programme."
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
        parsed.problems.append(Problem(None, "", _("The file has no volunteers in it.")))
    parsed.problems.sort(key=lambda problem: (problem.line or 0, _column_order(problem.column)))
    return parsed


def _records(text: str, problems: list[Problem]) -> list[tuple[int, dict[str, str]]] | None:
    """(line number, {column: value}) for each non-blank record; None if the header is wrong."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        hint = ""
        if len(header) == 1 and SEPARATOR in header[0]:
            hint = " " + _(
                "The columns seem separated by semicolons: save the file as “CSV UTF-8 "
                "(comma delimited)”."
            )
        problems.append(
            Problem(
                1,
                "",
                _("The first line must name every column. Missing: %(columns)s.")
                % {"columns": ", ".join(missing)}
                + hint,
            )
        )
        return None
    repeated = sorted({name for name in header if name in COLUMNS and header.count(name) > 1})
    if repeated:
        problems.append(
            Problem(
                1,
                "",
                _("These columns appear more than once in the first line: %(columns)s.")
                % {"columns": ", ".join(repeated)},
            )
        )
        return None
    positions = {column: header.index(column) for column in COLUMNS}
    records = []
    end_of_previous = reader.line_num
    for values in reader:
        line = end_of_previous + 1  # where this record starts (quoted values may span lines)
        end_of_previous = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(header) and not any(value.strip() for value in values[len(header) :]):
            values = values[: len(header)]
        if len(values) != len(header):
            problems.append(
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
        records.append((line, {column: values[i].strip() for column, i in positions.items()}))
    return records


class _LineChecker:
    def __init__(
        self,
        programme: Programme,
        people: Mapping[str, User],
        enrolled: Mapping[int, Enrolment],
        topics: Mapping[str, Topic],
        scope: set[str],
    ) -> None:
        self.programme = programme
        self.people = people
        self.enrolled = enrolled
        self.topics = topics
        self.scope = scope

    def check(self, line: int, cells: dict[str, str]) -> tuple[Row | None, list[Problem]]:
        problems: list[Problem] = []

        def refuse(column: str, message: str) -> None:
            problems.append(Problem(line, column, message))

        person = self._person(cells["email"], refuse)
        role = cells["role"].lower()
        if role not in Role.values:
            refuse(
                "role",
                _("The role must be “mentor” or “mentee”, not “%(value)s”.")
                % {"value": cells["role"]},
            )
            role = ""
        if person and role:
            for refusal in eligibility.refusals(self.programme, person, role):
                refuse("role", refusal.to_hr)
        topics = self._topics(cells["topics"], role, refuse)
        capacity = self._capacity(cells["capacity"], role, refuse)
        languages = self._languages(cells["languages"], refuse)
        try:
            when = availability.parse(cells["availability"])
        except ValueError as error:
            refuse("availability", str(error))
            when = availability.flexible()
        motivation = cells["motivation"]
        if len(motivation) > MOTIVATION_MAX_LENGTH:
            refuse(
                "motivation",
                _("This value is too long: %(length)d characters, at most %(limit)d.")
                % {"length": len(motivation), "limit": MOTIVATION_MAX_LENGTH},
            )
        if problems or person is None:
            return None, problems
        return (
            Row(
                line=line,
                person=person,
                role=role,
                topics=topics,
                capacity=capacity,
                languages=languages if cells["languages"] else list(person.languages),
                availability=when,
                motivation=motivation,
            ),
            problems,
        )

    def _person(self, value: str, refuse: Any) -> User | None:
        email = value.lower()
        if not email:
            refuse("email", _("The email address is missing."))
            return None
        if not _is_email(email):
            refuse("email", _("“%(value)s” is not an email address.") % {"value": value})
            return None
        person = self.people.get(email)
        if person is None:
            refuse(
                "email",
                _(
                    "Nobody in the directory has the address “%(value)s”. Import them into the "
                    "directory first, or correct the address."
                )
                % {"value": value},
            )
            return None
        existing = self.enrolled.get(person.pk)
        if existing is not None:
            refuse(
                "email",
                _(
                    "%(name)s has already volunteered for this programme (as %(role)s, "
                    "%(status)s). Each person may volunteer only once per programme."
                )
                % {
                    "name": person.name,
                    "role": existing.get_role_display().lower(),
                    "status": existing.get_status_display().lower(),
                },
            )
        return person

    def _topics(self, value: str, role: str, refuse: Any) -> list[ImportedTopic]:
        answers: list[ImportedTopic] = []
        seen: set[str] = set()
        pairs = [pair.strip() for pair in value.split(SEPARATOR) if pair.strip()]
        if not pairs:
            refuse(
                "topics",
                _(
                    "Give at least one topic, as short-name:number pairs separated by "
                    "semicolons, for example generative-ai:3;social-networks:2."
                ),
            )
        for pair in pairs:
            parts = [part.strip() for part in pair.split(":")]
            if len(parts) not in (2, 3) or not parts[0]:
                refuse(
                    "topics",
                    _(
                        "“%(value)s” is not a topic and a number: write short-name:number, for "
                        "example generative-ai:3."
                    )
                    % {"value": pair},
                )
                continue
            slug = parts[0].lower()
            topic = self.topics.get(slug)
            if topic is None:
                refuse("topics", _("There is no topic “%(slug)s”.") % {"slug": parts[0]})
                continue
            if slug not in self.scope:
                refuse(
                    "topics",
                    _(
                        "“%(slug)s” is not among the topics this programme's mentors teach: "
                        "%(scope)s."
                    )
                    % {"slug": slug, "scope": ", ".join(sorted(self.scope)) or "—"},
                )
                continue
            if slug in seen:
                refuse("topics", _("“%(slug)s” appears twice.") % {"slug": slug})
                continue
            seen.add(slug)
            if not role:
                continue  # the role is wrong: what the number means is unknown
            answer = self._numbers(topic, parts[1:], role, refuse)
            if answer is not None:
                answers.append(answer)
        return answers

    def _numbers(
        self, topic: Topic, numbers: list[str], role: str, refuse: Any
    ) -> ImportedTopic | None:
        if role == Role.MENTOR:
            if len(numbers) != 1:
                refuse(
                    "topics",
                    _("For a mentor, give one number per topic, the level: %(slug)s:3.")
                    % {"slug": topic.slug},
                )
                return None
            level = _whole(numbers[0], LEVEL_MIN, LEVEL_MAX)
            if level is None:
                refuse(
                    "topics",
                    _(
                        "The level on “%(slug)s” must be a whole number from %(min)d to %(max)d, "
                        "not “%(value)s”."
                    )
                    % {"slug": topic.slug, "min": LEVEL_MIN, "max": LEVEL_MAX, "value": numbers[0]},
                )
                return None
            return ImportedTopic(topic=topic, level=level)
        priority = _whole(numbers[0], PRIORITY_MIN, PRIORITY_MAX)
        if priority is None:
            refuse(
                "topics",
                _(
                    "The priority of “%(slug)s” must be a whole number from %(min)d to %(max)d, "
                    "not “%(value)s”."
                )
                % {
                    "slug": topic.slug,
                    "min": PRIORITY_MIN,
                    "max": PRIORITY_MAX,
                    "value": numbers[0],
                },
            )
            return None
        confidence = None
        if len(numbers) == 2:
            confidence = _whole(numbers[1], CONFIDENCE_MIN, CONFIDENCE_MAX)
            if confidence is None:
                refuse(
                    "topics",
                    _(
                        "The confidence on “%(slug)s” must be a whole number from %(min)d to "
                        "%(max)d, not “%(value)s”."
                    )
                    % {
                        "slug": topic.slug,
                        "min": CONFIDENCE_MIN,
                        "max": CONFIDENCE_MAX,
                        "value": numbers[1],
                    },
                )
                return None
        return ImportedTopic(topic=topic, priority=priority, confidence=confidence)

    def _capacity(self, value: str, role: str, refuse: Any) -> int | None:
        if role == Role.MENTEE:
            if value:
                refuse("capacity", _("Only mentors take mentees: leave this empty for a mentee."))
            return None
        if role != Role.MENTOR:
            return None
        if not value:
            return 1
        most = self.programme.max_mentees_per_mentor
        capacity = _whole(value, 1, most)
        if capacity is None:
            refuse(
                "capacity",
                _(
                    "A mentor takes from 1 to %(most)d mentee(s) in this programme: write a "
                    "whole number in that range, not “%(value)s”."
                )
                % {"most": most, "value": value},
            )
        return capacity

    def _languages(self, value: str, refuse: Any) -> list[str]:
        languages: list[str] = []
        for code in value.split(SEPARATOR):
            code = code.strip().lower()
            if not code or code in languages:
                continue
            if code in ISO_639_1:
                languages.append(code)
            elif "," in code or " " in code:
                refuse(
                    "languages",
                    _("Separate languages with a semicolon, for example “fr;en”, not “%(value)s”.")
                    % {"value": value},
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
        return languages


def _whole(value: str, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1
