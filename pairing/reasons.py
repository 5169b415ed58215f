"""Sentences for the reason codes of pairing.matching, in the active language, and the
reasons as the data stored on pairs and rounds.

matching.py stays free of Django and returns (code, params); pairs and rounds store them
as [{"code", "params"}]; this module turns them into words at display time, so a French
HR admin and an English mentee each read their own.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import formatting
from people.directory import language_name
from programmes.models import Topic

from . import matching as m

ORDINALS = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth")}
MODES = {"on_site": _("on site"), "video": _("by video"), "hybrid": _("in hybrid mode")}
CRITERIA = {
    "department": _("departments"),
    "generation": _("generations"),
    "gender": _("genders"),
    "country": _("countries"),
}


# The plural sentences are written out in each call to ngettext_lazy, never passed through a
# variable: makemessages only finds literal strings, and missed them when they were.


def _count(message: Any) -> Callable[[Mapping[str, Any]], str]:
    return lambda params: message % params


def _mentors(all_of_them: Any, some: Any) -> Callable[[Mapping[str, Any]], str]:
    """A constraint that ruled out some mentors, or every one of them."""
    return lambda p: str(all_of_them) if p["mentors"] == p["total"] else some % p


BELOW_FLOOR = ngettext_lazy(
    "With %(mentors)d mentor, the pair would score below %(min_score)d, the lowest score "
    "accepted in this round.",
    "With %(mentors)d mentors, the pair would score below %(min_score)d, the lowest score "
    "accepted in this round.",
    "mentors",
)

MESSAGES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    # Why a pair was proposed.
    m.TEACHES_PRIORITY: lambda p: (
        _("Teaches %(topic)s at level %(level)s of 4, the mentee's %(ordinal)s priority.")
        % {**p, "ordinal": ORDINALS.get(p["priority"], p["priority"])}
    ),
    m.GIVES_BACK: lambda p: (
        _("The mentee can give back %(topic)s, which the mentor wants to learn.") % p
    ),
    m.SHARED_LANGUAGE: lambda p: _("Both speak %(language)s.") % p,
    m.SHARED_AVAILABILITY: _count(
        ngettext_lazy(
            "They share %(slots)d available time slot.",
            "They share %(slots)d available time slots.",
            "slots",
        )
    ),
    m.FLEXIBLE_AVAILABILITY: lambda p: str(_("At least one of them is flexible on timing.")),
    m.SAME_MODE: lambda p: (
        _("Both prefer to meet %(mode)s.") % {"mode": MODES.get(p["mode"], p["mode"])}
    ),
    m.SAME_SITE: lambda p: _("Both work at %(site)s.") % p,
    m.DIVERSE: lambda p: (
        _("A diverse pair: different %(criteria)s.")
        % {"criteria": formatting.word_list(CRITERIA.get(c, c) for c in p["criteria"])}
    ),
    m.LOCKED: lambda p: str(_("Locked by HR.")),
    # Why a mentee is left unpaired.
    m.BELOW_MIN_GRADE: lambda p: (
        _("Grade %(grade)s is below the programme's lowest grade for mentees, %(min_grade)s.") % p
    ),
    m.GRADE_UNKNOWN: lambda p: str(_("Their grade is unknown, so the reverse rule cannot apply.")),
    m.MENTOR_INELIGIBLE: _mentors(
        _("No mentor meets the programme's tenure rule."),
        ngettext_lazy(
            "%(mentors)d mentor does not meet the programme's tenure rule.",
            "%(mentors)d mentors do not meet the programme's tenure rule.",
            "mentors",
        ),
    ),
    m.NO_SHARED_LANGUAGE: _mentors(
        _("No mentor shares a language with them."),
        ngettext_lazy(
            "%(mentors)d mentor shares no language with them.",
            "%(mentors)d mentors share no language with them.",
            "mentors",
        ),
    ),
    m.REVERSE_RULE: _mentors(
        _("No mentor is junior enough under the programme's reverse rule."),
        ngettext_lazy(
            "%(mentors)d mentor is ruled out by the reverse rule.",
            "%(mentors)d mentors are ruled out by the reverse rule.",
            "mentors",
        ),
    ),
    m.REPORTING_LINE: _mentors(
        _("Every mentor is in their reporting line or direct team."),
        ngettext_lazy(
            "%(mentors)d mentor is in their reporting line or direct team.",
            "%(mentors)d mentors are in their reporting line or direct team.",
            "mentors",
        ),
    ),
    m.RATHER_NOT: _mentors(
        _("Every mentor is on a “rather not” list with them."),
        ngettext_lazy(
            "%(mentors)d mentor is on a “rather not” list with them.",
            "%(mentors)d mentors are on a “rather not” list with them.",
            "mentors",
        ),
    ),
    m.FORBIDDEN_BY_HR: _mentors(
        _("HR forbade every possible pair."),
        ngettext_lazy(
            "HR forbade %(mentors)d of their possible pairs.",
            "HR forbade %(mentors)d of their possible pairs.",
            "mentors",
        ),
    ),
    m.BELOW_QUALITY_FLOOR: lambda p: (
        str(_("No pair with them would reach the lowest score accepted in this round."))
        if p["mentors"] == p["total"]
        else BELOW_FLOOR % p
    ),
    m.MENTORS_FULL: _count(
        ngettext_lazy(
            "Their one compatible mentor is full.",
            "All %(mentors)d compatible mentors are full.",
            "mentors",
        )
    ),
    m.NO_MENTORS: lambda p: str(_("The programme has no mentor.")),
    # Why a mentor keeps free places.
    m.PLACES_LEFT: _count(
        ngettext_lazy("%(places)d place left.", "%(places)d places left.", "places")
    ),
    m.NO_COMPATIBLE_MENTEE: lambda p: str(_("No mentee is compatible with them.")),
    m.NO_MENTEE_REACHES_FLOOR: lambda p: (
        _("No pair with them reaches %(min_score)s, the lowest score accepted in this round.") % p
    ),
    m.COMPATIBLE_MENTEES_PAIRED: _count(
        ngettext_lazy(
            "Their one compatible mentee is paired.",
            "All %(mentees)d compatible mentees are paired.",
            "mentees",
        )
    ),
    m.TENURE_TOO_LONG: lambda p: (
        _("%(years)s years of tenure, more than the programme's %(max_years)s.") % p
    ),
    m.TENURE_UNKNOWN: lambda p: str(
        _("Their hire date is unknown, so the tenure rule cannot apply.")
    ),
    # Why HR cannot lock a pair.
    "unknown_person": lambda p: str(_("This person is not in the programme's cohort.")),
    "mentee_locked_twice": lambda p: str(_("This mentee is already in another locked pair.")),
    "capacity_exceeded": lambda p: _("The mentor has no place left (capacity %(capacity)s).") % p,
    # Why a round for one person could not run (pairing.running).
    "no_longer_approved": lambda p: _("%(name)s is no longer approved.") % p,
    "already_paired": lambda p: _("%(name)s already has an active pair.") % p,
    # A sentence stored as words before reasons were codes, that no code matched.
    "text": lambda p: str(p.get("text", "")),
}


# Why one given pair cannot be made (pair_violations, InvalidLock): the same codes, no counts.
PAIR_MESSAGES = {
    m.MENTOR_INELIGIBLE: _("The mentor does not meet the programme's tenure rule."),
    m.NO_SHARED_LANGUAGE: _("They share no language."),
    m.REVERSE_RULE: _("The mentor is not junior enough under the programme's reverse rule."),
    m.REPORTING_LINE: _("The mentor is in the mentee's reporting line or direct team."),
    m.RATHER_NOT: _("One of them would rather not be paired with the other."),
    m.FORBIDDEN_BY_HR: _("HR forbade this pair."),
}


def render(reason: m.Reason, topics: Mapping[Any, str] | None = None) -> str:
    """One sentence in the active language. `topics` names topic ids (unknown ids as is)."""
    params = dict(reason.params)
    if reason.code in PAIR_MESSAGES and "mentors" not in params:
        return str(PAIR_MESSAGES[reason.code])
    if "topic" in params:
        params["topic"] = (topics or {}).get(params["topic"], params["topic"])
    if "language" in params:
        params["language"] = language_name(params["language"], in_sentence=True)
    message = MESSAGES.get(reason.code)
    return str(message(params)) if message else reason.code


def describe(stored: Iterable[Mapping[str, Any]], topics: Mapping[Any, str]) -> list[str]:
    """Sentences, in the active language, for reasons stored as [{"code", "params"}]."""
    return [render(m.Reason(item["code"], item.get("params") or {}), topics) for item in stored]


def topic_names() -> dict[int, str]:
    """Every topic's name in the active language, by pk (reasons name topics by pk)."""
    return {topic.pk: topic.name for topic in Topic.objects.all()}


def as_data(items: Iterable[m.Reason]) -> list[dict[str, Any]]:
    """Reasons as JSON-ready data, to store on a pair or an unpaired person."""
    return [{"code": item.code, "params": plain(dict(item.params))} for item in items]


def plain(value: Any) -> Any:
    """JSON-ready: mappings with string keys, lists for sets and tuples, no numpy scalars."""
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value
