"""Every write to programmes and topics, with its checks and its audit trail.

Views, commands, seeds and tests call these the same way. `by` is the person
acting: it must be an HR admin; None means the system itself (a command or a
scheduled job), which the audit trail records as no one.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from common.bilingual import LANGUAGES
from people.access import check_hr_admin
from people.models import User

from .audit import EDITED_FIELDS, diff, snapshot_of
from .models import AuditEvent, Objective, Programme, Topic

Status = Programme.Status

# The lifecycle is a straight line; each status has one next step.
NEXT_STATUS: dict[str, str] = {
    Status.DRAFT: Status.ENROLMENT_OPEN,
    Status.ENROLMENT_OPEN: Status.PAIRING,
    Status.PAIRING: Status.RUNNING,
    Status.RUNNING: Status.COMPLETED,
    Status.COMPLETED: Status.ARCHIVED,
}


class TransitionRefused(Exception):
    """A status change that cannot happen yet; `reasons` says what is missing, in words."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = list(reasons)


# Set through their property, in the active language: callers that know one language only.
IN_ACTIVE_LANGUAGE = ("name", "description", "place")


@dataclass
class ObjectiveData:
    """One objective as a form or a seed gives it, in both languages; `pk` when it exists."""

    sentence_en: str = ""
    sentence_fr: str = ""
    topics: Sequence[Topic] = field(default_factory=list)
    target_percent: int | None = None
    metric_en: str = ""
    metric_fr: str = ""
    pk: int | None = None

    @classmethod
    def of(cls, objective: Objective, topics: Sequence[Topic]) -> "ObjectiveData":
        return cls(
            sentence_en=objective.sentence_en,
            sentence_fr=objective.sentence_fr,
            topics=topics,
            target_percent=objective.target_percent,
            metric_en=objective.metric_en,
            metric_fr=objective.metric_fr,
        )


# --- The pairing hook --------------------------------------------------------


def published_pair_count(programme: Programme) -> int:
    """How many pairs of this programme have been published (active or ended since), as
    the dashboards' "Published pairs" counts them.

    Read through the reverse relation that pairing puts on Programme, so that this
    app never imports pairing (which builds on programmes).
    """
    return programme.pairs.published().count()


# --- Checks ------------------------------------------------------------------


def _check_people(*, sponsor: User | None, managers: Iterable[User]) -> None:
    errors: dict[str, list[str]] = {}
    if sponsor is None or not (sponsor.is_active and sponsor.is_executive):
        errors["sponsor"] = [_("The sponsor must be an executive.")]
    not_hr = [person.name for person in managers if not (person.is_active and person.is_hr_admin)]
    if not_hr:
        errors["managers"] = [
            _("Managers must be HR administrators: %(names)s is not.")
            % {"names": ", ".join(not_hr)}
        ]
    if errors:
        raise ValidationError(errors)


def _check_pickable(topics: Iterable[Topic], already: Iterable[Topic], field_name: str) -> None:
    """A retired topic may stay where it was, but cannot be picked anew."""
    kept = {topic.pk for topic in already}
    retired = [topic.name for topic in topics if topic.is_retired and topic.pk not in kept]
    if retired:
        raise ValidationError(
            {
                field_name: _("Retired topics cannot be picked: %(names)s.")
                % {"names": ", ".join(retired)}
            }
        )


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70].strip("-") or "programme"
    taken = set(
        Programme.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def snapshot(programme: Programme) -> dict[str, Any]:
    """A JSON-ready picture of what HR edits, to diff before and after a change."""
    objectives = [
        ObjectiveData.of(objective, list(objective.topics.all()))
        for objective in programme.objectives.prefetch_related("topics")
    ]
    return snapshot_of(
        programme,
        managers=programme.managers.all(),
        topics=programme.topics.all(),
        objectives=objectives,
    )


# In the append-only trail, these fields are named without their values: people's names,
# and long texts that are not decisions.
NAMED_ONLY_IN_TRAIL = {
    "sponsor",
    "managers",
    "description_en",
    "description_fr",
    "charter_en",
    "charter_fr",
    "closing_message_en",
    "closing_message_fr",
    "objectives",
}
TRAIL_KINDS = {
    AuditEvent.Action.CREATED: Entry.Kind.PROGRAMME_CREATED,
    AuditEvent.Action.DUPLICATED: Entry.Kind.PROGRAMME_CREATED,
    AuditEvent.Action.UPDATED: Entry.Kind.PROGRAMME_EDITED,
    AuditEvent.Action.STATUS_CHANGED: Entry.Kind.PROGRAMME_STATUS,
}


def _record(
    programme: Programme, *, by: User | None, action: str, changes: dict[str, list[Any]]
) -> AuditEvent:
    """The programme page's history (AuditEvent) and a line of the one audit trail."""
    kind = TRAIL_KINDS[action]
    values = {} if kind == Entry.Kind.PROGRAMME_CREATED else changes
    record(
        kind,
        by=by,
        programme=programme,
        target=programme,
        changes={k: v for k, v in values.items() if k not in NAMED_ONLY_IN_TRAIL},
        details={"fields": sorted(changes)} if kind == Entry.Kind.PROGRAMME_EDITED else {},
    )
    return AuditEvent.objects.create(programme=programme, actor=by, action=action, changes=changes)


# --- Programmes --------------------------------------------------------------


def _apply_fields(programme: Programme, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(EDITED_FIELDS) - set(IN_ACTIVE_LANGUAGE)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(programme, name, value)


def _save_objectives(programme: Programme, objectives: Sequence[ObjectiveData]) -> None:
    """Make the programme's objectives exactly these, in this order."""
    existing = {objective.pk: objective for objective in programme.objectives.all()}
    kept: set[int] = set()
    for position, data in enumerate(objectives):
        objective = existing.get(data.pk) if data.pk else None
        already = list(objective.topics.all()) if objective else []
        _check_pickable(data.topics, already, "objectives")
        if objective is None:
            objective = Objective(programme=programme)
        objective.position = position
        objective.sentence_en, objective.sentence_fr = (
            data.sentence_en.strip(),
            data.sentence_fr.strip(),
        )
        objective.target_percent = data.target_percent
        objective.metric_en, objective.metric_fr = data.metric_en.strip(), data.metric_fr.strip()
        objective.full_clean(exclude=["programme"])
        objective.save()
        objective.topics.set(data.topics)
        kept.add(objective.pk)
    Objective.objects.filter(programme=programme).exclude(pk__in=kept).delete()


@transaction.atomic
def create_programme(
    *,
    by: User | None,
    fields: Mapping[str, Any],
    managers: Iterable[User] = (),
    topics: Iterable[Topic] = (),
    objectives: Sequence[ObjectiveData] = (),
    action: str = AuditEvent.Action.CREATED,
    note: Mapping[str, list[Any]] | None = None,
) -> Programme:
    """A new draft programme. Refuses (ValidationError by field) what the form would refuse."""
    check_hr_admin(by)
    managers, topics = list(managers), list(topics)
    programme = Programme(created_by=by)
    _apply_fields(programme, fields)
    if not programme.slug:
        programme.slug = unique_slug(programme.name)
    _check_people(sponsor=programme.sponsor if programme.sponsor_id else None, managers=managers)
    _check_pickable(topics, [], "topics")
    programme.full_clean()
    programme.save()
    programme.managers.set(managers)
    programme.topics.set(topics)
    _save_objectives(programme, objectives)
    changes = diff({}, snapshot(programme))
    changes.update(note or {})
    _record(programme, by=by, action=action, changes=changes)
    return programme


@transaction.atomic
def update_programme(
    *,
    programme: Programme,
    by: User | None,
    fields: Mapping[str, Any],
    managers: Iterable[User],
    topics: Iterable[Topic],
    objectives: Sequence[ObjectiveData],
) -> Programme:
    """Save HR's edit and audit what changed. The instance given may hold unsaved form values."""
    check_hr_admin(by)
    managers, topics = list(managers), list(topics)
    # Re-read under a lock: the form has already written its values on the instance it holds,
    # and two editors must not interleave.
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if not current.is_editable:
        raise ValidationError(_("A completed or archived programme can no longer be edited."))
    before = snapshot(current)
    _apply_fields(current, fields)
    if not current.slug:
        current.slug = unique_slug(current.name, exclude_pk=current.pk)
    _check_people(sponsor=current.sponsor if current.sponsor_id else None, managers=managers)
    _check_pickable(topics, current.topics.all(), "topics")
    current.full_clean()
    current.save()
    current.managers.set(managers)
    current.topics.set(topics)
    _save_objectives(current, objectives)
    changes = diff(before, snapshot(current))
    if changes:
        _record(current, by=by, action=AuditEvent.Action.UPDATED, changes=changes)
    return current


@transaction.atomic
def duplicate_programme(*, source: Programme, by: User | None) -> Programme:
    """A draft copy with the same frame, objectives and topics; retired topics are left out."""
    fields = {name: getattr(source, name) for name in EDITED_FIELDS if name != "slug"}
    for language in LANGUAGES:
        original = getattr(source, f"name_{language}")
        if original:
            with translation.override(language):
                copy = _("Copy of %(name)s") % {"name": original}
            fields[f"name_{language}"] = copy[: Programme._meta.get_field("name_en").max_length]
    objectives = [
        ObjectiveData.of(
            objective, [topic for topic in objective.topics.all() if not topic.is_retired]
        )
        for objective in source.objectives.prefetch_related("topics")
    ]
    return create_programme(
        by=by,
        fields=fields,
        managers=source.managers.all(),
        topics=source.topics.active(),
        objectives=objectives,
        action=AuditEvent.Action.DUPLICATED,
        note={"copied_from": [None, source.name]},
    )


def transition_blockers(programme: Programme, to: str, *, today: date | None = None) -> list[str]:
    """What stops the programme from moving to status `to`, in words; empty when it can."""
    if to not in Status.values:
        return [_("“%(status)s” is not a status.") % {"status": to}]
    if NEXT_STATUS.get(programme.status) != to:
        return [
            _("A programme that is “%(current)s” cannot become “%(target)s”.")
            % {"current": programme.get_status_display(), "target": Status(to).label}
        ]
    today = today or timezone.localdate()
    reasons: list[str] = []
    if to == Status.ENROLMENT_OPEN:
        if not programme.has_charter:
            reasons.append(_("The charter is empty: write the rules of the game first."))
        if not (programme.enrolment_opens_on and programme.enrolment_closes_on):
            reasons.append(
                _("The enrolment window is not set: give its opening and closing dates.")
            )
        elif programme.enrolment_closes_on < today:
            reasons.append(_("The enrolment window has already closed: move it forward."))
        sponsor = programme.sponsor
        if sponsor is None:
            reasons.append(_("The programme has no sponsor: choose an executive."))
        elif not (sponsor.is_active and sponsor.is_executive):
            reasons.append(
                _("%(name)s is no longer an executive: choose another sponsor.")
                % {"name": sponsor.name}
            )
        if not programme.objectives.all():
            reasons.append(_("The programme has no objective yet: say what it is for."))
        if not programme.topics.all():
            reasons.append(_("No topic is in scope yet: pick the topics to exchange."))
    elif to == Status.RUNNING and published_pair_count(programme) == 0:
        reasons.append(_("No published pairs yet: pair the volunteers and publish the pairs."))
    return reasons


@transaction.atomic
def change_status(*, programme: Programme, to: str, by: User | None) -> Programme:
    """Move the programme one step along its lifecycle, or raise TransitionRefused."""
    check_hr_admin(by)
    current = (
        Programme.objects.select_for_update(of=("self",))
        .select_related("sponsor")
        .get(pk=programme.pk)
    )
    reasons = transition_blockers(current, to)
    if reasons:
        raise TransitionRefused(reasons)
    before = current.status
    current.status = to
    current.save(update_fields=["status", "updated_at"])
    _record(
        current, by=by, action=AuditEvent.Action.STATUS_CHANGED, changes={"status": [before, to]}
    )
    return current


# --- Topics ------------------------------------------------------------------


def unique_topic_slug(name: str) -> str:
    base = slugify(name)[:50].strip("-") or "topic"
    taken = set(Topic.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_topic(
    *, by: User | None, name_en: str, name_fr: str, kind: str, slug: str = ""
) -> Topic:
    check_hr_admin(by)
    topic = Topic(name_en=name_en.strip(), name_fr=name_fr.strip(), kind=kind)
    topic.slug = slug or unique_topic_slug(topic.name_en or topic.name_fr)
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def rename_topic(*, topic: Topic, by: User | None, name_en: str, name_fr: str, kind: str) -> Topic:
    """New names and kind; the slug stays, since import files refer to it."""
    check_hr_admin(by)
    topic.name_en, topic.name_fr, topic.kind = name_en.strip(), name_fr.strip(), kind
    topic.full_clean()
    topic.save(update_fields=["name_en", "name_fr", "kind"])
    return topic


def retire_topic(*, topic: Topic, by: User | None, today: date | None = None) -> Topic:
    """Retired topics stay on the programmes that use them but cannot be picked anew."""
    check_hr_admin(by)
    Topic.objects.filter(pk=topic.pk, retired_on__isnull=True).update(
        retired_on=today or timezone.localdate()
    )
    topic.refresh_from_db(fields=["retired_on"])
    return topic


def restore_topic(*, topic: Topic, by: User | None) -> Topic:
    check_hr_admin(by)
    Topic.objects.filter(pk=topic.pk).update(retired_on=None)
    topic.refresh_from_db(fields=["retired_on"])
    return topic
