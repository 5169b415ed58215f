"""The audit trail in words, in the reader's language: each entry's changes and details.

Entries hold codes and values, never sentences, so that an English entry reads in French.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import Entry
from common import formatting
from enrolments.models import Enrolment
from evaluation.exports import to_csv
from pairing.models import Pair
from people.models import User
from programmes.audit import field_label, show
from programmes.models import Programme

from .roles import ROLES, role_label

FIELD_LABELS = {
    "status": lambda: _("Status"),
    "is_active": lambda: _("Active"),
    "is_hr_admin": lambda: _("HR admin"),
    "is_executive": lambda: _("Executive"),
    "grade": lambda: _("Grade"),
    "country": lambda: _("Country"),
    "hired_on": lambda: _("Hire date"),
    "generation": lambda: _("Generation"),
    "preferred_language": lambda: _("Preferred language"),
    "locked": lambda: _("Locked"),
}
STATUS_CHOICES = (Programme.Status, Enrolment.Status, Pair.Status)


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    for choices in STATUS_CHOICES:
        if value in choices.values:
            return str(choices(value).label)
    return str(value)


def _field(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return label() if label else name


def changes_text(entry: Entry) -> str:
    if entry.programme_id and entry.kind in (
        Entry.Kind.PROGRAMME_EDITED,
        Entry.Kind.PROGRAMME_STATUS,
    ):
        return "; ".join(
            f"{field_label(name)}: {show(name, before, {})} → {show(name, after, {})}"
            for name, (before, after) in entry.changes.items()
        )
    return "; ".join(
        f"{_field(name)}: {_value(before)} → {_value(after)}"
        for name, (before, after) in entry.changes.items()
    )


def details_text(entry: Entry) -> str:
    details = entry.details
    parts: list[str] = []
    if details.get("role") in ROLES:
        parts.append(_("Role: %(role)s") % {"role": role_label(details["role"])})
    elif details.get("role") in Enrolment.Role.values:
        parts.append(str(Enrolment.Role(details["role"]).label))
    if "pairs" in details:
        parts.append(
            ngettext("%(count)d pair", "%(count)d pairs", details["pairs"])
            % {"count": details["pairs"]}
        )
    if "emails" in details:
        parts.append(
            ngettext("%(count)d email", "%(count)d emails", details["emails"])
            % {"count": details["emails"]}
        )
    if entry.kind == Entry.Kind.PAIR_NUDGED and details.get("note"):
        parts.append(_("with a line from HR"))  # the line itself is never recorded
    if "unpaired" in details:
        parts.append(_("%(count)d left unpaired") % {"count": details["unpaired"]})
    if "volunteers" in details:
        parts.append(
            ngettext("%(count)d volunteer", "%(count)d volunteers", details["volunteers"])
            % {"count": details["volunteers"]}
        )
    if "pairs_ended" in details:
        parts.append(_("%(count)d pairs ended") % {"count": details["pairs_ended"]})
    if "reason" in details and details["reason"] in Pair.EndReason.values:
        parts.append(str(Pair.EndReason(details["reason"]).label))
    if "fields" in details:
        label = field_label if entry.kind == Entry.Kind.PROGRAMME_EDITED else _directory_label
        parts.append(
            _("Fields changed: %(fields)s")
            % {"fields": formatting.word_list(str(label(name)) for name in details["fields"])}
        )
    if "export" in details:
        parts.append(_("File: %(name)s") % {"name": details["export"]})
    if "weights" in details:
        weights = details["weights"]
        parts.append(
            _("Weights: complementarity %(c)s, affinity %(a)s, diversity %(d)s")
            % {
                "c": formatting.percent(weights.get("complementarity", 0)),
                "a": formatting.percent(weights.get("affinity", 0)),
                "d": formatting.percent(weights.get("diversity", 0)),
            }
        )
    return "; ".join(parts)


def _directory_label(name: str) -> str:
    try:
        return str(User._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed keeps its name
        return name


def summary(entry: Entry) -> str:
    return "; ".join(part for part in (changes_text(entry), details_text(entry)) if part)


def csv_rows(entries: Iterable[Entry]) -> Iterator[list[Any]]:
    for entry in entries:
        yield [
            entry.at,
            entry.get_kind_display(),
            entry.actor.email if entry.actor else _("Tandem (automatic)"),
            entry.person.email if entry.person else "",
            entry.programme.name if entry.programme else "",
            entry.target,
            summary(entry),
        ]


def as_csv(entries: Iterable[Entry]) -> str:
    header = [
        _("When"),
        _("Kind"),
        _("By"),
        _("Person concerned"),
        _("Programme"),
        _("Object"),
        _("What changed"),
    ]
    return to_csv(header, csv_rows(entries))
