"""Reading and checking a file of volunteers collected elsewhere (a survey tool's export).

No writes here: see services.import_enrolments. The file's skeleton (decoding,
header, blank lines, the all-or-nothing report) is every import's
(common/importing.py); here is what a volunteer's line means.

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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common import importing
from common.importing import Parsed, Problem, Record, Upload, is_email, too_long, whole
from people.forms import language_codes
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


def column_guide(programme: Programme) -> list[tuple[str, bool, str]]:
    """What to write in each column, for the import page: (column, required, explanation)."""
    taught = ", ".join(_taught(programme))
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
    taught = _taught(programme) or ["generative-ai", "social-networks"]
    first, second = taught[0], taught[-1]
    lines = [
        ",".join(COLUMNS),
        f"lea.martin@example.com,mentor,{first}:4;{second}:2,1,fr;en,"
        f'mon 12:00-14:00; thu 14:00-17:30,"I use these tools every day, and like explaining."',
        f"samuel.okafor@example.com,mentee,{first}:1:2,,en;fr,flexible,"
        f'"I want to understand what my teams use."',
    ]
    return "\r\n".join(lines) + "\r\n"


def parse(data: Upload, *, programme: Programme) -> Parsed[Row]:
    """Check the file against itself, the directory, the programme and its enrolments."""
    parsed = Parsed[Row](COLUMNS)
    records = importing.read(data, parsed)
    importing.check_lines(
        records,
        _LineChecker(programme, records).check,
        parsed,
        twice=_(
            "This email address is already on line %(line)d. Each person may "
            "volunteer only once per programme."
        ),
        nobody=_("The file has no volunteers in it."),
    )
    return parsed.in_order()


def _taught(programme: Programme) -> list[str]:
    """The slugs of the topics the programme's mentors teach, in order."""
    return sorted(
        topic.slug
        for topic in programme.topics.all()
        if topic.kind == Topic.Kind.TAUGHT and not topic.is_retired
    )


Refuse = Callable[[str, str], None]


class _LineChecker:
    """Checks lines against what a few queries over the whole file read once."""

    def __init__(self, programme: Programme, records: list[Record]) -> None:
        self.programme = programme
        emails = {record.cells["email"].lower() for record in records if record.cells["email"]}
        self.people: Mapping[str, User] = {
            person.email.lower(): person
            for person in User.objects.filter(email__in=emails, is_active=True)
        }
        self.enrolled: Mapping[int, Enrolment] = {
            enrolment.person_id: enrolment
            for enrolment in Enrolment.objects.filter(
                programme=programme, person__in=self.people.values()
            )
        }

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {topic.slug: topic for topic in Topic.objects.all()}

    @cached_property
    def scope(self) -> set[str]:
        return set(_taught(self.programme))

    def check(self, record: Record) -> tuple[Row | None, list[Problem]]:
        line, cells = record.line, record.cells
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
        languages: list[str] = []
        try:
            languages = language_codes(cells["languages"])
        except ValidationError as error:
            for message in error.messages:
                refuse("languages", message)
        try:
            when = availability.parse(cells["availability"])
        except ValueError as error:
            refuse("availability", str(error))
            when = availability.flexible()
        motivation = cells["motivation"]
        if message := too_long(motivation, MOTIVATION_MAX_LENGTH):
            refuse("motivation", message)
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

    def _person(self, value: str, refuse: Refuse) -> User | None:
        email = value.lower()
        if not email:
            refuse("email", _("The email address is missing."))
            return None
        if not is_email(email):
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

    def _topics(self, value: str, role: str, refuse: Refuse) -> list[ImportedTopic]:
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
        self, topic: Topic, numbers: list[str], role: str, refuse: Refuse
    ) -> ImportedTopic | None:
        def number(message: str, value: str, low: int, high: int) -> int | None:
            result = whole(value, low, high)
            if result is None:
                refuse(
                    "topics",
                    message % {"slug": topic.slug, "min": low, "max": high, "value": value},
                )
            return result

        if role == Role.MENTOR:
            if len(numbers) != 1:
                refuse(
                    "topics",
                    _("For a mentor, give one number per topic, the level: %(slug)s:3.")
                    % {"slug": topic.slug},
                )
                return None
            level = number(
                _(
                    "The level on “%(slug)s” must be a whole number from %(min)d to %(max)d, "
                    "not “%(value)s”."
                ),
                numbers[0],
                LEVEL_MIN,
                LEVEL_MAX,
            )
            return None if level is None else ImportedTopic(topic=topic, level=level)
        priority = number(
            _(
                "The priority of “%(slug)s” must be a whole number from %(min)d to %(max)d, "
                "not “%(value)s”."
            ),
            numbers[0],
            PRIORITY_MIN,
            PRIORITY_MAX,
        )
        if priority is None:
            return None
        confidence = None
        if len(numbers) == 2:
            confidence = number(
                _(
                    "The confidence on “%(slug)s” must be a whole number from %(min)d to "
                    "%(max)d, not “%(value)s”."
                ),
                numbers[1],
                CONFIDENCE_MIN,
                CONFIDENCE_MAX,
            )
            if confidence is None:
                return None
        return ImportedTopic(topic=topic, priority=priority, confidence=confidence)

    def _capacity(self, value: str, role: str, refuse: Refuse) -> int | None:
        if role == Role.MENTEE:
            if value:
                refuse("capacity", _("Only mentors take mentees: leave this empty for a mentee."))
            return None
        if role != Role.MENTOR:
            return None
        if not value:
            return 1
        most = self.programme.max_mentees_per_mentor
        capacity = whole(value, 1, most)
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
