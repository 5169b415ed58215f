"""The demo's programme about to end: “Digital acculturation, Lyon site” started six months
ago and ends within the week; its final review has been open for ten days and fewer than
half of its members have answered, so HR's work list shows a survey to chase.

Part of the hr step of `seed_demo` (hr/demo.py), after every other step: the programme is
built as the programmes step builds its own (same template, objectives, topics and history),
then given the past a running programme has (volunteers, pairs published a week before the
start, monthly sessions with feedback) and its surveys: the baseline and the mid-point pulse
answered by most, the final review by at most two in five. Rows are written directly, so
the demo sends no email. A second run finds the programme and adds nothing.
"""

import random
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import translation

from enrolments import demo as enrolment_demo
from enrolments.models import Enrolment
from evaluation.demo import _answer, _at, _sessions
from evaluation.models import Response, Survey, final_review_opens_on, midpoint_of
from evaluation.services.surveys import ensure_surveys
from pairing.models import Pair
from people.models import DirectoryEvent, User
from programmes import demo as programme_demo
from programmes.models import AuditEvent, Objective, Programme, Topic
from programmes.schedule import add_months

SLUG = "digital-acculturation-lyon"
PAIRS = 8
FINAL_SHARE = 0.4  # at most this share of the members is asked to answer the final review
Role = Enrolment.Role
Kind = Survey.Kind

PLAN = programme_demo.DemoProgramme(
    slug=SLUG,
    name="Digital acculturation, Lyon site",
    name_fr="Acculturation numérique, site de Lyon",
    template="digital-acculturation",
    status=Programme.Status.RUNNING,
    # Six months that end within the week, whatever the day the demo is built.
    start=lambda today: add_months(today + timedelta(days=5), -6),
    opens=lambda start, today: start - timedelta(days=40),
    closes=lambda start, today: start - timedelta(days=10),
    place="Lyon plant and Teams",
    place_fr="Usine de Lyon et Teams",
)


def seed_programme_ending(demo: Any) -> str:
    """The programme, its pairs and sessions, and its surveys; a line for the summary."""
    if Programme.objects.filter(slug=SLUG).exists():
        return ""
    rng = demo.rng("hr-ending")
    programme = _programme(demo)
    pairs = _pairs(programme, demo, rng)
    _sessions(programme, pairs, rng)
    final = _surveys(programme, pairs, rng)
    return (
        f"{SLUG} ends on {programme.ends_on}: {len(pairs)} pairs, "
        f"{final.responses.answered().count()} of {final.responses.count()} answered the final "
        "review"
    )


def _programme(demo: Any) -> Programme:
    """Built as programmes/demo.py builds its programmes: created by hr@, sponsored by exec@,
    then one status change per step of the lifecycle, up to running."""
    hr, sponsor = demo.accounts["hr"], demo.accounts["exec"]
    active = {topic.slug: topic for topic in Topic.objects.active()}
    with translation.override("en"):
        programme, topics, objectives = programme_demo._build(
            PLAN, hr=hr, sponsor=sponsor, today=demo.today, active=active
        )
        programme.save()
        programme.managers.add(hr)
        programme.topics.set(topics)
        for position, data in enumerate(objectives):
            objective = Objective.objects.create(
                programme=programme,
                position=position,
                sentence_en=data.sentence_en,
                sentence_fr=data.sentence_fr,
                target_percent=data.target_percent,
                metric_en=data.metric_en,
                metric_fr=data.metric_fr,
            )
            objective.topics.set(data.topics)
        AuditEvent.objects.bulk_create(
            programme_demo._history(programme, hr=hr, topics=topics, objectives=objectives)
        )
    return programme


def _pairs(programme: Programme, demo: Any, rng: random.Random) -> list[Pair]:
    """Approved volunteers who take part in no other programme and have not left, paired
    and published a week before the start."""
    hr = demo.accounts["hr"]
    busy = set(Enrolment.objects.values_list("person_id", flat=True))
    busy |= {account.pk for account in demo.accounts.values()}
    busy |= set(
        DirectoryEvent.objects.filter(kind=DirectoryEvent.Kind.LEFT).values_list(
            "person_id", flat=True
        )
    )
    people = [
        person
        for person in User.objects.filter(is_active=True, grade__isnull=False)
        .exclude(Q(is_hr_admin=True) | Q(is_executive=True))
        .order_by("email")
        if person.pk not in busy
    ]
    # Juniors as mentors, managers as mentees: five grades apart at least.
    mentors = rng.sample([p for p in people if 1 <= p.grade <= 5], PAIRS)
    mentees = rng.sample([p for p in people if p.grade >= 10], PAIRS)
    volunteers = [
        enrolment_demo._Volunteer(person, role, Enrolment.Status.APPROVED)
        for role, group in ((Role.MENTOR, mentors), (Role.MENTEE, mentees))
        for person in group
    ]
    enrolment_demo._write(programme, volunteers, hr, rng)
    enrolments = {e.person_id: e for e in Enrolment.objects.filter(programme=programme)}
    published = _at(programme.start_on, -7)
    return Pair.objects.bulk_create(
        Pair(
            programme=programme,
            mentor=enrolments[mentor.pk],
            mentee=enrolments[mentee.pk],
            mentor_person=mentor,
            mentee_person=mentee,
            status=Pair.Status.ACTIVE,
            published_at=published,
            published_by=hr,
        )
        for mentor, mentee in zip(mentors, mentees, strict=True)
    )


def _surveys(programme: Programme, pairs: list[Pair], rng: random.Random) -> Survey:
    """The baseline and the pulse answered by most; the final review, open for ten days,
    answered by fewer than half. Returns the final review."""
    approved = list(Enrolment.objects.approved().filter(programme=programme))
    members = [enrolment for pair in pairs for enrolment in (pair.mentor, pair.mentee)]
    _answer(programme, Kind.BASELINE, approved, rng, when=_at(programme.start_on, -5))
    _answer(programme, Kind.MIDPOINT, members, rng, when=_at(midpoint_of(programme), 2))
    opened = _at(final_review_opens_on(programme))
    answering = rng.sample(members, int(len(members) * FINAL_SHARE))
    final = ensure_surveys(programme)[Kind.FINAL]
    Response.objects.bulk_create(
        Response(
            survey=final,
            enrolment=enrolment,
            invited_at=opened,
            answered_at=None,
            reminders_sent=1,
        )
        for enrolment in members
        if enrolment not in answering
    )
    _answer(programme, Kind.FINAL, answering, rng, when=opened)
    return final
