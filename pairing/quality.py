"""A pair's match quality in plain words: a label on a stated scale, its best reasons and
its weak points.

Built on the reasons the solver stores on each pair ([{"code", "params"}], worded by
`pairing.reasons`): the label comes from the score out of 100, the best reasons are the
stored ones in the order the solver gives them, and the weak points are the criteria on
which the pair scored nothing, read from the reasons that are missing. A published pair
keeps its score and reasons, so it keeps its explanation.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from common import formatting

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

WEAK_POINTS = (
    # (reason codes any of which clears the weak point, the weak point in words)
    ((m.TEACHES_PRIORITY,), _("no topic in common")),
    ((m.SHARED_AVAILABILITY, m.FLEXIBLE_AVAILABILITY), _("no shared available hour")),
    ((m.GIVES_BACK,), _("nothing to give back that the mentor wants to learn")),
    ((m.DIVERSE,), _("no diversity: same department, generation and country")),
)


@dataclass(frozen=True)
class Quality:
    key: str
    label: str
    score: int
    best: list[str]
    weak: list[str]

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


def weak_points(codes: Iterable[str]) -> list[str]:
    present = set(codes)
    return [str(words) for clearing, words in WEAK_POINTS if not present.intersection(clearing)]


def quality(score: int, reasons: list[Mapping[str, Any]], topics: Mapping[Any, str]) -> Quality:
    """The pair's quality, in the active language. No query: `topics` names the topics."""
    key, label = label_for(score)
    shown = [reason for reason in reasons if reason.get("code") != m.LOCKED]
    return Quality(
        key=key,
        label=label,
        score=score,
        best=describe(shown[:BEST_REASONS], topics),
        weak=weak_points(reason.get("code") for reason in reasons),
    )
