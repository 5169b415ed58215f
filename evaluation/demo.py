"""The demo's evaluation: answered surveys, so that the dashboard shows real curves.

A step of `seed_demo` (demo/management/commands/seed_demo.py), after the pairing and
sessions steps.

- “Digital acculturation, first edition” is completed: this step gives it the history it
  would have had (the enrolment step leaves completed programmes alone): volunteers with
  mentor@example.com and mentee@example.com among them, published pairs, six months of
  sessions with feedback, the baseline, the mid-point pulse and the final review answered
  by most, testimonials (some published), and its completion recorded, so that mentee@
  downloads a certificate of participation from “My surveys and certificates”.
- “CSR and sustainability” is running: the volunteers the pairing step approved answer
  the baseline.

Rows are written directly, not through the services, so that the demo sends no email.
A programme that already has survey answers is left as it is, so a second run adds
nothing.
"""

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.dates import working_day
from enrolments import demo as enrolment_demo
from enrolments.demo import written_by
from enrolments.models import Enrolment, EnrolmentTopic
from meetings.models import Feedback, Meeting
from pairing.models import Pair
from people.models import User
from programmes.models import Programme, Topic

from . import questions as q
from .models import Answer, Completion, EvaluationSettings, Response, Survey, Testimonial
from .services.closing import close_programme
from .services.surveys import ensure_surveys

COMPLETED_SLUG = "digital-acculturation-first-edition"
RUNNING_SLUG = "csr-sustainability"
MENTORS, MENTEES = 14, 16
Role = Enrolment.Role
Kind = Survey.Kind

FREE_LINES = [  # each in its author's language (`written_by`)
    (
        "We should have met every two weeks at the start.",
        "Nous aurions dû nous voir toutes les deux semaines au début.",
    ),
    (
        "Booking a room on site made it real for both of us.",
        "Réserver une salle sur site a rendu la chose concrète pour nous deux.",
    ),
    ("More time for questions from my side, please.", "Plus de temps pour mes questions, svp."),
    (
        "The first session was awkward, the next ones great.",
        "La première séance était gênée, les suivantes excellentes.",
    ),
    ("Hard to find slots in December.", "Difficile de trouver des créneaux en décembre."),
    (
        "A short guide for the first session would help.",
        "Un petit guide pour la première séance aiderait.",
    ),
]
# (role, language, words, translation consented, HR's translation, published): in both
# languages, with and without consent to a translation, one consented and not translated
# yet (waiting for HR), one that HR keeps off.
TESTIMONIALS = [
    (
        Role.MENTEE,
        "en",
        "I use an AI assistant every week now, and I stopped being afraid of asking "
        "'naive' questions.",
        True,
        "J'utilise un assistant d'IA chaque semaine, et je n'ai plus peur de poser des "
        "questions «\u00a0naïves\u00a0».",
        True,
    ),
    (
        Role.MENTOR,
        "fr",
        "Je comprends comment le comité exécutif décide, et ma mentorée écoute ce que je dis "
        "de notre génération.",
        True,
        "I understand how the executive committee decides, and my mentee listens to what "
        "I say about our generation.",
        True,
    ),
    (
        Role.MENTEE,
        "en",
        "My LinkedIn posts are read now. More importantly, I understand why.",
        False,
        "",
        True,
    ),
    (
        Role.MENTOR,
        "fr",
        "Être écouté par une directrice a changé ma façon de prendre la parole en réunion.",
        False,
        "",
        True,
    ),
    (
        Role.MENTEE,
        "fr",
        "Six heures bien employées. Je l'ai recommandé à toute mon équipe de direction.",
        True,
        "",
        None,
    ),
    (
        Role.MENTOR,
        "en",
        "Fun, but I would have liked more time for my own questions.",
        False,
        "",
        False,
    ),
]


def seed_evaluation(demo: Any) -> str:
    """seed_demo step: a completed programme with its whole evaluation; baselines answered
    in the running programme."""
    rng = demo.rng("evaluation")
    programmes = Programme.objects.in_bulk([COMPLETED_SLUG, RUNNING_SLUG], field_name="slug")
    lines, before = [], Response.objects.answered().count()
    with transaction.atomic():
        completed = programmes.get(COMPLETED_SLUG)
        if completed is not None and completed.status == Programme.Status.COMPLETED:
            if not Answer.objects.filter(programme=completed).exists():
                _history(completed, demo, rng)
            count = Response.objects.answered().filter(survey__programme=completed).count()
            lines.append(f"{count} answered in {completed.slug}")
        running = programmes.get(RUNNING_SLUG)
        if running is not None and running.status == Programme.Status.RUNNING:
            if not Answer.objects.filter(programme=running).exists():
                enrolments = list(Enrolment.objects.approved().filter(programme=running))
                _answer(running, Kind.BASELINE, enrolments, rng, when=_at(running.start_on, -5))
            count = Response.objects.answered().filter(survey__programme=running).count()
            lines.append(f"{count} answered in {running.slug}")
    summary = "; ".join(lines) or "no programme to evaluate"
    return f"Surveys: {summary} ({Response.objects.answered().count() - before} new)"


def _at(day: date, days: int = 0, hour: int = 10) -> datetime:
    """`hour` o'clock `days` after `day`, on a working day (a weekend moves to Monday)."""
    return timezone.make_aware(
        datetime.combine(working_day(day + timedelta(days=days)), time(hour))
    )


def _history(programme: Programme, demo: Any, rng: random.Random) -> None:
    """Volunteers, pairs, sessions, feedback and the three surveys of a finished programme."""
    hr, mentor, mentee = demo.accounts["hr"], demo.accounts["mentor"], demo.accounts["mentee"]
    if not Enrolment.objects.filter(programme=programme).exists():
        _enrol(programme, demo, rng, pinned=(mentor, mentee), hr=hr)
    approved = Enrolment.objects.approved().filter(programme=programme).select_related("person")
    mentors = sorted(
        (e for e in approved if e.role == Role.MENTOR), key=lambda e: e.person_id != mentor.pk
    )
    mentees = sorted(
        (e for e in approved if e.role == Role.MENTEE), key=lambda e: e.person_id != mentee.pk
    )
    published = _at(programme.start_on, -7)
    pairs = Pair.objects.bulk_create(
        Pair(
            programme=programme,
            mentor=left,
            mentee=right,
            mentor_person_id=left.person_id,
            mentee_person_id=right.person_id,
            status=Pair.Status.ACTIVE,
            published_at=published,
            published_by=hr,
            set_by_hand=index == 0,
        )
        for index, (left, right) in enumerate(zip(mentors, mentees, strict=False))
    )
    _sessions(programme, pairs, rng)  # the first pair, the demo accounts', never cancels
    members = [e for pair in pairs for e in (pair.mentor, pair.mentee)]
    always = frozenset({mentor.pk, mentee.pk})
    start, end = programme.start_on, programme.ends_on
    _answer(programme, Kind.BASELINE, list(approved), rng, when=_at(start, -5), always=always)
    midpoint = _at(start + (end - start) / 2, 2)
    _answer(programme, Kind.MIDPOINT, members, rng, when=midpoint, always=always)
    final = _answer(programme, Kind.FINAL, members, rng, when=_at(end, -10), always=always)
    _testimonials(final, hr, rng)
    EvaluationSettings.objects.update_or_create(
        programme=programme, defaults={"target_population": 60}
    )
    close_programme(programme=programme, now=_at(programme.ends_on, 1))
    # The demo sends no closing email: the certificates are on “My surveys and certificates”.
    Completion.objects.filter(programme=programme).update(emailed_at=_at(programme.ends_on, 1))


def _enrol(
    programme: Programme,
    demo: Any,
    rng: random.Random,
    *,
    pinned: tuple[User, User],
    hr: User,
) -> None:
    accounts = {account.pk for account in demo.accounts.values()}
    people = sorted(
        (
            person
            for person in demo.people.values()
            if person.is_active and person.grade and person.pk not in accounts
        ),
        key=lambda person: person.email,
    )
    people = [person for person in people if not person.is_hr_admin]
    volunteers = []
    for role, account, wanted, fits in (
        (Role.MENTOR, pinned[0], MENTORS, lambda person: person.grade <= 6),
        (Role.MENTEE, pinned[1], MENTEES, lambda person: person.grade >= 12),
    ):
        volunteers.append(enrolment_demo._Volunteer(account, role, Enrolment.Status.APPROVED))
        candidates = [person for person in people if fits(person)]
        for index, person in enumerate(rng.sample(candidates, min(len(candidates), wanted))):
            status = Enrolment.Status.APPROVED if index < wanted - 2 else Enrolment.Status.WITHDRAWN
            volunteers.append(enrolment_demo._Volunteer(person, role, status))
            people.remove(person)
    enrolment_demo._write(programme, volunteers, hr, rng)


def _sessions(programme: Programme, pairs: list[Pair], rng: random.Random) -> None:
    """Monthly sessions over the programme: most held and rated, a few cancelled, the
    ratings rising as the pairs find their rhythm."""
    meetings = []
    for index, pair in enumerate(pairs):
        for month in range(programme.duration_months):
            when = _at(programme.start_on, 30 * month + rng.randint(0, 20), rng.choice([9, 14]))
            if index > 0 and rng.random() < 0.1:
                meetings.append(
                    Meeting(
                        pair=pair,
                        starts_at=when,
                        status=Meeting.Status.CANCELLED,
                        cancelled_at=when - timedelta(days=2),
                        cancelled_by_id=pair.mentee_person_id,
                        cancel_reason=written_by(
                            pair.mentee_person, enrolment_demo.CANCELLED_FOR_BOARD
                        ),
                        origin=Meeting.Origin.SCHEDULE,
                    )
                )
            else:
                meetings.append(
                    Meeting(
                        pair=pair,
                        starts_at=when,
                        status=Meeting.Status.HELD,
                        logged_at=when + timedelta(hours=2),
                        logged_by_id=pair.mentor_person_id,
                        origin=Meeting.Origin.SCHEDULE,
                    )
                )
    meetings = Meeting.objects.bulk_create(meetings)
    feedback = []
    for meeting in meetings:
        if meeting.status != Meeting.Status.HELD:
            continue
        month = (meeting.starts_at.date() - programme.start_on).days // 30
        for author in (meeting.pair.mentor_person_id, meeting.pair.mentee_person_id):
            if rng.random() < 0.85:
                low = 3 if month < 2 else 4
                feedback.append(
                    Feedback(meeting=meeting, author_id=author, rating=rng.randint(low, 5))
                )
    Feedback.objects.bulk_create(feedback)


def _answer(
    programme: Programme,
    kind: str,
    enrolments: list[Enrolment],
    rng: random.Random,
    *,
    when: datetime,
    always: frozenset[int] = frozenset(),
) -> list[Response]:
    """Invite these people to the survey and have most of them (and `always`, person ids)
    answer it."""
    survey = ensure_surveys(programme)[kind]
    questions = {question.key: question for question in survey.questions.all()}
    responses = _invite(survey, enrolments, rng, when=when, always=always)
    baseline = _baseline_perception(programme) if kind == Kind.FINAL else {}
    confidence = _confidence(programme) if kind == Kind.FINAL else {}
    Answer.objects.bulk_create(
        Answer.of(response, questions[key], topic=topic, value=value, text=text)
        for response in responses
        for key, value, text, topic in _values(kind, response.enrolment, rng, baseline, confidence)
        if questions[key].asked_to(response.enrolment.role)
    )
    return responses


def _invite(
    survey: Survey,
    enrolments: list[Enrolment],
    rng: random.Random,
    *,
    when: datetime,
    always: frozenset[int],
) -> list[Response]:
    """The invitations, most of them answered within the week: the answered ones."""
    rows = []
    for enrolment in enrolments:
        answered = rng.random() < 0.85 or enrolment.person_id in always
        rows.append(
            Response(
                survey=survey,
                enrolment=enrolment,
                invited_at=when,
                answered_at=when + timedelta(days=rng.randint(0, 6)) if answered else None,
                reminders_sent=0 if answered else 2,
            )
        )
    Response.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        Response.objects.filter(survey=survey, answered_at__isnull=False).select_related(
            "survey", "enrolment"
        )
    )


def _values(
    kind: str,
    enrolment: Enrolment,
    rng: random.Random,
    baseline: dict[tuple[int, str], int],
    confidence: dict[int, list[tuple[Topic, int]]],
) -> Iterator[tuple[str, int | None, str, Topic | None]]:
    """One person's answers, (question key, value, text, topic), drawn in a fixed order so
    that the demo is the same every time: the final review builds on the baseline."""
    if kind == Kind.MIDPOINT:
        yield q.PAIR_WORKING, rng.choice([3, 4, 4, 5, 5]), "", None
        yield q.RHYTHM, rng.choice([0, 1, 1, 1, 1, 2]), "", None
        if rng.random() < 0.4:
            yield q.FREE_LINE, None, written_by(enrolment.person, rng.choice(FREE_LINES)), None
        return
    for key in q.PERCEPTION_KEYS:
        if kind == Kind.BASELINE:
            yield key, rng.randint(2, 4), "", None
        else:
            before = baseline.get((enrolment.pk, key), 3)
            yield key, min(5, before + rng.choice([0, 0, 1, 1, 1, 2])), "", None
    if kind == Kind.FINAL:
        for topic, before in confidence.get(enrolment.pk, []):
            after = min(5, before + rng.choice([0, 1, 1, 2, 2]))
            yield q.CONFIDENCE, after, "", topic
            if topic.kind == Topic.Kind.TAUGHT:
                # Those who gained confidence mostly use the tool now.
                adopted = rng.random() < (0.9 if after >= 4 else 0.35)
                yield q.ADOPTION, int(adopted), "", topic
        yield q.SATISFACTION, rng.choice([3, 4, 4, 5, 5, 5]), "", None
        yield q.RECOMMEND, rng.choice([6, 7, 8, 9, 9, 10, 10, 10]), "", None


def _baseline_perception(programme: Programme) -> dict[tuple[int, str], int]:
    return {
        (enrolment_id, key): value
        for enrolment_id, key, value in Answer.objects.filter(
            programme=programme, survey_kind=Kind.BASELINE, key__in=q.PERCEPTION_KEYS
        ).values_list("enrolment_id", "key", "value")
    }


def _confidence(programme: Programme) -> dict[int, list[tuple[Topic, int]]]:
    rows: dict[int, list[tuple[Topic, int]]] = {}
    for row in EnrolmentTopic.objects.filter(
        enrolment__programme=programme, confidence__isnull=False
    ).select_related("topic"):
        rows.setdefault(row.enrolment_id, []).append((row.topic, row.confidence))
    return rows


def _testimonials(final: list[Response], hr: User, rng: random.Random) -> None:
    by_role: dict[str, list[Response]] = {Role.MENTOR: [], Role.MENTEE: []}
    for response in final:
        by_role[response.enrolment.role].append(response)
    rows = []
    for role, language, text, may_translate, translation, published in TESTIMONIALS:
        if not by_role[role]:
            continue
        response = by_role[role].pop(rng.randrange(len(by_role[role])))
        status = {True: Testimonial.Status.APPROVED, False: Testimonial.Status.REJECTED}
        rows.append(
            Testimonial(
                response=response,
                text=text,
                language=language,
                consented_at=response.answered_at,
                translation_consented_at=response.answered_at if may_translate else None,
                translation=translation,
                status=status.get(published, Testimonial.Status.PENDING),
                decided_by=hr if published is not None else None,
                decided_at=response.answered_at + timedelta(days=3)
                if published is not None
                else None,
            )
        )
    Testimonial.objects.bulk_create(rows)
