"""The demo's volunteers: every state, in the programmes open for enrolment or being paired.

A step of `seed_demo` (demo/management/commands/seed_demo.py), after the
programmes. Enrolments are matched on (programme, person), so a second run
adds nothing. Rows are written directly, not through the services, so that the
demo sends no email; the decisions are dated and signed by the demo HR admin.

- In open programmes, volunteers in every state, with mentor@example.com
  waiting for review as a mentor and mentee@example.com approved as a mentee.
- In programmes being paired, mostly approved volunteers, for the pairing demo.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from people.models import User
from programmes.models import Programme, Topic

from . import availability, eligibility
from .models import Enrolment, EnrolmentTopic

Role = Enrolment.Role
Status = Enrolment.Status
S, A, W, D, X = (
    Status.SUBMITTED,
    Status.APPROVED,
    Status.WAITLISTED,
    Status.DECLINED,
    Status.WITHDRAWN,
)
# The states of the volunteers, by programme status and role.
PLANS = {
    Programme.Status.ENROLMENT_OPEN: {
        Role.MENTOR: [S, S, S, S, S, A, A, A, A, W, D, X, X],
        Role.MENTEE: [S, S, S, S, A, A, A, A, W, D, X],
    },
    Programme.Status.PAIRING: {
        Role.MENTOR: [A, A, A, A, A, A, A, W, X],
        Role.MENTEE: [A, A, A, A, A, A, A, A, D, X],
    },
}
# Free texts written by people, in both languages: each is written in its author's language
# (`written_by`): a French volunteer's motivation in French, HR's decision in HR's language.
DECLINE_REASONS = [
    (
        "This cohort is full on these topics; we will keep you in mind for the next one.",
        "Cette promotion est complète sur ces sujets\u00a0; nous pensons à vous pour la prochaine.",
    ),
    (
        "Your manager is already a mentee in this programme: we keep pairs outside reporting "
        "lines.",
        "Votre manager est déjà mentoré dans ce programme\u00a0: nous formons les binômes hors "
        "des lignes hiérarchiques.",
    ),
]
WITHDRAWAL_REASONS = [
    (
        "A new project takes all my time this quarter.",
        "Un nouveau projet me prend tout mon temps ce trimestre.",
    ),
    ("", ""),
    (
        "I am moving to another site and cannot commit to the sessions.",
        "Je change de site et je ne peux pas m’engager sur les séances.",
    ),
]
MOTIVATIONS = {
    Role.MENTOR: [
        (
            "I use these tools every day and I like explaining them.",
            "J’utilise ces outils tous les jours et j’aime les expliquer.",
        ),
        (
            "I would like to understand how decisions are made at the top.",
            "J’aimerais comprendre comment les décisions se prennent au sommet.",
        ),
        (
            "Sharing what my generation expects from work matters to me.",
            "Partager ce que ma génération attend du travail me tient à cœur.",
        ),
    ],
    Role.MENTEE: [
        (
            "My teams use tools I do not know; I want to catch up.",
            "Mes équipes utilisent des outils que je ne connais pas\u00a0; je veux rattraper "
            "mon retard.",
        ),
        (
            "I want to understand how younger colleagues see the company.",
            "Je veux comprendre comment les plus jeunes voient l’entreprise.",
        ),
        (
            "I am curious, and I have some strategy to give back.",
            "Par curiosité, et parce que j’ai un peu de stratégie à transmettre en retour.",
        ),
    ],
}

# A session cancelled by a busy mentee (the first edition's history).
CANCELLED_FOR_BOARD = (
    "Board meeting moved to that morning.",
    "Le conseil a été déplacé à ce matin-là.",
)


def written_by(person: User | None, text: tuple[str, str]) -> str:
    """The (English, French) text in its author's language."""
    english, french = text
    language = getattr(person, "preferred_language", "") or "en"
    return french if language.startswith("fr") else english


SLOTS = [
    "mon 09:00-12:00; thu 14:00-18:00",
    "tue 12:00-14:00; fri 12:00-14:00",
    "wed 09:00-12:00",
    "flexible",
    "mon 14:00-18:00; wed 14:00-18:00",
]


@dataclass
class _Volunteer:
    person: User
    role: str
    status: str


def seed_enrolments(demo: Any) -> str:
    """seed_demo step: volunteers for the open and pairing programmes that have none yet."""
    rng = demo.rng("enrolments")
    hr, mentor, mentee = demo.accounts["hr"], demo.accounts["mentor"], demo.accounts["mentee"]
    programmes = list(
        Programme.objects.filter(status__in=list(PLANS)).prefetch_related("topics").order_by("slug")
    )
    people = sorted(
        (person for person in demo.people.values() if person.is_active and person.grade),
        key=lambda person: person.email,
    )
    created = 0
    with transaction.atomic():
        for programme in programmes:
            taken = set(
                Enrolment.objects.filter(programme=programme).values_list("person_id", flat=True)
            )
            volunteers = _choose(
                programme, people, taken, rng, pinned=(mentor, mentee), accounts=demo.accounts
            )
            created += _write(programme, volunteers, hr, rng)
    total = Enrolment.objects.filter(programme__in=programmes).count()
    return f"{total} volunteers in {len(programmes)} programmes ({created} new)"


def _choose(
    programme: Programme,
    people: list[User],
    taken: set[int],
    rng: random.Random,
    *,
    pinned: tuple[User, User],
    accounts: dict[str, User],
) -> list[_Volunteer]:
    plan = PLANS[programme.status]
    chosen: list[_Volunteer] = []
    used = set(taken)
    open_now = programme.status == Programme.Status.ENROLMENT_OPEN
    for role in (Role.MENTOR, Role.MENTEE):
        statuses = list(plan[role])
        account = pinned[0] if role == Role.MENTOR else pinned[1]
        if open_now and account.pk not in used and _eligible(programme, account, role):
            wanted = S if role == Role.MENTOR else A
            statuses.remove(wanted)
            chosen.append(_Volunteer(account, role, wanted))
            used.add(account.pk)
        candidates = [
            person
            for person in people
            if person.pk not in used
            and person.pk not in {account.pk for account in accounts.values()}
            and not person.is_hr_admin
            and _eligible(programme, person, role)
            and (person.grade <= 6 if role == Role.MENTOR else person.grade >= 12)
        ]
        if not taken:  # a programme that already has volunteers keeps the ones it has
            for status, person in zip(
                statuses, rng.sample(candidates, len(candidates)), strict=False
            ):
                chosen.append(_Volunteer(person, role, status))
                used.add(person.pk)
    return chosen


def _eligible(programme: Programme, person: User, role: str) -> bool:
    return not eligibility.refusals(programme, person, role)


def _write(programme: Programme, volunteers: list[_Volunteer], hr: User, rng: random.Random) -> int:
    if not volunteers:
        return 0
    now = _applied_by(programme)
    topics = sorted(programme.topics.all(), key=lambda topic: topic.slug)
    taught = [topic for topic in topics if topic.kind == Topic.Kind.TAUGHT]
    given_back = [topic for topic in topics if topic.kind == Topic.Kind.GIVEN_BACK]
    rows, answers, returns = [], [], []
    for number, volunteer in enumerate(volunteers):
        rows.append(_enrolment(programme, volunteer, hr, rng, now=now, imported=number % 7 == 3))
        picked = rng.sample(taught, k=min(len(taught), rng.randint(1, 3)))
        answers.append(
            [
                EnrolmentTopic(topic=topic, level=rng.randint(2, 4))
                if volunteer.role == Role.MENTOR
                else EnrolmentTopic(topic=topic, priority=priority, confidence=rng.randint(1, 3))
                for priority, topic in enumerate(picked, start=1)
            ]
        )
        returns.append(rng.sample(given_back, k=min(len(given_back), rng.randint(0, 2))))
    Enrolment.objects.bulk_create(rows)
    _write_topics(programme, rows, answers, returns)
    return len(rows)


def _applied_by(programme: Programme) -> datetime:
    """When the last volunteer applied: now for a programme still taking volunteers, else
    the evening its enrolment closed (or ten days before it started, when no window is set),
    so that every demo enrolment precedes its programme."""
    now = timezone.now()
    closes = programme.enrolment_closes_on or programme.start_on - timedelta(days=10)
    closes = min(closes, programme.start_on - timedelta(days=1))
    evening = timezone.make_aware(datetime.combine(closes, time(18)))
    return min(now, evening)


def _enrolment(
    programme: Programme,
    volunteer: _Volunteer,
    hr: User,
    rng: random.Random,
    *,
    now: datetime,
    imported: bool,
) -> Enrolment:
    """The volunteer's enrolment, dated in the last three weeks, in its planned state."""
    person, role, status = volunteer.person, volunteer.role, volunteer.status
    submitted = now - timedelta(days=rng.randint(2, 20), hours=rng.randint(0, 9))
    gender = ""
    if rng.random() < 0.5:
        gender = rng.choice(Enrolment.Gender.values)
    row = Enrolment(
        programme=programme,
        person=person,
        role=role,
        status=status,
        source=Enrolment.Source.IMPORT if imported else Enrolment.Source.FORM,
        motivation=written_by(person, rng.choice(MOTIVATIONS[role])),
        languages=list(person.languages) or ["fr"],
        availability=availability.parse(rng.choice(SLOTS)),
        preferred_mode=rng.choice(["", *Programme.MeetingMode.values]),
        gender=gender,
        gender_consent=bool(gender),
        capacity=rng.randint(1, programme.max_mentees_per_mentor) if role == Role.MENTOR else None,
        charter_accepted_at=None if imported else submitted,
        submitted_at=submitted,
    )
    if status in Enrolment.DECISIONS:
        row.decided_by, row.decided_at = hr, submitted + timedelta(days=1)
    if status == D:
        row.decision_reason = written_by(hr, rng.choice(DECLINE_REASONS))
    if status == X:
        row.withdrawn_at = submitted + timedelta(days=2)
        row.withdrawal_reason = written_by(person, rng.choice(WITHDRAWAL_REASONS))
    return row


def _write_topics(
    programme: Programme,
    rows: list[Enrolment],
    answers: list[list[EnrolmentTopic]],
    returns: list[list[Topic]],
) -> None:
    """Each enrolment's topics and topics in return, once the enrolments have their keys."""
    pk_of = dict(
        Enrolment.objects.filter(
            programme=programme, person__in=[row.person for row in rows]
        ).values_list("person_id", "pk")
    )
    topic_rows = []
    through = Enrolment.return_topics.through
    return_rows = []
    for row, chosen, given in zip(rows, answers, returns, strict=True):
        for answer in chosen:
            answer.enrolment_id = pk_of[row.person.pk]
            topic_rows.append(answer)
        return_rows += [through(enrolment_id=pk_of[row.person.pk], topic=topic) for topic in given]
    EnrolmentTopic.objects.bulk_create(topic_rows)
    through.objects.bulk_create(return_rows)
