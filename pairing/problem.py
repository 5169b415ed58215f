"""The pairing problem as plain data: who is paired (`Mentor`, `Mentee`), under which
`Rules`, and the answer (`Matching`: `Proposal`s and the `Unpaired`, each with `Reason`s).

No Django here. Reasons are codes with parameters; `pairing.reasons` words them.
`pairing.matching` is the public face: callers name all of this `matching.X`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

PersonId = Hashable
TopicId = Hashable

# Constraint codes, in the order the solver applies them (also the order of explanations).
BELOW_MIN_GRADE = "below_min_grade"
GRADE_UNKNOWN = "grade_unknown"
MENTOR_INELIGIBLE = "mentor_ineligible"
NO_SHARED_LANGUAGE = "no_shared_language"
REVERSE_RULE = "reverse_rule"
REPORTING_LINE = "reporting_line"
RATHER_NOT = "rather_not"
FORBIDDEN_BY_HR = "forbidden_by_hr"
BELOW_QUALITY_FLOOR = "below_quality_floor"  # allowed, but the pair would score too little
MENTORS_FULL = "mentors_full"
NO_MENTORS = "no_mentors"
PAIR_STAGES = (
    MENTOR_INELIGIBLE,
    NO_SHARED_LANGUAGE,
    REVERSE_RULE,
    REPORTING_LINE,
    RATHER_NOT,
    FORBIDDEN_BY_HR,
)
# Reasons a pair was proposed.
TEACHES_PRIORITY = "teaches_priority"
GIVES_BACK = "gives_back"
SHARED_LANGUAGE = "shared_language"
SHARED_AVAILABILITY = "shared_availability"
FLEXIBLE_AVAILABILITY = "flexible_availability"
SAME_MODE = "same_mode"
SAME_SITE = "same_site"
DIVERSE = "diverse"
LOCKED = "locked"
# Reasons a mentor keeps free places.
TENURE_TOO_LONG = "tenure_too_long"
TENURE_UNKNOWN = "tenure_unknown"
PLACES_LEFT = "places_left"
NO_COMPATIBLE_MENTEE = "no_compatible_mentee"
NO_MENTEE_REACHES_FLOOR = "no_mentee_reaches_floor"
COMPATIBLE_MENTEES_PAIRED = "compatible_mentees_paired"


# --- Input ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Profile:
    id: PersonId
    grade: int | None = None
    languages: frozenset[str] = frozenset()
    availability: frozenset[str] | None = None  # None: flexible, any slot suits
    mode: str | None = None  # "on_site", "video", "hybrid"; None: no preference
    site: str = ""
    country: str = ""
    department: Hashable | None = None
    generation: str = ""
    gender: str | None = None  # None: not declared
    rather_not: frozenset[PersonId] = frozenset()  # people of the other side to avoid


@dataclass(frozen=True, kw_only=True)
class Mentor(_Profile):
    """The junior who teaches. `capacity` is how many mentees they take in this programme."""

    capacity: int = 1
    topic_levels: Mapping[TopicId, int] = field(default_factory=dict)  # level 1..4
    wants_to_learn: frozenset[TopicId] = frozenset()
    tenure_years: float | None = None


@dataclass(frozen=True, kw_only=True)
class Mentee(_Profile):
    """The senior who learns."""

    topic_priorities: Mapping[TopicId, int] = field(default_factory=dict)  # 1 = first wish
    can_give_back: frozenset[TopicId] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Weights:
    complementarity: float = 0.5
    affinity: float = 0.25
    diversity: float = 0.25

    def normalised(self) -> tuple[float, float, float]:
        values = (self.complementarity, self.affinity, self.diversity)
        if min(values) < 0:
            raise ValueError("Weights cannot be negative.")
        total = sum(values)
        return tuple(v / total for v in values) if total else (0.0, 0.0, 0.0)


@dataclass(frozen=True, kw_only=True)
class Rules:
    """A programme's pairing rules. Pairs are (mentor id, mentee id)."""

    min_grade_gap: int = 1  # the reverse rule: mentee.grade - mentor.grade >= min_grade_gap
    max_grade_gap: int | None = None
    mentee_min_grade: int | None = None
    mentor_max_tenure_years: float | None = None
    on_site: bool = False  # the programme meets on site: the same site counts
    weights: Weights = Weights()
    forbidden: frozenset[tuple[PersonId, PersonId]] = frozenset()
    locked: Sequence[tuple[PersonId, PersonId]] = ()
    # The directory's reporting lines, people outside the cohort included.
    manager_of: Mapping[PersonId, PersonId | None] = field(default_factory=dict)
    # The goal. None: pair as many mentees as possible, then the best total score. A number
    # (0..100): only pairs scoring at least this, as many of them as possible, then the best
    # total. Locked pairs are HR's own choice and are kept whatever their score.
    min_score: int | None = None


# --- Output -----------------------------------------------------------------------------


class Reason(NamedTuple):
    """A code and its parameters; pairing.reasons turns it into a translated sentence."""

    code: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Proposal:
    mentor_id: PersonId
    mentee_id: PersonId
    score: int
    parts: Mapping[str, float]  # points each part brings to the score (they add up to it)
    reasons: tuple[Reason, ...]
    locked: bool = False

    @property
    def shares(self) -> dict[str, float]:
        """Each part's share of the score, from 0 to 1."""
        total = sum(self.parts.values())
        return {name: (points / total if total else 0.0) for name, points in self.parts.items()}


@dataclass(frozen=True)
class Unpaired:
    person_id: PersonId
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Matching:
    pairs: tuple[Proposal, ...]
    unpaired_mentees: tuple[Unpaired, ...]
    mentors_with_room: tuple[Unpaired, ...]  # mentors with free places, and why

    @property
    def total_score(self) -> int:
        return sum(p.score for p in self.pairs)


class InvalidLock(ValueError):
    """A locked pair breaks a hard constraint, an unknown person, or a capacity."""

    def __init__(self, mentor_id: PersonId, mentee_id: PersonId, reasons: Sequence[Reason]):
        self.mentor_id, self.mentee_id, self.reasons = mentor_id, mentee_id, tuple(reasons)
        codes = ", ".join(r.code for r in reasons)
        super().__init__(f"Locked pair ({mentor_id!r}, {mentee_id!r}) breaks: {codes}")
