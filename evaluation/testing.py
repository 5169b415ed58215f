"""Factories for tests that need pairs, sessions and survey answers (no test in here)."""

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from enrolments.models import Enrolment, EnrolmentTopic
from meetings.models import Feedback, Meeting
from pairing.models import Pair
from pairing.testing import Role, approve
from people.models import User
from people.testing import make_person
from programmes.models import Programme, Topic
from programmes.testing import make_programme

from . import questions as q
from .models import Answer, Response, Survey
from .services.surveys import ensure_surveys


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
    surveys = ensure_surveys(enrolment.programme)
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
                Answer.of(
                    response,
                    question,
                    topic=topics[slug] if slug else None,
                    value=None if text else item,
                    text=text,
                )
            )
    Answer.objects.bulk_create(rows)
    return response


def make_large_programme(
    *, sponsor: User, pairs: int = 1500, sessions_per_pair: int = 6, seed: int = 7
) -> Programme:
    """A running programme at scale, written with bulk_create: `pairs` published pairs with
    `sessions_per_pair` sessions each (five in six held, the rest planned), feedback from both
    members on each held one, and answered baseline, pulse and final surveys."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    programme = make_running_programme(
        sponsor=sponsor, name="Large programme", slug=f"large-{seed}", start_on=None
    )
    topics = list(programme.topics.filter(kind=Topic.Kind.TAUGHT))
    now = timezone.now()
    enrolments = _large_enrolments(programme, topics, pairs, rng, tag=f"large{seed}", now=now)
    mentors, mentees = enrolments[0::2], enrolments[1::2]
    pair_rows = Pair.objects.bulk_create(
        Pair(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            mentor_person_id=mentor.person_id,
            mentee_person_id=mentee.person_id,
            status=Pair.Status.ACTIVE,
            published_at=now - timedelta(days=85),
        )
        for mentor, mentee in zip(mentors, mentees, strict=True)
    )
    _large_sessions(pair_rows, sessions_per_pair, rng, now=now)
    _large_answers(programme, enrolments, topics, rng, now=now)
    return programme


def _large_enrolments(
    programme: Programme,
    topics: list[Topic],
    pairs: int,
    rng: random.Random,
    *,
    tag: str,
    now: datetime,
) -> list[Enrolment]:
    """Approved mentors and mentees, alternately, with their topics and confidence."""
    people = User.objects.bulk_create(
        User(
            email=f"{tag}-{i}@example.com",
            name=f"Person {tag} {i}",
            password=make_password(None),
            grade=3 if i % 2 == 0 else 15,
        )
        for i in range(2 * pairs)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            person=person,
            role=Role.MENTOR if i % 2 == 0 else Role.MENTEE,
            status=Enrolment.Status.APPROVED,
            capacity=1 if i % 2 == 0 else None,
            decided_at=now,
        )
        for i, person in enumerate(people)
    )
    mentors, mentees = enrolments[0::2], enrolments[1::2]
    EnrolmentTopic.objects.bulk_create(
        [EnrolmentTopic(enrolment=e, topic=topic, level=4) for e in mentors for topic in topics[:1]]
        + [
            EnrolmentTopic(enrolment=e, topic=topic, priority=1 + k, confidence=rng.randint(1, 3))
            for e in mentees
            for k, topic in enumerate(topics)
        ]
    )
    return enrolments


def _large_sessions(
    pairs: list[Pair], sessions_per_pair: int, rng: random.Random, *, now: datetime
) -> None:
    """A session every two weeks per pair, most held and rated by both members."""
    meetings = []
    for pair in pairs:
        for k in range(sessions_per_pair):
            when = now - timedelta(days=80 - 14 * k, hours=rng.randint(0, 48))
            held = k < sessions_per_pair - 1 and rng.random() < 0.9
            meetings.append(
                Meeting(
                    pair=pair,
                    starts_at=when,
                    status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
                    logged_at=when if held else None,
                )
            )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)
    Feedback.objects.bulk_create(
        (
            Feedback(meeting=meeting, author_id=author, rating=rng.choice([3, 4, 4, 5, 5]))
            for meeting in meetings
            if meeting.status == Meeting.Status.HELD
            for author in (meeting.pair.mentor_person_id, meeting.pair.mentee_person_id)
        ),
        batch_size=5000,
    )


def _large_answers(
    programme: Programme,
    enrolments: list[Enrolment],
    topics: list[Topic],
    rng: random.Random,
    *,
    now: datetime,
) -> None:
    """Most people answer each of the three surveys."""
    surveys = ensure_surveys(programme)
    questions = {
        (survey.kind, question.key): question
        for survey in surveys.values()
        for question in survey.questions.all()
    }
    responses = Response.objects.bulk_create(
        (
            Response(survey=surveys[kind], enrolment=e, invited_at=now, answered_at=now)
            for kind in Survey.Kind.values
            for e in enrolments
            if rng.random() < 0.85
        ),
        batch_size=5000,
    )
    answers: list[Answer] = []

    def add(response: Response, key: str, value: int, topic: Topic | None = None) -> None:
        question = questions[(response.survey.kind, key)]
        if question.asked_to(response.enrolment.role):
            answers.append(Answer.of(response, question, topic=topic, value=value))

    for response in responses:
        kind = response.survey.kind
        if kind == Survey.Kind.MIDPOINT:
            add(response, q.PAIR_WORKING, rng.randint(3, 5))
            add(response, q.RHYTHM, rng.choice([0, 1, 1, 1, 2]))
            continue
        for key in q.PERCEPTION_KEYS:
            add(response, key, rng.randint(2, 4) + (1 if kind == Survey.Kind.FINAL else 0))
        if kind == Survey.Kind.FINAL:
            add(response, q.SATISFACTION, rng.randint(3, 5))
            add(response, q.RECOMMEND, rng.randint(5, 10))
            if response.enrolment.role == Role.MENTEE:
                for topic in topics:
                    add(response, q.CONFIDENCE, rng.randint(3, 5), topic)
                    add(response, q.ADOPTION, int(rng.random() < 0.6), topic)
    Answer.objects.bulk_create(answers, batch_size=5000)
