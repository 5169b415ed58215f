"""The audit trail in words, in the reader's language: each entry's changes and details.

Entries hold codes and values, never sentences, so that an English entry reads in French.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from audit.models import Entry
from common import formatting
from enrolments.models import Enrolment
from evaluation.exports import to_csv
from pairing.models import Pair
from people.directory import language_name
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


def _value(value: Any, name: str = "") -> str:
    if value is None or value == "":
        return "—"
    if name == "preferred_language":
        return language_name(str(value), in_sentence=True)
    if name == "country":
        return str(countries.name(value) or value)
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
            _change(field_label(name), show(name, before, {}), show(name, after, {}))
            for name, (before, after) in entry.changes.items()
        )
    return "; ".join(
        _change(_field(name), _value(before, name), _value(after, name))
        for name, (before, after) in entry.changes.items()
    )


def _change(field: str, before: str, after: str) -> str:
    """ "Preferred language: French → English" (« Langue préférée : français → anglais »)."""
    return _("%(field)s: %(before)s → %(after)s") % {
        "field": field,
        "before": before,
        "after": after,
    }


def pairs_of(entries: Iterable[Entry]) -> dict[str, Pair]:
    """The pairs the entries are about, by target (`pair:<code>`), with their members: a
    pair's event concerns both. One query."""
    codes = []
    for entry in entries:
        kind, _sep, code = entry.target.partition(":")
        if kind == "pair" and code:
            codes.append(code)
    if not codes:
        return {}
    pairs = Pair.objects.filter(code__in=codes).select_related("mentor_person", "mentee_person")
    return {f"pair:{pair.code}": pair for pair in pairs}


def pair_text(pair: Pair) -> str:
    return _("Pair of %(mentor)s and %(mentee)s") % {
        "mentor": pair.mentor_person.name,
        "mentee": pair.mentee_person.name,
    }


def _person_text(person: User) -> str:
    return f"{person.name} <{person.email}>"


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
    """Each entry with names, not only codes: a pair's event names its two members."""
    for chunk in _chunks(entries, 500):
        pairs = pairs_of(chunk)
        for entry in chunk:
            pair = pairs.get(entry.target)
            if entry.person:
                concerned = entry.person.email
            elif pair:
                concerned = "; ".join(
                    _person_text(p) for p in (pair.mentor_person, pair.mentee_person)
                )
            else:
                concerned = ""
            yield [
                entry.at,
                entry.get_kind_display(),
                entry.actor.email if entry.actor else _("Tandem (automatic)"),
                concerned,
                entry.programme.name if entry.programme else "",
                pair_text(pair) if pair else entry.target,
                summary(entry),
            ]


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
