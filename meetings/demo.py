"""The demo's sessions: published pairs get a past (held sessions, feedback, journals) and
a future (planned sessions), without a clash for anyone.

A step of `seed_demo` (demo/management/commands/seed_demo.py), after the pairing step,
which publishes the pairs of the running programme through the pairing services: that
already plans their coming sessions (meetings.services.plan_meetings_for_pairs). This step
adds what happened before today: the schedule's past dates, placed by the same planner
(no clash, no weekend, no holiday), most held and logged, with feedback and personal
journal entries, a few cancelled, the latest left to log; and an agreement. Then the
mentee of the demo accounts' pair moves their next session: the mentor's email telling
them so waits in the outbox (`manage.py send_due_reminders` prints it).

Rows are written directly, not through the services, so that the demo queues no reminder
for the past. A pair that already has a past is left as it is, so a second run adds
nothing. mentor@example.com and mentee@example.com's pair always gets both a past
and a future, and its last held session waits for the mentor's feedback (the mentee's is
given), to show the rule that each reads the other's once both have given theirs.
"""

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.dates import on_working_day, working_day
from enrolments.demo import written_by
from pairing.models import Pair
from people.models import User
from programmes.models import Programme

from . import planning, scheduling, services
from .models import Agreement, ClosurePeriod, Feedback, JournalEntry, Meeting, Mode

# Free texts written by the pairs, in both languages: each in its author's language
# (`enrolments.demo.written_by`).
TAKEAWAYS = [
    (
        "A prompt is a brief: give the assistant a role, the context and the expected format.",
        "Un prompt est un brief\u00a0: donner à l’assistant un rôle, le contexte et le format "
        "attendu.",
    ),
    (
        "LinkedIn posts that tell a story from the field get more reach than announcements.",
        "Les posts LinkedIn qui racontent le terrain touchent plus que les annonces.",
    ),
    (
        "Scope 3 emissions are most of ours; suppliers' data is the hard part.",
        "Le scope 3 pèse le plus dans nos émissions\u00a0; les données des fournisseurs sont "
        "le plus difficile.",
    ),
    (
        "The budget committee decides on three numbers; the rest is context.",
        "Le comité budgétaire tranche sur trois chiffres\u00a0; le reste est du contexte.",
    ),
    (
        "Younger colleagues read Teams statuses as availability, not as presence.",
        "Les plus jeunes lisent les statuts Teams comme une disponibilité, pas une présence.",
    ),
    (
        "Inclusive job ads: fewer requirements, more about what the team offers.",
        "Offres d’emploi inclusives\u00a0: moins d’exigences, plus sur ce que l’équipe offre.",
    ),
]
NEXT_STEPS = [
    (
        "Try the assistant on next week's steering-committee memo and compare.",
        "Essayer l’assistant sur la note du comité de pilotage de la semaine prochaine et "
        "comparer.",
    ),
    (
        "Draft one LinkedIn post about the site visit; review it together.",
        "Rédiger un post LinkedIn sur la visite du site\u00a0; le relire ensemble.",
    ),
    (
        "Bring the supplier questionnaire to the next session.",
        "Apporter le questionnaire fournisseurs à la prochaine séance.",
    ),
    ("Shadow the budget review in March.", "Assister à la revue budgétaire en mars."),
    (
        "Set up a shared Notion page for the reading list.",
        "Créer une page Notion partagée pour la liste de lectures.",
    ),
]
NOTES = [
    (
        "Felt more at ease this time; ask about the reorganisation next time.",
        "Plus à l’aise cette fois\u00a0; poser la question de la réorganisation la prochaine fois.",
    ),
    (
        "I talked too much. Leave more room for questions.",
        "J’ai trop parlé. Laisser plus de place aux questions.",
    ),
    (
        "Asked for the slides: send them with the reading list.",
        "Demande des slides\u00a0: les envoyer avec la liste de lectures.",
    ),
    (
        "Good energy. The example from the Lyon plant worked well.",
        "Bonne énergie. L’exemple de l’usine de Lyon a bien marché.",
    ),
    (
        "Remember: no jargon, start from a concrete case.",
        "Penser à\u00a0: pas de jargon, partir d’un cas concret.",
    ),
]
LEARNED = [
    (
        "How to ask a generative-AI assistant for counter-arguments.",
        "Comment demander des contre-arguments à un assistant d’IA générative.",
    ),
    (
        "How decisions are really made in the executive committee.",
        "Comment les décisions se prennent vraiment au comité exécutif.",
    ),
    (
        "What my teams expect from a manager's online presence.",
        "Ce que mes équipes attendent de la présence en ligne d’un manager.",
    ),
    (
        "How to read a carbon footprint report.",
        "Comment lire un bilan carbone.",
    ),
    (
        "How to prepare a one-page brief for a busy senior.",
        "Comment préparer une note d’une page pour un dirigeant pressé.",
    ),
]
TAUGHT = [
    (
        "Prompting patterns for memos and summaries.",
        "Des modèles de prompts pour les notes et les synthèses.",
    ),
    (
        "How a budget is argued in front of the board.",
        "Comment un budget se défend devant le conseil.",
    ),
    ("Why short videos work on LinkedIn.", "Pourquoi les vidéos courtes marchent sur LinkedIn."),
    (
        "How to negotiate priorities with another department.",
        "Comment négocier des priorités avec un autre service.",
    ),
]
DEMO_VIDEO_LINK = "https://meet.example.com/tandem-csr"  # marks the session the mentee moved
CANCEL_REASONS = [
    ("Board meeting moved to that morning.", "Le conseil a été déplacé à ce matin-là."),
    (
        "Sick leave; we will catch up next month.",
        "Arrêt maladie\u00a0; nous rattraperons le mois prochain.",
    ),
]


def seed_meetings(demo: Any) -> str:
    """seed_demo step: past sessions (held, logged, rated, with notes) for published pairs."""
    rng = demo.rng("meetings")
    now = timezone.now()
    accounts = (demo.accounts.get("mentor"), demo.accounts.get("mentee"))
    pairs = list(
        Pair.objects.active()
        .filter(programme__status=Programme.Status.RUNNING)
        .exclude(meetings__starts_at__lt=now)  # a pair with a past has had this step
        .select_related("programme", "mentor", "mentee", "mentor_person", "mentee_person")
        .order_by("pk")
    )
    held, before = 0, Meeting.objects.count()
    with transaction.atomic():
        people = {pid for pair in pairs for pid in (pair.mentor_person_id, pair.mentee_person_id)}
        calendar = planning.diaries(people)
        for pair in pairs:
            is_demo_pair = (pair.mentor_person, pair.mentee_person) == accounts
            held += _past(pair, rng, now, is_demo_pair, calendar)
            if not pair.meetings.filter(starts_at__gte=now).exists():
                _future(pair, now)
        closed = _close_the_end_of_year(now)
        moved = _move_the_demo_pairs_next_session(accounts, now)
    coming = Meeting.objects.planned().filter(starts_at__gte=now).count()
    new = Meeting.objects.count() - before
    return (
        f"Sessions: {held} held by {len(pairs)} pairs, {coming} coming ({new} new)"
        + (f"; HR closed 24 December to 1 January, {closed} moved" if closed else "")
        + (", the demo mentee moved the next one (the mentor's email is queued)" if moved else "")
    )


def _close_the_end_of_year(now: datetime) -> int:
    """HR closes the days between Christmas and New Year on the running programme: the
    sessions planned on them move, and their members' emails are queued. Once."""
    programme = Programme.objects.filter(status=Programme.Status.RUNNING).order_by("pk").first()
    if programme is None or ClosurePeriod.objects.filter(programme=programme).exists():
        return 0
    year = now.year if (now.month, now.day) <= (12, 24) else now.year + 1
    hr = programme.managers.order_by("pk").first()
    _period, moved = planning.add_closure(
        programme=programme,
        first_day=date(year, 12, 24),
        last_day=date(year + 1, 1, 1),
        label="Fermeture de fin d'année / End-of-year closure",
        by=hr,
    )
    return len(moved)


def _move_the_demo_pairs_next_session(accounts: tuple, now: datetime) -> bool:
    """The demo mentee moves their next session by a day, through the service, so that the
    mentor's email with the new invitation is in the outbox. Once: a moved one stays."""
    mentor, mentee = accounts
    if mentor is None or mentee is None:
        return False
    coming = (
        Meeting.objects.planned()
        .filter(pair__mentor_person=mentor, pair__mentee_person=mentee, starts_at__gte=now)
        .select_related("pair__programme", "pair__mentor_person", "pair__mentee_person")
        .order_by("starts_at")
    )
    if coming.filter(video_link=DEMO_VIDEO_LINK).exists() or not coming.exists():
        return False
    meeting = coming.first()
    for days in (1, 2, 3, -1, 4, 5):
        try:
            services.reschedule_meeting(
                meeting=meeting,
                by=mentee,
                starts_at=meeting.starts_at + timedelta(days=days),
                duration_minutes=meeting.duration_minutes,
                video_link=DEMO_VIDEO_LINK,
            )
        except ValidationError:  # a clash or a weekend's worth of busy: try another day
            continue
        return True
    return False


def _past(
    pair: Pair,
    rng: random.Random,
    now: datetime,
    is_demo_pair: bool,
    calendar: scheduling.Calendar,
) -> int:
    """The schedule's past dates: held (the last one left to log, some cancelled)."""
    programme = pair.programme
    placed = scheduling.plan_dates(
        [day for day in programme.planned_session_dates() if day < now.date()],
        programme.session_minutes,
        planning.member(pair.mentor_person, pair.mentor),
        planning.member(pair.mentee_person, pair.mentee),
        [],
        calendar,
        programme_start=programme.start_on,
        programme_end=now.date() - timedelta(days=1),
        not_before=planning.EARLIEST,
    )
    starts = [session.starts_at for session in placed if session.starts_at < now]
    mentee = pair.mentee_person
    if is_demo_pair and len(starts) < 2:
        # The demo accounts' pair must show a past even if the programme just started.
        starts = [on_working_day(now - timedelta(days=days)) for days in (35, 10)]
    starts = [at for at in starts if not pair.meetings.filter(starts_at=at).exists()]
    held = 0
    for number, starts_at in enumerate(starts):
        last = number == len(starts) - 1
        meeting = Meeting(
            pair=pair,
            origin=Meeting.Origin.SCHEDULE,
            starts_at=starts_at,
            duration_minutes=pair.programme.session_minutes,
            mode=rng.choice([Mode.VIDEO, Mode.ON_SITE, Mode.VIDEO]),
        )
        if last and not is_demo_pair and rng.random() < 0.5:
            meeting.save()  # past, not logged yet: the pair is nudged to log it
            continue
        if not is_demo_pair and rng.random() < 0.12:
            meeting.status = Meeting.Status.CANCELLED
            meeting.cancelled_at, meeting.cancelled_by = starts_at - timedelta(days=1), mentee
            reason = written_by(mentee, rng.choice(CANCEL_REASONS))
            meeting.cancel_reason, meeting.sequence = reason, 1
            meeting.save()
            continue
        _hold(meeting, pair, rng, last=last, is_demo_pair=is_demo_pair)
        held += 1
    if held:
        Agreement.objects.get_or_create(
            pair=pair,
            defaults={
                "mentor_teaches": "Generative AI for everyday writing; LinkedIn.",
                "mentor_learns": "How strategic decisions are made; giving feedback upwards.",
                "mentee_learns": "Using an AI assistant with confidence; social networks.",
                "mentee_teaches": "Budget and negotiation; reading the organisation.",
                "cadence": Agreement.Cadence.MONTHLY,
                "channel": Mode.VIDEO,
                "channel_details": "Teams",
                "updated_by": pair.mentor_person,
            },
        )
    return held


def _hold(
    meeting: Meeting, pair: Pair, rng: random.Random, *, last: bool, is_demo_pair: bool
) -> None:
    mentor, mentee = pair.mentor_person, pair.mentee_person
    meeting.status = Meeting.Status.HELD
    meeting.logged_at = meeting.ends_at + timedelta(hours=rng.randint(1, 30))
    meeting.logged_by = writer = rng.choice([mentor, mentee])
    meeting.duration_minutes = rng.choice([45, 60, 60, 75, 90])
    meeting.takeaways = written_by(writer, rng.choice(TAKEAWAYS))
    meeting.next_steps = written_by(writer, rng.choice(NEXT_STEPS))
    meeting.save()
    meeting.topics.set(rng.sample(list(pair.programme.topics.all()), k=1))
    if rng.random() < 0.6 or is_demo_pair:
        JournalEntry.objects.create(
            meeting=meeting, author=mentor, text=written_by(mentor, rng.choice(NOTES))
        )
    # Feedback: both, or one of the two on the last session (the other is awaited).
    authors: list[User] = [mentor, mentee]
    if last:
        authors = [mentee] if is_demo_pair else rng.choice([[mentor], [mentee], authors])
    elif not is_demo_pair and rng.random() < 0.1:
        authors = []
    Feedback.objects.bulk_create(
        Feedback(
            meeting=meeting,
            author=author,
            rating=rng.choices([3, 4, 5], weights=[1, 3, 3])[0],
            learned=written_by(author, rng.choice(LEARNED)),
            taught=written_by(author, rng.choice(TAUGHT)),
        )
        for author in authors
    )


def _future(pair: Pair, now: datetime) -> None:
    """A coming session for a pair whose schedule has none left (its programme ends soon)."""
    Meeting.objects.create(
        pair=pair,
        origin=Meeting.Origin.ADDED,
        starts_at=services.at_local_time(
            working_day((now + timedelta(days=14)).date()),
            scheduling.PREFERRED_START,
            services.zone_of(pair.mentee_person),
        ),
        duration_minutes=pair.programme.session_minutes,
        created_by=pair.mentor_person,
    )
