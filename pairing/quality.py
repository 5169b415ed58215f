"""A pair's match quality in plain words: a label on a stated scale, its best reasons and
its weak points.

The label comes from the score out of 100 and the best reasons are the pair's reasons
([{"code", "params"}], worded by `pairing.reasons`) in the order the solver gives them. The
weak points are facts about the two members (`pairing.facts`, `explain.weak_points`), never
read from reasons that are missing: the solver keeps only a pair's best three reasons, and
pairs set by hand, by the demo or before reasons were stored have none. Without facts, no
weak point is claimed, and a pair without reasons says that no explanation was recorded.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from common import formatting

from . import explain
from . import matching as m
from .models import SCORE_MAX
from .reasons import describe

# (lowest score, key, label): the scale printed beside every label.
SCALE = (
    (70, "strong", _("strong")),
    (50, "good", _("good")),
    (30, "fair", _("fair")),
    (0, "weak", _("weak")),
)
BEST_REASONS = 3

SAME = {
    "department": _("same department"),
    "generation": _("same generation"),
    "gender": _("same gender"),
    "country": _("same country"),
}
WEAK_POINTS = {
    explain.NO_TOPIC_IN_COMMON: lambda params: _("no topic in common"),
    explain.NO_SHARED_HOUR: lambda params: _("no shared available hour"),
    explain.NO_GIVE_BACK: lambda params: _("nothing to give back that the mentor wants to learn"),
    explain.SAME_PROFILE: lambda params: (
        _("no diversity: %(same)s")
        % {"same": formatting.word_list(str(SAME.get(c, c)) for c in params.get("criteria", []))}
    ),
}


@dataclass(frozen=True)
class Quality:
    key: str
    label: str
    score: int
    best: list[str]
    weak: list[str]
    unexplained: bool = False  # neither reasons nor facts: "no explanation recorded"

    @property
    def scale(self) -> str:
        return scale_text()


def scale_text() -> str:
    bounds = [(low, label) for low, _key, label in SCALE]
    parts = []
    upper = SCORE_MAX
    for low, label in bounds:
        parts.append(f"{label} {low}–{upper}")
        upper = low - 1
    return str(_("out of %(max)d: %(scale)s")) % {
        "max": SCORE_MAX,
        "scale": formatting.word_list(parts),
    }


def label_for(score: int) -> tuple[str, str]:
    for low, key, label in SCALE:
        if score >= low:
            return key, str(label)
    return SCALE[-1][1], str(SCALE[-1][2])


def weak_points(weak: Iterable[Mapping[str, Any]]) -> list[str]:
    """The weak points in words, from their codes (`pairing.facts`)."""
    return [
        str(WEAK_POINTS[item["code"]](item.get("params") or {}))
        for item in weak
        if item.get("code") in WEAK_POINTS
    ]


def quality(
    score: int,
    reasons: list[Mapping[str, Any]],
    topics: Mapping[Any, str],
    weak: list[Mapping[str, Any]] | None = None,
) -> Quality:
    """The pair's quality, in the active language. No query: `topics` names the topics.

    `weak` is the pair's weak points as facts; None when they were not computed, and then no
    weak point is claimed."""
    key, label = label_for(score)
    shown = [reason for reason in reasons if reason.get("code") != m.LOCKED]
    return Quality(
        key=key,
        label=label,
        score=score,
        best=describe(shown[:BEST_REASONS], topics),
        weak=weak_points(weak or []),
        unexplained=weak is None and not shown,
    )
