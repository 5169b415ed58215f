"""What the programme form posts, as a browser would send it (no test in here)."""

from typing import Any

from people.models import User
from programmes.models import Programme, Topic
from programmes.services import EDITED_FIELDS
from programmes.templates_catalogue import default_dates


def programme_form_data(
    *,
    sponsor: User,
    managers: list[User] | None = None,
    topics: tuple[str, ...] = ("generative-ai", "strategy"),
    objectives: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    dates = default_dates()
    objectives = (
        objectives
        if objectives is not None
        else [{"sentence": "Mentees use a generative-AI assistant weekly.", "topics": []}]
    )
    data: dict[str, Any] = {
        "name_en": "Digital acculturation",
        "name_fr": "Acculturation numérique",
        "slug": "",
        "description_en": "Juniors open seniors to digital tools.",
        "description_fr": "Les juniors ouvrent les seniors aux outils numériques.",
        "sponsor": str(sponsor.pk),
        "managers": [str(person.pk) for person in managers or []],
        "topics": [
            str(pk) for pk in Topic.objects.filter(slug__in=topics).values_list("pk", flat=True)
        ],
        "start_on": dates["start_on"].isoformat(),
        "duration_months": "6",
        "cadence": Programme.Cadence.MONTHLY,
        "session_minutes": "60",
        "format": Programme.Format.CONVERSATIONS,
        "meeting_mode": Programme.MeetingMode.HYBRID,
        "place_en": "Paris, La Défense",
        "place_fr": "",
        "enrolment_opens_on": dates["enrolment_opens_on"].isoformat(),
        "enrolment_closes_on": dates["enrolment_closes_on"].isoformat(),
        "max_mentees_per_mentor": "2",
        "min_grade_gap": "2",
        "mentee_min_grade": "",
        "mentor_max_tenure_years": "",
        "charter_en": "Be kind, keep secrets, turn up.",
        "charter_fr": "Soyez bienveillants, discrets et présents.",
        "objectives-TOTAL_FORMS": str(len(objectives)),
        "objectives-INITIAL_FORMS": str(sum(1 for item in objectives if item.get("id"))),
        "objectives-MIN_NUM_FORMS": "0",
        "objectives-MAX_NUM_FORMS": "20",
    }
    for number, objective in enumerate(objectives):
        prefix = f"objectives-{number}-"
        data[prefix + "sentence_en"] = objective.get("sentence", "")
        data[prefix + "sentence_fr"] = objective.get("sentence_fr", "")
        data[prefix + "topics"] = [
            str(pk)
            for pk in Topic.objects.filter(slug__in=objective.get("topics", [])).values_list(
                "pk", flat=True
            )
        ]
        data[prefix + "target_percent"] = str(objective.get("target_percent") or "")
        data[prefix + "metric_en"] = objective.get("metric", "")
        data[prefix + "metric_fr"] = objective.get("metric_fr", "")
        if objective.get("id"):
            data[prefix + "id"] = str(objective["id"])
        if objective.get("delete"):
            data[prefix + "DELETE"] = "on"
    data.update(in_english(overrides))
    return data


def in_english(overrides: dict[str, Any]) -> dict[str, Any]:
    """`name=…` (or description, place) as the English field the form posts."""
    return {
        (f"{key}_en" if key in ("name", "description", "place") else key): value
        for key, value in overrides.items()
    }


def edit_form_data(programme: Programme, **overrides: Any) -> dict[str, Any]:
    """The edit form as it comes, unchanged, plus the overrides."""
    objectives = [
        {
            "id": objective.pk,
            "sentence": objective.sentence_en,
            "sentence_fr": objective.sentence_fr,
            "topics": [topic.slug for topic in objective.topics.all()],
            "target_percent": objective.target_percent,
            "metric": objective.metric_en,
            "metric_fr": objective.metric_fr,
        }
        for objective in programme.objectives.all()
    ]
    data = programme_form_data(
        sponsor=programme.sponsor,
        managers=list(programme.managers.all()),
        topics=tuple(topic.slug for topic in programme.topics.all()),
        objectives=objectives,
    )
    for name in [name for name in EDITED_FIELDS if name != "sponsor"]:
        value = getattr(programme, name)
        data[name] = (
            ""
            if value is None
            else (value.isoformat() if hasattr(value, "isoformat") else str(value))
        )
    data.update(in_english(overrides))
    return data
