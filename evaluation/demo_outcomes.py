"""The demo's outcomes: “Generation Z at work, 2024” ended more than a year ago, so the
retention and promotion of its junior mentors can be measured against comparable
employees. A step of `seed_demo`, after the evaluation step.

It gives the archived programme its volunteers (eligible, with their topics) and ended
pairs with a few sessions held, then writes the directory's dated events since that
programme started, as monthly full-directory imports would have recorded them: some
employees left, a few came back, some were promoted, the mentors a little more often.
The demo accounts and the people of other programmes never leave; the leavers stay
active, so that a second run of seed_demo changes nothing. A second run adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.dates import working_day
from enrolments import demo as enrolment_demo
from enrolments.models import Enrolment
from meetings.models import Meeting
from pairing.models import Pair
from people.models import DirectoryEvent, User
from programmes.models import Programme

ARCHIVED_SLUG = "generation-z-at-work-2024"
PAIRS = 10
Kind = DirectoryEvent.Kind


def seed_outcomes(demo: Any) -> str:
    """seed_demo step: the archived programme's pairs and the directory's dated events."""
    rng = demo.rng("outcomes")
    programme = Programme.objects.filter(slug=ARCHIVED_SLUG).first()
    if programme is None or DirectoryEvent.objects.exists():
        return f"Directory events: {DirectoryEvent.objects.count()} (0 new)"
    with transaction.atomic():
        mentors = _pairs(programme, demo, rng)
        count = _history(programme.start_on, demo, mentors, rng)
    return f"Directory events: {count} since {programme.start_on:%B %Y} (a full import a month)"


def _at(day: date, hour: int = 10) -> datetime:
    """`hour` o'clock on `day`, or on the Monday after when it is a weekend."""
    return timezone.make_aware(datetime.combine(working_day(day), time(hour)))


def _pairs(programme: Programme, demo: Any, rng: random.Random) -> list[int]:
    """Approved volunteers (with their topics, as the enrolment step writes them) and ended
    pairs of the archived programme; the mentors' ids."""
    if Pair.objects.filter(programme=programme).exists():
        return list(
            Pair.objects.filter(programme=programme).values_list("mentor_person_id", flat=True)
        )
    busy = set(Enrolment.objects.values_list("person_id", flat=True))
    busy |= {person.pk for person in demo.accounts.values()}
    people = [
        p
        for p in User.objects.filter(is_active=True, grade__isnull=False).order_by("email")
        if p.pk not in busy and not p.is_hr_admin
    ]
    volunteers = []
    for role, fits in (
        (Enrolment.Role.MENTOR, lambda person: person.grade <= 6),
        (Enrolment.Role.MENTEE, lambda person: person.grade >= 10),
    ):
        candidates = [p for p in people if fits(p) and enrolment_demo._eligible(programme, p, role)]
        for person in rng.sample(candidates, min(PAIRS, len(candidates))):
            volunteers.append(enrolment_demo._Volunteer(person, role, Enrolment.Status.APPROVED))
    enrolment_demo._write(programme, volunteers, demo.accounts["hr"], rng)
    approved = Enrolment.objects.filter(programme=programme).order_by("pk")
    mentors = [e for e in approved if e.role == Enrolment.Role.MENTOR]
    mentees = [e for e in approved if e.role == Enrolment.Role.MENTEE]
    pairs = Pair.objects.bulk_create(
        Pair(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            mentor_person_id=mentor.person_id,
            mentee_person_id=mentee.person_id,
            status=Pair.Status.ENDED,
            published_at=_at(programme.start_on - timedelta(days=7)),
            ended_at=_at(programme.ends_on),
            end_reason=Pair.EndReason.OTHER,
        )
        for mentor, mentee in zip(mentors, mentees, strict=False)
    )
    Meeting.objects.bulk_create(
        Meeting(
            pair=pair,
            starts_at=_at(programme.start_on + timedelta(days=10 + 30 * k)),
            status=Meeting.Status.HELD,
            logged_at=_at(programme.start_on + timedelta(days=10 + 30 * k), 12),
        )
        for pair in pairs
        for k in range(rng.randint(3, 5))
    )
    return [pair.mentor_person_id for pair in pairs]


def _history(start: date, demo: Any, mentors: list[int], rng: random.Random) -> int:
    """A year and a half of directory changes: leavers, returns, promotions."""
    today = demo.today
    span = (today - start).days
    keep = set(Enrolment.objects.exclude(person_id__in=mentors).values_list("person_id", flat=True))
    keep |= {person.pk for person in demo.accounts.values()}
    events = []
    # One mentor leaves between 6 and 12 months after the programme: the demo's outcome.
    mentor_leaver = rng.choice(sorted(mentors))
    for person in User.objects.filter(is_active=True).order_by("pk"):
        mentor = person.pk in mentors
        if person.pk == mentor_leaver or (
            person.pk not in keep and not mentor and rng.random() < 0.2
        ):
            left_on = start + timedelta(days=rng.randint(30, span - 1))
            if mentor:
                left_on = start + timedelta(days=rng.randint(5 * 30 + 200, 5 * 30 + 350))
            events.append(DirectoryEvent(person=person, kind=Kind.LEFT, on=left_on))
            if not mentor and rng.random() < 0.1 and (today - left_on).days > 60:
                back = left_on + timedelta(days=rng.randint(30, (today - left_on).days - 1))
                events.append(DirectoryEvent(person=person, kind=Kind.RETURNED, on=back))
            continue
        grade = person.grade
        if grade and grade > 1 and rng.random() < (0.45 if mentor else 0.2):
            on = start + timedelta(days=rng.randint(60, span - 1))
            events.append(
                DirectoryEvent(
                    person=person,
                    kind=Kind.GRADE_CHANGED,
                    on=on,
                    before=str(grade - 1),
                    after=str(grade),
                )
            )
    DirectoryEvent.objects.bulk_create(events)
    # The leavers stay active in the demo's directory: the people step of a second run
    # would otherwise bring them back. The outcomes read the events, not the flag.
    return len(events)
