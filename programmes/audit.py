"""Turn audit events ({field: [old, new]}) into lines a person reads, in their language."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from common.bilingual import in_language
from common.formatting import day, number, percent, word_list
from people.models import User

from .models import AuditEvent, Programme, Topic

# The one list of the scalar fields (and the sponsor) HR edits: the form shows them, these
# services accept them, the audit trail records them, in this order. Managers, topics and
# objectives are relations, edited and audited beside them.
EDITED_FIELDS = (
    "name_en",
    "name_fr",
    "slug",
    "description_en",
    "description_fr",
    "sponsor",
    "start_on",
    "duration_months",
    "cadence",
    "session_minutes",
    "format",
    "meeting_mode",
    "place_en",
    "place_fr",
    "enrolment_opens_on",
    "enrolment_closes_on",
    "max_mentees_per_mentor",
    "min_grade_gap",
    "mentee_min_grade",
    "mentor_max_tenure_years",
    "charter_en",
    "charter_fr",
    "closing_message_en",
    "closing_message_fr",
)

CHOICES = {
    "status": Programme.Status,
    "cadence": Programme.Cadence,
    "format": Programme.Format,
    "meeting_mode": Programme.MeetingMode,
}
DATES = {"start_on", "enrolment_opens_on", "enrolment_closes_on"}
LONG_TEXTS = {
    "description",
    "description_en",
    "description_fr",
    "charter_en",
    "charter_fr",
    "closing_message_en",
    "closing_message_fr",
}


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str
    lang: str = ""  # the language of a text HR wrote in one of both (name_fr: "fr")


@dataclass(frozen=True)
class AuditLine:
    event: AuditEvent
    changes: list[ChangeLine]


def field_label(name: str) -> str:
    extra = {
        "managers": _("Managers"),
        "topics": _("Topics in scope"),
        "objectives": _("Objectives"),
        "copied_from": _("Copied from"),
        # Events written before these texts had a field per language.
        "name": _("Name"),
        "description": _("Description"),
        "place": _("Place"),
    }
    if name in extra:
        return extra[name]
    try:
        return capfirst(Programme._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field removed since the event was written
        return name


def show(name: str, value: Any, topic_names: Mapping[str, str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if name in CHOICES:
        try:
            return str(CHOICES[name](value).label)
        except ValueError:
            return str(value)
    if name in DATES:
        return day(date.fromisoformat(value))
    if name == "topics":
        return word_list(topic_names.get(slug, slug) for slug in value)
    if name == "objectives":
        return " · ".join(_objective(item, topic_names) for item in value)
    if isinstance(value, list):
        return word_list(str(item) for item in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    if name in LONG_TEXTS:
        return Truncator(value).chars(80)
    return str(value)


def _objective(item: Mapping[str, Any], topic_names: Mapping[str, str]) -> str:
    text = item.get("sentence") or in_language(item.get("sentence_en"), item.get("sentence_fr"))
    if item.get("target_percent") is not None:
        metric = item.get("metric") or in_language(item.get("metric_en"), item.get("metric_fr"))
        target = f"{percent(item['target_percent'])} {metric or ''}".strip()
        text += f" ({target})"
    if item.get("topics"):
        text += " [" + word_list(topic_names.get(slug, slug) for slug in item["topics"]) + "]"
    return text


def describe(events: Iterable[AuditEvent], topic_names: Mapping[str, str]) -> list[AuditLine]:
    return [
        AuditLine(
            event=event,
            changes=[
                ChangeLine(
                    label=field_label(name),
                    old=show(name, old, topic_names),
                    new=show(name, new, topic_names),
                    lang=name.rsplit("_", 1)[-1] if name.endswith(("_en", "_fr")) else "",
                )
                for name, (old, new) in event.changes.items()
            ],
        )
        for event in events
    ]


def trail(programme: Programme, *, limit: int) -> list[AuditLine]:
    """The programme's latest events, topics named as they are called today."""
    events = programme.audit_events.select_related("actor")[:limit]
    topic_names = {topic.slug: topic.name for topic in Topic.objects.all()}
    return describe(events, topic_names)


# --- What an event records ---------------------------------------------------------


def snapshot_of(
    programme: Programme,
    *,
    managers: Iterable[User],
    topics: Iterable[Topic],
    objectives: Sequence[Any],
) -> dict[str, Any]:
    """The same picture from values in memory (no query but the sponsor, if not loaded)."""
    data: dict[str, Any] = {}
    for name in EDITED_FIELDS:
        value = getattr(programme, name)
        if isinstance(value, User):
            value = value.name
        elif isinstance(value, date):
            value = value.isoformat()
        data[name] = value
    data["managers"] = sorted(person.name for person in managers)
    data["topics"] = sorted(topic.slug for topic in topics)
    data["objectives"] = [
        {
            "sentence_en": objective.sentence_en,
            "sentence_fr": objective.sentence_fr,
            "topics": sorted(topic.slug for topic in objective.topics),
            "target_percent": objective.target_percent,
            "metric_en": objective.metric_en,
            "metric_fr": objective.metric_fr,
        }
        for objective in objectives
    ]
    return data


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for what changed; a change between two kinds of empty is none."""
    return {
        key: [before.get(key), after.get(key)]
        for key in after
        if before.get(key) != after.get(key)
        and not (_is_empty(before.get(key)) and _is_empty(after.get(key)))
    }
