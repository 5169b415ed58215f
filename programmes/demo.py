"""The demo's programmes: one in each status, run by hr@ and sponsored by exec@.

A step of `seed_demo` (people/management/commands/seed_demo.py). Programmes are
matched by slug, so a second run creates nothing; their dates follow the day
of the first run.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import translation

from people.models import User

from . import services, templates_catalogue
from .models import AuditEvent, Programme, Topic
from .schedule import add_months

Status = Programme.Status


@dataclass(frozen=True)
class DemoProgramme:
    slug: str
    name: str
    template: str
    status: str
    start: Any  # today -> start date
    opens: Any  # start, today -> enrolment opening date
    closes: Any  # start, today -> enrolment closing date
    place: str = ""


def _first_of_month(today: date, months: int) -> date:
    return add_months(today.replace(day=1), months)


PLANS = [
    DemoProgramme(
        slug="inclusion-pilot",
        name="Inclusion: pilot cohort",
        template="inclusion",
        status=Status.DRAFT,
        start=lambda today: _first_of_month(today, 4),
        opens=lambda start, today: today + timedelta(days=30),
        closes=lambda start, today: start - timedelta(days=14),
    ),
    DemoProgramme(
        slug="digital-acculturation",
        name="Digital acculturation",
        template="digital-acculturation",
        status=Status.ENROLMENT_OPEN,
        start=lambda today: _first_of_month(today, 2),
        opens=lambda start, today: today - timedelta(days=7),
        closes=lambda start, today: start - timedelta(days=14),
        place="Paris, La Défense, and Teams",
    ),
    DemoProgramme(
        slug="executive-committee",
        name="Executive committee",
        template="executive-committee",
        status=Status.PAIRING,
        start=lambda today: today + timedelta(days=21),
        opens=lambda start, today: today - timedelta(days=45),
        closes=lambda start, today: today - timedelta(days=1),
        place="Paris, head office",
    ),
    DemoProgramme(
        slug="csr-sustainability",
        name="CSR and sustainability",
        template="csr-sustainability",
        status=Status.RUNNING,
        start=lambda today: today - timedelta(days=60),
        opens=lambda start, today: start - timedelta(days=45),
        closes=lambda start, today: start - timedelta(days=7),
        place="Lyon and Teams",
    ),
    DemoProgramme(
        slug="digital-acculturation-first-edition",
        name="Digital acculturation, first edition",
        template="digital-acculturation",
        status=Status.COMPLETED,
        start=lambda today: add_months(today, -8),
        opens=lambda start, today: start - timedelta(days=40),
        closes=lambda start, today: start - timedelta(days=10),
    ),
    DemoProgramme(
        slug="generation-z-at-work-2024",
        name="Generation Z at work, 2024",
        template="inclusion",
        status=Status.ARCHIVED,
        start=lambda today: add_months(today, -20),
        opens=lambda start, today: start - timedelta(days=40),
        closes=lambda start, today: start - timedelta(days=10),
    ),
]


def _create(plan: DemoProgramme, *, hr: User, sponsor: User, today: date) -> Programme:
    template = templates_catalogue.TEMPLATES[plan.template]
    start = plan.start(today)
    active = {topic.slug: topic for topic in Topic.objects.active()}
    fields = {
        "name": plan.name,
        "slug": plan.slug,
        "description": str(template.description),
        "sponsor": sponsor,
        "start_on": start,
        "duration_months": template.duration_months,
        "cadence": template.cadence,
        "session_minutes": template.session_minutes,
        "format": template.format,
        "meeting_mode": template.meeting_mode,
        "place": plan.place,
        "enrolment_opens_on": plan.opens(start, today),
        "enrolment_closes_on": plan.closes(start, today),
        "max_mentees_per_mentor": template.max_mentees_per_mentor,
        "min_grade_gap": template.min_grade_gap,
        "mentee_min_grade": template.mentee_min_grade,
        "mentor_max_tenure_years": template.mentor_max_tenure_years,
    }
    objectives = [
        services.ObjectiveData(
            sentence=str(objective.sentence),
            topics=[active[slug] for slug in objective.topics if slug in active],
            target_percent=objective.target_percent,
            metric=str(objective.metric),
        )
        for objective in template.objectives
    ]
    return services.create_programme(
        by=hr,
        fields=fields,
        managers=[hr],
        topics=[active[slug] for slug in template.topics if slug in active],
        objectives=objectives,
    )


def _advance(programme: Programme, target: str, *, hr: User) -> None:
    """Walk the lifecycle to `target` through the services where the guards allow it.

    A demo needs programmes that started or ended in the past and, until the
    pairing step exists, running ones without published pairs: those steps are
    written directly, with the audit event the service would have written.
    """
    order = list(Status.values)
    while order.index(programme.status) < order.index(target):
        step = services.NEXT_STATUS[programme.status]
        if services.transition_blockers(programme, step):
            before = programme.status
            Programme.objects.filter(pk=programme.pk).update(status=step)
            AuditEvent.objects.create(
                programme=programme,
                actor=hr,
                action=AuditEvent.Action.STATUS_CHANGED,
                changes={"status": [before, step]},
            )
            programme.status = step
        else:
            programme = services.change_status(programme=programme, to=step, by=hr)


def seed_programmes(demo: Any) -> str:
    """seed_demo step: the programmes of PLANS that do not exist yet, each in its status."""
    hr, sponsor = demo.accounts["hr"], demo.accounts["exec"]
    existing = set(Programme.objects.values_list("slug", flat=True))
    created = 0
    with transaction.atomic(), translation.override("en"):
        for plan in PLANS:
            if plan.slug in existing:
                continue
            programme = _create(plan, hr=hr, sponsor=sponsor, today=demo.today)
            _advance(programme, plan.status, hr=hr)
            created += 1
    return f"{len(PLANS)} programmes, one per status ({created} new)"
