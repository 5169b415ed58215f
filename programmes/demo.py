"""The demo's programmes: one in each status, run by hr@ and sponsored by exec@.

A step of `seed_demo` (demo/management/commands/seed_demo.py). Programmes are
matched by slug, so a second run creates nothing; their dates follow the day
of the first run. Programmes that are running have no published pairs until
the pairing step of the demo adds them.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import translation

from people.models import User

from . import services, templates_catalogue
from .models import AuditEvent, Objective, Programme, Topic
from .schedule import add_months

Status = Programme.Status


@dataclass(frozen=True)
class DemoProgramme:
    slug: str
    name: str
    name_fr: str
    template: str
    status: str
    start: Any  # today -> start date
    opens: Any  # start, today -> enrolment opening date
    closes: Any  # start, today -> enrolment closing date
    place: str = ""
    place_fr: str = ""


def _first_of_month(today: date, months: int) -> date:
    return add_months(today.replace(day=1), months)


PLANS = [
    DemoProgramme(
        slug="inclusion-pilot",
        name="Inclusion: pilot cohort",
        name_fr="Inclusion\u00a0: cohorte pilote",
        template="inclusion",
        status=Status.DRAFT,
        start=lambda today: _first_of_month(today, 4),
        opens=lambda start, today: today + timedelta(days=30),
        closes=lambda start, today: start - timedelta(days=14),
    ),
    DemoProgramme(
        slug="digital-acculturation",
        name="Digital acculturation",
        name_fr="Acculturation numérique",
        template="digital-acculturation",
        status=Status.ENROLMENT_OPEN,
        start=lambda today: _first_of_month(today, 2),
        opens=lambda start, today: today - timedelta(days=7),
        # Closes this week, so that HR's work list shows it (hr/demo.py).
        closes=lambda start, today: today + timedelta(days=5),
        place="Paris, La Défense, and Teams",
        place_fr="Paris La Défense et Teams",
    ),
    DemoProgramme(
        slug="executive-committee",
        name="Executive committee",
        name_fr="Comité exécutif",
        template="executive-committee",
        status=Status.PAIRING,
        start=lambda today: today + timedelta(days=21),
        opens=lambda start, today: today - timedelta(days=45),
        closes=lambda start, today: today - timedelta(days=1),
        place="Paris, head office",
        place_fr="Paris, siège social",
    ),
    DemoProgramme(
        slug="csr-sustainability",
        name="CSR and sustainability",
        name_fr="RSE et développement durable",
        template="csr-sustainability",
        status=Status.RUNNING,
        start=lambda today: today - timedelta(days=60),
        opens=lambda start, today: start - timedelta(days=45),
        closes=lambda start, today: start - timedelta(days=7),
        place="Lyon and Teams",
        place_fr="Lyon et Teams",
    ),
    DemoProgramme(
        slug="digital-acculturation-first-edition",
        name="Digital acculturation, first edition",
        name_fr="Acculturation numérique, première édition",
        template="digital-acculturation",
        status=Status.COMPLETED,
        start=lambda today: add_months(today, -8),
        opens=lambda start, today: start - timedelta(days=40),
        closes=lambda start, today: start - timedelta(days=10),
    ),
    DemoProgramme(
        slug="generation-z-at-work-2024",
        name="Generation Z at work, 2024",
        name_fr="La génération Z au travail, 2024",
        template="inclusion",
        status=Status.ARCHIVED,
        start=lambda today: add_months(today, -20),
        opens=lambda start, today: start - timedelta(days=40),
        closes=lambda start, today: start - timedelta(days=10),
    ),
]


# HR's closing words to the programmes that have ended, in both languages.
CLOSING = {
    "digital-acculturation-first-edition": (
        "Six months ago, many of you had never asked an AI assistant anything. Today most "
        "mentees use one every week, and mentors have seen from the inside how the company "
        "decides. Thank you for every session you held.\n\n"
        "Keep in touch with your pair. The second edition opens soon: tell your colleagues "
        "what you took from this one.",
        "Il y a six mois, beaucoup d'entre vous n'avaient jamais rien demandé à un assistant "
        "d'IA. Aujourd'hui, la plupart des mentoré·es en utilisent un chaque semaine, et les "
        "mentors ont vu de l'intérieur comment l'entreprise décide. Merci pour chaque séance "
        "tenue.\n\n"
        "Restez en contact avec votre binôme. La deuxième édition ouvre bientôt\u00a0: dites "
        "à vos collègues ce que vous avez retiré de celle-ci.",
    ),
    "generation-z-at-work-2024": (
        "Thank you for a year of honest conversations between generations. What you told "
        "each other now shapes how we welcome new colleagues.",
        "Merci pour une année de conversations franches entre générations. Ce que vous vous "
        "êtes dit inspire désormais notre façon d'accueillir les nouveaux collègues.",
    ),
}


def _build(
    plan: DemoProgramme, *, hr: User, sponsor: User, today: date, active: dict[str, Topic]
) -> tuple[Programme, list[Topic], list[services.ObjectiveData]]:
    template = templates_catalogue.TEMPLATES[plan.template]
    start = plan.start(today)
    programme = Programme(
        name_en=plan.name,
        name_fr=plan.name_fr,
        slug=plan.slug,
        **templates_catalogue.both("description", template.description),
        sponsor=sponsor,
        start_on=start,
        duration_months=template.duration_months,
        cadence=template.cadence,
        session_minutes=template.session_minutes,
        format=template.format,
        meeting_mode=template.meeting_mode,
        place_en=plan.place,
        place_fr=plan.place_fr,
        enrolment_opens_on=plan.opens(start, today),
        enrolment_closes_on=plan.closes(start, today),
        max_mentees_per_mentor=template.max_mentees_per_mentor,
        min_grade_gap=template.min_grade_gap,
        mentee_min_grade=template.mentee_min_grade,
        mentor_max_tenure_years=template.mentor_max_tenure_years,
        status=plan.status,
        created_by=hr,
    )
    programme.closing_message_en, programme.closing_message_fr = CLOSING.get(plan.slug, ("", ""))
    programme.clean_fields(exclude=["sponsor", "created_by"])
    programme.clean()
    objectives = [
        services.ObjectiveData(
            **templates_catalogue.both("sentence", objective.sentence),
            topics=[active[slug] for slug in objective.topics if slug in active],
            target_percent=objective.target_percent,
            **templates_catalogue.both("metric", objective.metric),
        )
        for objective in template.objectives
    ]
    topics = [active[slug] for slug in template.topics if slug in active]
    return programme, topics, objectives


def seed_programmes(demo: Any) -> str:
    """seed_demo step: the programmes of PLANS that do not exist yet, each in its status.

    Written in bulk (a dozen queries whatever the number of programmes), like the
    rest of the demo, with the audit trail the services would have left: created
    by hr@, then one status change per step of the lifecycle.
    """
    hr, sponsor = demo.accounts["hr"], demo.accounts["exec"]
    existing = set(Programme.objects.values_list("slug", flat=True))
    plans = [plan for plan in PLANS if plan.slug not in existing]
    _complete_in_french([plan for plan in PLANS if plan.slug in existing])
    if not plans:
        return f"{len(PLANS)} programmes, one per status (0 new)"
    active = {topic.slug: topic for topic in Topic.objects.active()}
    with transaction.atomic(), translation.override("en"):
        built = [
            _build(plan, hr=hr, sponsor=sponsor, today=demo.today, active=active) for plan in plans
        ]
        programmes = Programme.objects.bulk_create([programme for programme, _, _ in built])
        objective_rows = [
            (
                Objective(
                    programme=programme,
                    position=position,
                    sentence_en=data.sentence_en,
                    sentence_fr=data.sentence_fr,
                    target_percent=data.target_percent,
                    metric_en=data.metric_en,
                    metric_fr=data.metric_fr,
                ),
                data,
            )
            for programme, (_, _, objectives) in zip(programmes, built, strict=True)
            for position, data in enumerate(objectives)
        ]
        Objective.objects.bulk_create([objective for objective, _ in objective_rows])
        Programme.managers.through.objects.bulk_create(
            Programme.managers.through(programme=programme, user=hr) for programme in programmes
        )
        Programme.topics.through.objects.bulk_create(
            Programme.topics.through(programme=programme, topic=topic)
            for programme, (_, topics, _) in zip(programmes, built, strict=True)
            for topic in topics
        )
        Objective.topics.through.objects.bulk_create(
            Objective.topics.through(objective=objective, topic=topic)
            for objective, data in objective_rows
            for topic in data.topics
        )
        AuditEvent.objects.bulk_create(
            event
            for programme, (_, topics, objectives) in zip(programmes, built, strict=True)
            for event in _history(programme, hr=hr, topics=topics, objectives=objectives)
        )
    return f"{len(PLANS)} programmes, one per status ({len(plans)} new)"


def _complete_in_french(plans: list[DemoProgramme]) -> None:
    """Demo programmes written before they had French texts (or closing messages) get them
    (empty ones only)."""
    for slug, (english, french) in CLOSING.items():
        Programme.objects.filter(slug=slug, closing_message_en="", closing_message_fr="").update(
            closing_message_en=english, closing_message_fr=french
        )
    for plan in plans:
        template = templates_catalogue.TEMPLATES[plan.template]
        programme = Programme.objects.filter(slug=plan.slug, name_fr="").first()
        if programme is None:
            continue
        programme.name_fr, programme.place_fr = plan.name_fr, plan.place_fr
        programme.description_fr = templates_catalogue.both("description", template.description)[
            "description_fr"
        ]
        programme.save(update_fields=["name_fr", "place_fr", "description_fr"])
        for objective, text in zip(programme.objectives.all(), template.objectives, strict=False):
            if not objective.sentence_fr:
                objective.sentence_fr = templates_catalogue.both("sentence", text.sentence)[
                    "sentence_fr"
                ]
                objective.metric_fr = templates_catalogue.both("metric", text.metric)["metric_fr"]
                objective.save(update_fields=["sentence_fr", "metric_fr"])


def _history(
    programme: Programme,
    *,
    hr: User,
    topics: list[Topic],
    objectives: list[services.ObjectiveData],
) -> list[AuditEvent]:
    created = services.snapshot_of(programme, managers=[hr], topics=topics, objectives=objectives)
    events = [
        AuditEvent(
            programme=programme,
            actor=hr,
            action=AuditEvent.Action.CREATED,
            changes=services.diff({}, created),
        )
    ]
    order = list(Status.values)
    for before, after in itertools.pairwise(order[: order.index(programme.status) + 1]):
        events.append(
            AuditEvent(
                programme=programme,
                actor=hr,
                action=AuditEvent.Action.STATUS_CHANGED,
                changes={"status": [before, after]},
            )
        )
    return events
