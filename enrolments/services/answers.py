"""What a volunteer says (from the form or the import), and what is wrong with it, by field."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common import formatting
from people.models import User, validate_languages
from programmes.models import Programme, Topic

from .. import availability
from ..models import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    MOTIVATION_MAX_LENGTH,
    PRIORITY_MAX,
    PRIORITY_MIN,
    Enrolment,
)
from .reading import topics_in_scope

Role = Enrolment.Role
Problems = Iterator[tuple[str, str]]  # (form field, message)


@dataclass(frozen=True)
class TopicAnswer:
    """A mentor's level on a topic, or a mentee's priority and confidence today."""

    topic: Topic
    level: int | None = None
    priority: int | None = None
    confidence: int | None = None


@dataclass(kw_only=True)
class Answers:
    """What a volunteer says, as the form (or the import) gives it."""

    topics: Sequence[TopicAnswer]
    return_topics: Sequence[Topic] = ()
    capacity: int | None = None
    motivation: str = ""
    languages: Sequence[str] = ()
    availability: dict[str, Any] = field(default_factory=availability.flexible)
    preferred_mode: str = ""
    rather_not: Sequence[User] = ()
    gender: str = ""
    gender_consent: bool = False


def check_answers(
    *, programme: Programme, person: User, role: str, answers: Answers
) -> dict[str, list[str]]:
    """What is wrong with the answers, by form field; empty when they are right."""
    taught, given_back = topics_in_scope(programme)
    errors: dict[str, list[str]] = {}
    for name, message in (
        *_topic_problems(role, answers.topics, {topic.pk for topic in taught}),
        *_return_topic_problems(answers.return_topics, {topic.pk for topic in given_back}),
        *_capacity_problems(programme, role, answers.capacity),
        *_detail_problems(person, answers),
    ):
        errors.setdefault(name, []).append(message)
    return errors


def _topic_problems(role: str, answers: Sequence[TopicAnswer], taught: set[int]) -> Problems:
    if not answers:
        yield (
            "topics",
            _("Choose at least one topic you can teach.")
            if role == Role.MENTOR
            else _("Choose at least one topic you want to learn."),
        )
    seen: set[int] = set()
    for answer in answers:
        name = answer.topic.name
        if answer.topic.pk not in taught:
            yield "topics", _("“%(name)s” is not a topic of this programme.") % {"name": name}
        if answer.topic.pk in seen:
            yield "topics", _("“%(name)s” is given twice.") % {"name": name}
        seen.add(answer.topic.pk)
        problems = _mentor_answer if role == Role.MENTOR else _mentee_answer
        yield from (("topics", message) for message in problems(answer, name))


def _mentor_answer(answer: TopicAnswer, name: str) -> Iterator[str]:
    if answer.level is None or not LEVEL_MIN <= answer.level <= LEVEL_MAX:
        yield _("Give your level on “%(name)s”, from %(min)d to %(max)d.") % {
            "name": name,
            "min": LEVEL_MIN,
            "max": LEVEL_MAX,
        }
    if answer.priority is not None or answer.confidence is not None:
        yield _("Mentors give a level, not a priority or a confidence.")


def _mentee_answer(answer: TopicAnswer, name: str) -> Iterator[str]:
    if answer.priority is None or not PRIORITY_MIN <= answer.priority <= PRIORITY_MAX:
        yield _("Give the priority of “%(name)s”, from %(min)d to %(max)d.") % {
            "name": name,
            "min": PRIORITY_MIN,
            "max": PRIORITY_MAX,
        }
    if answer.confidence is not None and not CONFIDENCE_MIN <= answer.confidence <= CONFIDENCE_MAX:
        yield _("Your confidence on “%(name)s” goes from %(min)d to %(max)d.") % {
            "name": name,
            "min": CONFIDENCE_MIN,
            "max": CONFIDENCE_MAX,
        }
    if answer.level is not None:
        yield _("Mentees give a priority, not a level.")


def _return_topic_problems(topics: Sequence[Topic], given_back: set[int]) -> Problems:
    outside = [topic.name for topic in topics if topic.pk not in given_back]
    if outside:
        yield (
            "return_topics",
            _("Not topics of this programme: %(names)s.")
            % {"names": formatting.word_list(outside)},
        )


def _capacity_problems(programme: Programme, role: str, capacity: int | None) -> Problems:
    most = programme.max_mentees_per_mentor
    if role != Role.MENTOR:
        if capacity is not None:
            yield "capacity", _("Only mentors take mentees: a mentee has no capacity.")
    elif capacity is None or not 1 <= capacity <= most:
        yield (
            "capacity",
            _("A mentor takes from 1 to %(most)d mentee(s) in this programme.") % {"most": most},
        )


def _detail_problems(person: User, answers: Answers) -> Problems:
    yield from _invalid("languages", validate_languages, list(answers.languages))
    yield from _invalid("availability", availability.validate_availability, answers.availability)
    if answers.preferred_mode and answers.preferred_mode not in Programme.MeetingMode.values:
        yield "preferred_mode", _("Choose a meeting mode from the list.")
    if any(other.pk == person.pk for other in answers.rather_not):
        yield "rather_not", _("You cannot avoid being paired with yourself.")
    if answers.gender and answers.gender not in Enrolment.Gender.values:
        yield "gender", _("Choose a gender from the list, or leave it empty.")
    if len(answers.motivation) > MOTIVATION_MAX_LENGTH:
        yield (
            "motivation",
            _("At most %(limit)d characters, please.") % {"limit": MOTIVATION_MAX_LENGTH},
        )


def _invalid(name: str, validate: Callable[[Any], None], value: Any) -> Problems:
    try:
        validate(value)
    except ValidationError as error:
        yield from ((name, message) for message in error.messages)
