"""Programme templates HR can start from, defined in code.

A template only prefills the create form: nothing is stored until HR saves, and
the programme keeps no link to its template. Its texts prefill both languages'
fields: a programme started from a template reads well in English and in French.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.bilingual import LANGUAGES

from . import charter
from .models import Programme, Topic
from .schedule import add_months, planned_session_dates

Cadence, Format, MeetingMode = Programme.Cadence, Programme.Format, Programme.MeetingMode


@dataclass(frozen=True)
class ObjectiveTemplate:
    sentence: Promise
    topics: tuple[str, ...] = ()
    target_percent: int | None = None
    metric: Promise | str = ""


@dataclass(frozen=True)
class ProgrammeTemplate:
    key: str
    title: Promise
    summary: Promise
    description: Promise
    duration_months: int
    cadence: str
    format: str
    meeting_mode: str
    topics: tuple[str, ...]
    objectives: tuple[ObjectiveTemplate, ...]
    session_minutes: int = 60
    max_mentees_per_mentor: int = 1
    min_grade_gap: int = 1
    mentee_min_grade: int | None = None
    mentor_max_tenure_years: int | None = None

    def session_count(self) -> int:
        return len(planned_session_dates(date(2001, 1, 1), self.cadence, self.duration_months))


def default_dates(today: date | None = None) -> dict[str, date]:
    """Start on the first day of the month after next; enrolment from today to two weeks before."""
    today = today or timezone.localdate()
    start = add_months(today.replace(day=1), 2)
    return {
        "start_on": start,
        "enrolment_opens_on": today,
        "enrolment_closes_on": start - timedelta(days=14),
    }


def both(field: str, text: Promise | str) -> dict[str, str]:
    """`{field_en: …, field_fr: …}`: a text of the catalogue in each language."""
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[f"{field}_{language}"] = str(text)
    return result


def blank_initial(*, manager: Any, today: date | None = None) -> dict[str, Any]:
    return {
        "managers": [manager],
        "charter_en": charter.DEFAULT_CHARTER_EN,
        "charter_fr": charter.DEFAULT_CHARTER_FR,
        "closing_message_en": charter.DEFAULT_CLOSING_EN,
        "closing_message_fr": charter.DEFAULT_CLOSING_FR,
        **default_dates(today),
    }


def programme_initial(
    template: ProgrammeTemplate, *, manager: Any, today: date | None = None
) -> dict[str, Any]:
    """Initial values of the programme form for this template."""
    return {
        **blank_initial(manager=manager, today=today),
        **both("name", template.title),
        **both("description", template.description),
        "duration_months": template.duration_months,
        "cadence": template.cadence,
        "session_minutes": template.session_minutes,
        "format": template.format,
        "meeting_mode": template.meeting_mode,
        "max_mentees_per_mentor": template.max_mentees_per_mentor,
        "min_grade_gap": template.min_grade_gap,
        "mentee_min_grade": template.mentee_min_grade,
        "mentor_max_tenure_years": template.mentor_max_tenure_years,
        "topics": list(Topic.objects.active().filter(slug__in=template.topics)),
    }


def objectives_initial(template: ProgrammeTemplate) -> list[dict[str, Any]]:
    """Initial values of the objectives formset; retired topics are left out."""
    active = {topic.slug: topic for topic in Topic.objects.active()}
    return [
        {
            **both("sentence", objective.sentence),
            "topics": [active[slug] for slug in objective.topics if slug in active],
            "target_percent": objective.target_percent,
            **both("metric", objective.metric),
        }
        for objective in template.objectives
    ]


TEMPLATES: dict[str, ProgrammeTemplate] = {
    template.key: template
    for template in [
        ProgrammeTemplate(
            key="digital-acculturation",
            title=_("Digital acculturation"),
            summary=_(
                "Six monthly one-hour sessions in which juniors open seniors to social networks, "
                "generative AI and collaboration tools."
            ),
            description=_(
                "Junior mentors help senior mentees find their way in today's digital tools and "
                "habits, one hour a month for six months. Mentees give back their view of the "
                "company's strategy."
            ),
            duration_months=6,
            cadence=Cadence.MONTHLY,
            format=Format.CONVERSATIONS,
            meeting_mode=MeetingMode.HYBRID,
            max_mentees_per_mentor=2,
            min_grade_gap=2,
            topics=(
                "social-networks",
                "generative-ai",
                "collaboration-tools",
                "digital-security",
                "strategy",
            ),
            objectives=(
                ObjectiveTemplate(
                    sentence=_("Mentees use a generative-AI assistant in their weekly work."),
                    topics=("generative-ai",),
                    target_percent=70,
                    metric=_("of mentees use a generative-AI assistant weekly"),
                ),
                ObjectiveTemplate(
                    sentence=_("Mentees keep an active professional presence on social networks."),
                    topics=("social-networks",),
                    target_percent=50,
                    metric=_("of mentees post on a professional network every month"),
                ),
                ObjectiveTemplate(
                    sentence=_("Mentors understand the company's strategy from the inside."),
                    topics=("strategy",),
                ),
            ),
        ),
        ProgrammeTemplate(
            key="executive-committee",
            title=_("Executive committee"),
            summary=_(
                "Each member of the executive committee gets a young mentor on social networks, "
                "new consumer habits and generation Z."
            ),
            description=_(
                "Every executive-committee member is paired with one young mentor for six monthly "
                "conversations. Mentors gain first-hand insight into leadership at the top."
            ),
            duration_months=6,
            cadence=Cadence.MONTHLY,
            format=Format.CONVERSATIONS,
            meeting_mode=MeetingMode.ON_SITE,
            max_mentees_per_mentor=1,
            min_grade_gap=6,
            mentee_min_grade=16,
            mentor_max_tenure_years=5,
            topics=(
                "social-networks",
                "generation-z",
                "generative-ai",
                "consumer-habits",
                "leadership",
                "strategy",
            ),
            objectives=(
                ObjectiveTemplate(
                    sentence=_(
                        "Every executive-committee member follows the programme to its end."
                    ),
                    target_percent=100,
                    metric=_("of executive-committee members attend at least five sessions"),
                ),
                ObjectiveTemplate(
                    sentence=_("Executives understand what generation Z expects from work."),
                    topics=("generation-z",),
                    target_percent=80,
                    metric=_("of mentees say their view of generation Z changed"),
                ),
                ObjectiveTemplate(
                    sentence=_("Mentors gain insight into leadership at the top."),
                    topics=("leadership",),
                ),
            ),
        ),
        ProgrammeTemplate(
            key="csr-sustainability",
            title=_("CSR and sustainability"),
            summary=_(
                "Pairs run a joint project on a concrete sustainability question, meeting every "
                "six weeks for ninety minutes."
            ),
            description=_(
                "Juniors bring what their generation expects on CSR and sustainability; seniors "
                "bring how to move an organisation. Each pair delivers a concrete proposal."
            ),
            duration_months=6,
            cadence=Cadence.EVERY_SIX_WEEKS,
            session_minutes=90,
            format=Format.JOINT_PROJECT,
            meeting_mode=MeetingMode.HYBRID,
            max_mentees_per_mentor=2,
            min_grade_gap=2,
            topics=("csr-sustainability", "consumer-habits", "strategy", "negotiation"),
            objectives=(
                ObjectiveTemplate(
                    sentence=_("Each pair proposes a change that reduces a team's footprint."),
                    topics=("csr-sustainability",),
                    target_percent=80,
                    metric=_("of pairs present a proposal at the closing event"),
                ),
                ObjectiveTemplate(
                    sentence=_(
                        "Mentees can explain the company's CSR commitments and what younger "
                        "employees expect of them."
                    ),
                    topics=("csr-sustainability", "consumer-habits"),
                ),
            ),
        ),
        ProgrammeTemplate(
            key="inclusion",
            title=_("Inclusion"),
            summary=_(
                "Crossed feedback between juniors and seniors on diversity, inclusion and social "
                "mobility, once a month for five months."
            ),
            description=_(
                "Junior mentors share their experience of diversity and inclusion at work; senior "
                "mentees give back career advice and their network. Both give each other honest "
                "feedback."
            ),
            duration_months=5,
            cadence=Cadence.MONTHLY,
            format=Format.CROSSED_FEEDBACK,
            meeting_mode=MeetingMode.VIDEO,
            max_mentees_per_mentor=1,
            min_grade_gap=1,
            topics=("diversity-inclusion", "generation-z", "career-navigation", "networking"),
            objectives=(
                ObjectiveTemplate(
                    sentence=_("Mentees recognise everyday exclusion and know how to act on it."),
                    topics=("diversity-inclusion",),
                    target_percent=75,
                    metric=_("of mentees changed a practice in their team"),
                ),
                ObjectiveTemplate(
                    sentence=_("Mentors build their network and their career plans."),
                    topics=("career-navigation", "networking"),
                    target_percent=80,
                    metric=_("of mentors would recommend the programme"),
                ),
            ),
        ),
    ]
}
