"""Factories for tests that need pairs, sessions and survey answers (no test in here)."""

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from enrolments.models import Enrolment, EnrolmentTopic
from meetings.models import Feedback, Meeting
from mentoring.testing import make_person
from pairing.models import Pair
from pairing.testing import Role, approve
from people.models import User
from programmes.models import Programme, Topic
from programmes.testing import make_programme

from . import services
from .models import Answer, Response, Survey


def make_running_programme(
    *, sponsor: User | None = None, start_on: date | None = None, **fields: Any
) -> Programme:
    """A running programme of six months that started three months ago (unless told):
    generative AI and social networks taught, strategy given back."""
    start_on = start_on or timezone.localdate() - timedelta(days=90)
    fields.setdefault("name", "Digital acculturation")
    fields.setdefault("max_mentees_per_mentor", 2)
    return make_programme(
        status=Programme.Status.RUNNING,
        sponsor=sponsor,
        start_on=start_on,
        enrolment_opens_on=start_on - timedelta(days=30),
        enrolment_closes_on=start_on - timedelta(days=7),
        **fields,
    )


def make_pair(
    programme: Programme,
    *,
    mentor: User | None = None,
    mentee: User | None = None,
    confidence: dict[str, int] | None = None,
    status: str = Pair.Status.ACTIVE,
    published_at: datetime | None = None,
) -> Pair:
    """A published pair with approved enrolments; the mentee's baseline confidence per topic
    slug is `confidence` (default: generative AI at 2)."""
    mentor = mentor or make_person(grade=3)
    mentee = mentee or make_person(grade=15)
    confidence = {"generative-ai": 2} if confidence is None else confidence
    mentor_enrolment = approve(programme, mentor, Role.MENTOR, dict.fromkeys(confidence, 4))
    mentee_enrolment = approve(
        programme, mentee, Role.MENTEE, {slug: i + 1 for i, slug in enumerate(confidence)}
    )
    for slug, value in confidence.items():
        EnrolmentTopic.objects.filter(enrolment=mentee_enrolment, topic__slug=slug).update(
            confidence=value
        )
    now = timezone.now()
    return Pair.objects.create(
        programme=programme,
        mentor=mentor_enrolment,
        mentee=mentee_enrolment,
        mentor_person=mentor,
        mentee_person=mentee,
        status=status,
        published_at=published_at or now - timedelta(days=80),
        ended_at=now if status == Pair.Status.ENDED else None,
        end_reason=Pair.EndReason.OTHER if status == Pair.Status.ENDED else "",
    )


def hold(pair: Pair, *, when: datetime, ratings: tuple[int, ...] = ()) -> Meeting:
    """A session held at `when`, rated by the mentor then the mentee (as many as given)."""
    meeting = Meeting.objects.create(
        pair=pair,
        starts_at=when,
        status=Meeting.Status.HELD,
        logged_at=when,
        logged_by=pair.mentor_person,
    )
    for author, rating in zip((pair.mentor_person, pair.mentee_person), ratings, strict=False):
        Feedback.objects.create(meeting=meeting, author=author, rating=rating)
    return meeting


def plan(pair: Pair, *, when: datetime) -> Meeting:
    return Meeting.objects.create(pair=pair, starts_at=when)


def answer(
    enrolment: Enrolment,
    kind: str,
    values: dict[str, Any],
    *,
    answered: bool = True,
) -> Response:
    """A response written directly: `values` maps a question key to a value, or to
    {topic slug: value} for the questions asked per topic; text for text questions."""
    surveys = services.ensure_surveys(enrolment.programme)
    survey: Survey = surveys[kind]
    now = timezone.now()
    response, _created = Response.objects.get_or_create(
        survey=survey,
        enrolment=enrolment,
        defaults={"invited_at": now, "answered_at": now if answered else None},
    )
    questions = {question.key: question for question in survey.questions.all()}
    topics = Topic.objects.in_bulk(field_name="slug")
    rows = []
    for key, value in values.items():
        question = questions[key]
        items = value.items() if isinstance(value, dict) else [(None, value)]
        for slug, item in items:
            text = item if isinstance(item, str) else ""
            rows.append(
                Answer(
                    response=response,
                    question=question,
                    topic=topics[slug] if slug else None,
                    value=None if text else item,
                    text=text,
                )
            )
    Answer.objects.bulk_create(rows)
    return response
