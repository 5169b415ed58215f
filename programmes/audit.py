"""Turn audit events ({field: [old, new]}) into lines a person reads, in their language."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from .models import AuditEvent, Programme, Topic

CHOICES = {
    "status": Programme.Status,
    "cadence": Programme.Cadence,
    "format": Programme.Format,
    "meeting_mode": Programme.MeetingMode,
}
DATES = {"start_on", "enrolment_opens_on", "enrolment_closes_on"}
LONG_TEXTS = {"description", "charter_en", "charter_fr"}


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


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
        return formats.date_format(date.fromisoformat(value), "j M Y")
    if name == "topics":
        return ", ".join(topic_names.get(slug, slug) for slug in value)
    if name == "objectives":
        return " · ".join(_objective(item, topic_names) for item in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if name in LONG_TEXTS:
        return Truncator(value).chars(80)
    return str(value)


def _objective(item: Mapping[str, Any], topic_names: Mapping[str, str]) -> str:
    text = item.get("sentence", "")
    if item.get("target_percent") is not None:
        target = f"{item['target_percent']} % {item.get('metric') or ''}".strip()
        text += f" ({target})"
    if item.get("topics"):
        text += " [" + ", ".join(topic_names.get(slug, slug) for slug in item["topics"]) + "]"
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
