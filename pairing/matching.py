"""Optimal pairing of a programme's mentors and mentees: pure, vectorised, deterministic.

No Django here. The pairing app turns approved enrolments into `Mentor` and `Mentee`
records, calls `solve()`, stores what comes back, and renders the reason codes with
`pairing.reasons`. Scores are integers from 0 to 100.

The objective is lexicographic: pair as many mentees as can be paired, then maximise the
total score. pairing.solver solves it exactly (min-cost flow on candidate pairs, certified
optimal for the whole cohort by dual prices); forbidden pairs are never arcs of the flow, so
a mentee with no allowed mentor simply stays unpaired. Measurements: docs/pairing-solver.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from threadpoolctl import ThreadpoolController

from . import solver

PersonId = Hashable
TopicId = Hashable

HYBRID = "hybrid"
PRIORITY_WEIGHT = {1: 4, 2: 3, 3: 2, 4: 1}  # priority 1 is the mentee's first wish
MAX_LEVEL = 4
TEACH_SHARE = 0.75  # of complementarity; the rest is what the mentee gives back
PARTS = ("complementarity", "affinity", "diversity")
DIVERSITY_CRITERIA = ("department", "generation", "gender", "country")

# Constraint codes, in the order the solver applies them (also the order of explanations).
BELOW_MIN_GRADE = "below_min_grade"
GRADE_UNKNOWN = "grade_unknown"
MENTOR_INELIGIBLE = "mentor_ineligible"
NO_SHARED_LANGUAGE = "no_shared_language"
REVERSE_RULE = "reverse_rule"
REPORTING_LINE = "reporting_line"
RATHER_NOT = "rather_not"
FORBIDDEN_BY_HR = "forbidden_by_hr"
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
COMPATIBLE_MENTEES_PAIRED = "compatible_mentees_paired"

SCORE_MAX = 100
_CHUNK_CELLS = 2_000_000  # mentee rows are scored in blocks of about this many cells
# The matrix products here are thin (a few dozen columns): BLAS threads only add their
# start-up and spinning, measured 1.5-3x slower on 2 cores. Keep BLAS to one thread in here.
_blas = ThreadpoolController()


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


# --- Public functions -------------------------------------------------------------------


def solve(mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules = Rules()) -> Matching:
    """The optimal pairs: as many as possible, then the highest total score; locks kept."""
    with _blas.limit(limits=1, user_api="blas"):
        cohort = _Cohort(mentors, mentees, rules)
        return cohort.finish(cohort.optimal())


def greedy(
    mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules = Rules()
) -> Matching:
    """First come, first served: each mentee in turn takes the best mentor with room left.

    The baseline the benchmark and the tests compare with; never used to pair people.
    """
    with _blas.limit(limits=1, user_api="blas"):
        cohort = _Cohort(mentors, mentees, rules)
        return cohort.finish(cohort.greedy())


def pair_score(mentor: Mentor, mentee: Mentee, rules: Rules = Rules()) -> int:
    """The score a pair would have (0..100), whether or not it is allowed."""
    cohort = _Cohort([mentor], [mentee], dataclasses.replace(rules, locked=()))
    return int(cohort.scores(_View(np.array([0]), np.array([0])))[0])


def pair_violations(mentor: Mentor, mentee: Mentee, rules: Rules = Rules()) -> list[Reason]:
    """The hard constraints a pair would break (empty if none), e.g. to vet a pair set by hand."""
    cohort = _Cohort([mentor], [mentee], dataclasses.replace(rules, locked=()))
    return cohort.violations(0, 0)


# --- The cohort, as arrays --------------------------------------------------------------


class _View:
    """How mentee-side and mentor-side arrays meet: a block of mentee rows against every
    mentor (k × m), or aligned (mentee, mentor) pairs (k). One scoring code serves both."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray | None = None):
        self.rows, self.cols, self.block = rows, cols, cols is None

    def e(self, values: np.ndarray) -> np.ndarray:
        return values[self.rows][:, None] if self.block else values[self.rows]

    def r(self, values: np.ndarray) -> np.ndarray:
        return values[None, :] if self.block else values[self.cols]

    def dot(self, mentee_side: np.ndarray, mentor_side: np.ndarray) -> np.ndarray:
        if self.block:
            return mentee_side[self.rows] @ mentor_side.T
        return np.einsum("ij,ij->i", mentee_side[self.rows], mentor_side[self.cols])

    def pairs_in(self, blocked: tuple[np.ndarray, np.ndarray], n_mentors: int) -> np.ndarray:
        """True where the (mentee, mentor) cell is one of the `blocked` pairs."""
        bi, bj = blocked
        if self.block:
            out = np.zeros((len(self.rows), n_mentors), dtype=bool)
            position = np.full(int(max(self.rows.max(initial=-1), bi.max(initial=-1))) + 1, -1)
            position[self.rows] = np.arange(len(self.rows))
            hit = position[bi] >= 0
            out[position[bi[hit]], bj[hit]] = True
            return out
        codes = np.sort(bi.astype(np.int64) * n_mentors + bj)
        if codes.size == 0:
            return np.zeros(len(self.rows), dtype=bool)
        wanted = self.rows.astype(np.int64) * n_mentors + self.cols
        found = np.searchsorted(codes, wanted)
        return (found < len(codes)) & (codes[np.minimum(found, len(codes) - 1)] == wanted)


def _codes(values: Iterable[Any], vocabulary: dict[Any, int]) -> np.ndarray:
    """Integer codes shared by both sides; -1 for unknown (None or empty)."""
    return np.array(
        [vocabulary.setdefault(v, len(vocabulary)) if v not in (None, "") else -1 for v in values],
        dtype=np.int32,
    )


def _incidence(
    sets: Sequence[Iterable[Any]],
    vocabulary: dict[Any, int],
    value: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """A float32 person × item matrix: 1 where the person has the item, or, for mappings,
    value(array of the mapped values)."""
    rows, cols, raw = [], [], []
    for row, items in enumerate(sets):
        for item in items:
            rows.append(row)
            cols.append(vocabulary.setdefault(item, len(vocabulary)))
            if value is not None:
                raw.append(items[item])
    out = np.zeros((len(sets), len(vocabulary)), dtype=np.float32)
    out[rows, cols] = value(np.array(raw, dtype=np.int64)) if value is not None else 1
    return out


def _one_hot(codes: np.ndarray, width: int) -> np.ndarray:
    """Rows of zeros with a 1 at each code; all zeros for unknown (-1)."""
    out = np.zeros((len(codes), max(width, 1)), dtype=np.float32)
    known = codes >= 0
    out[np.flatnonzero(known), codes[known]] = 1
    return out


def _widen(matrix: np.ndarray, width: int) -> np.ndarray:
    """Pad with zero columns: the two sides were built before the vocabulary was complete."""
    return np.pad(matrix, ((0, 0), (0, width - matrix.shape[1])))


class _Cohort:
    def __init__(self, mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules):
        self.mentors, self.mentees, self.rules = list(mentors), list(mentees), rules
        self.m, self.n = len(self.mentors), len(self.mentees)
        self.mentor_index = {p.id: j for j, p in enumerate(self.mentors)}
        self.mentee_index = {p.id: i for i, p in enumerate(self.mentees)}
        if len(self.mentor_index) < self.m or len(self.mentee_index) < self.n:
            raise ValueError("Each person appears once per side.")
        if self.mentor_index.keys() & self.mentee_index.keys():
            raise ValueError("Nobody can be both a mentor and a mentee in one programme.")
        self.capacity = np.array([p.capacity for p in self.mentors], dtype=np.int64)
        if (self.capacity < 0).any():
            raise ValueError("A capacity cannot be negative.")
        self.weights = rules.weights.normalised()
        self._prepare_eligibility()
        self._prepare_scoring()
        self._prepare_blocked_pairs()
        self._lock()

    # Preparation: per-person arrays, built once in O(people).

    def _prepare_eligibility(self) -> None:
        rules = self.rules
        grade_e = np.array([-1 if p.grade is None else p.grade for p in self.mentees])
        grade_r = np.array([-1 if p.grade is None else p.grade for p in self.mentors])
        self.grade_e, self.grade_r = grade_e.astype(np.int32), grade_r.astype(np.int32)
        mentee_ok = grade_e >= 0
        if rules.mentee_min_grade is not None:
            mentee_ok &= grade_e >= rules.mentee_min_grade
        self.mentee_ok = mentee_ok.reshape(-1)
        tenure = np.array(
            [np.nan if p.tenure_years is None else p.tenure_years for p in self.mentors]
        )
        mentor_ok = np.ones(self.m, dtype=bool)
        if rules.mentor_max_tenure_years is not None:
            mentor_ok = ~np.isnan(tenure) & (np.nan_to_num(tenure) <= rules.mentor_max_tenure_years)
        self.mentor_ok = mentor_ok.reshape(-1)

    def _prepare_scoring(self) -> None:
        es, rs = self.mentees, self.mentors
        languages: dict = {}
        self.lang_e = _incidence([p.languages for p in es], languages)
        self.lang_r = _incidence([p.languages for p in rs], languages)
        width = len(languages) or 1
        self.lang_e, self.lang_r = _widen(self.lang_e, width), _widen(self.lang_r, width)
        self.language_speakers = {
            code: int(self.lang_e[:, k].sum() + self.lang_r[:, k].sum())
            for code, k in languages.items()
        }

        # Every matrix product below multiplies small integers held in float32, so its sums
        # are exact whatever the order: a pair scores the same in a block and on its own.
        topics: dict = {}
        priorities = [p.topic_priorities for p in es]
        weights = np.array([PRIORITY_WEIGHT.get(k, 0) for k in range(max(PRIORITY_WEIGHT) + 2)])
        self.wish = _incidence(
            priorities, topics, lambda p: weights[np.clip(p, 0, len(weights) - 1)]
        )
        self.level = _incidence(
            [p.topic_levels for p in rs], topics, lambda level: np.clip(level, 0, MAX_LEVEL)
        )
        # Teaching: the mentor's level on each wish, weighted by its priority; 1 at level 4 on all.
        self.wish_scale = (1 / (MAX_LEVEL * np.maximum(self.wish.sum(axis=1), 1))).astype(
            np.float32
        )
        # Giving back: the share of what the mentor wants to learn (two topics are plenty).
        self.gives = _incidence([p.can_give_back for p in es], topics)
        self.wants = _incidence([p.wants_to_learn for p in rs], topics)
        self.wants_scale = np.array(
            [1 / max(min(len(p.wants_to_learn), 2), 1) for p in rs], dtype=np.float32
        )
        width = len(topics) or 1
        self.wish, self.level, self.gives, self.wants = (
            _widen(a, width) for a in (self.wish, self.level, self.gives, self.wants)
        )

        # Availability: two shared slots are plenty. Two extra columns give a flexible mentee
        # (first) or mentor (second) two shared slots with anyone.
        slots: dict = {}
        slots_e = _incidence([p.availability or () for p in es], slots)
        slots_r = _incidence([p.availability or () for p in rs], slots)
        width = len(slots)
        flexible_e = np.array([[2 * (p.availability is None), 1] for p in es], dtype=np.float32)
        flexible_r = np.array([[1, 2 * (p.availability is None)] for p in rs], dtype=np.float32)
        self.slots_e = np.hstack([_widen(slots_e, width), flexible_e.reshape(-1, 2)])
        self.slots_r = np.hstack([_widen(slots_r, width), flexible_r.reshape(-1, 2)])

        # Meeting mode, in half points: 2 when the modes agree or either has no preference,
        # 1 when one of them is hybrid, 0 otherwise. A table lookup written as a product.
        modes: dict = {None: 0}
        codes_e = [modes.setdefault(p.mode or None, len(modes)) for p in es]
        codes_r = [modes.setdefault(p.mode or None, len(modes)) for p in rs]
        names = list(modes)
        table = np.array(
            [
                [2 * (a is None or b is None or a == b) or (HYBRID in (a, b)) for b in names]
                for a in names
            ],
            dtype=np.float32,
        )
        self.mode_e = table[codes_e].reshape(len(es), len(names))
        self.mode_r = np.eye(len(names), dtype=np.float32)[codes_r].reshape(len(rs), len(names))

        sites: dict = {}
        site_e, site_r = _codes([p.site for p in es], sites), _codes([p.site for p in rs], sites)
        self.site_e, self.site_r = _one_hot(site_e, len(sites)), _one_hot(site_r, len(sites))

        # Diversity, the number of criteria both declared and differ on, as one product:
        # sum over criteria of known_e * known_r - [same value].
        diverse_e, diverse_r = [], []
        for name in DIVERSITY_CRITERIA:
            vocab: dict = {}
            code_e = _codes([getattr(p, name) for p in es], vocab)
            code_r = _codes([getattr(p, name) for p in rs], vocab)
            diverse_e += [(code_e >= 0)[:, None], _one_hot(code_e, len(vocab))]
            diverse_r += [(code_r >= 0)[:, None], -_one_hot(code_r, len(vocab))]
        self.diverse_e = np.hstack(diverse_e).astype(np.float32)
        self.diverse_r = np.hstack(diverse_r).astype(np.float32)

    def _prepare_blocked_pairs(self) -> None:
        """Sparse (mentee, mentor) lists for reporting lines, rather-not lists and HR's no."""
        manager_of = self.rules.manager_of

        def chain(person: PersonId) -> list[PersonId]:
            seen, boss = [person], manager_of.get(person)
            while boss is not None and boss not in seen:
                seen.append(boss)
                boss = manager_of.get(boss)
            return seen[1:]

        line = []
        for i, mentee in enumerate(self.mentees):
            line += [(i, self.mentor_index[b]) for b in chain(mentee.id) if b in self.mentor_index]
        for j, mentor in enumerate(self.mentors):
            line += [(self.mentee_index[b], j) for b in chain(mentor.id) if b in self.mentee_index]
        teams: dict = {}
        self.team_e = _codes([manager_of.get(p.id) for p in self.mentees], teams)
        self.team_r = _codes([manager_of.get(p.id) for p in self.mentors], teams)

        rather_not = [
            (i, self.mentor_index[b])
            for i, p in enumerate(self.mentees)
            for b in p.rather_not
            if b in self.mentor_index
        ] + [
            (self.mentee_index[b], j)
            for j, p in enumerate(self.mentors)
            for b in p.rather_not
            if b in self.mentee_index
        ]
        forbidden = [
            (self.mentee_index[e], self.mentor_index[r])
            for r, e in self.rules.forbidden
            if r in self.mentor_index and e in self.mentee_index
        ]

        def arrays(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
            a = np.array(sorted(set(pairs)), dtype=np.int64).reshape(-1, 2)
            return a[:, 0], a[:, 1]

        self.line, self.rather_not, self.forbidden = map(arrays, (line, rather_not, forbidden))

    def _lock(self) -> None:
        self.locked: list[tuple[int, int]] = []  # (mentee, mentor)
        self.room = self.capacity.copy()
        taken: set[int] = set()
        for mentor_id, mentee_id in self.rules.locked:
            j, i = self.mentor_index.get(mentor_id), self.mentee_index.get(mentee_id)
            if i is None or j is None:
                raise InvalidLock(mentor_id, mentee_id, [Reason("unknown_person", {})])
            problems = self.violations(i, j)
            if i in taken:
                problems.append(Reason("mentee_locked_twice", {}))
            if self.room[j] <= 0:
                problems.append(Reason("capacity_exceeded", {"capacity": int(self.capacity[j])}))
            if problems:
                raise InvalidLock(mentor_id, mentee_id, problems)
            taken.add(i)
            self.room[j] -= 1
            self.locked.append((i, j))
        self.free = np.array([i for i in range(self.n) if i not in taken], dtype=np.int64)

    # Constraints and scores, for a block of rows or for aligned pairs.

    def stages(self, v: _View) -> list[tuple[str, np.ndarray]]:
        """(code, allowed) for each pairwise hard constraint, in PAIR_STAGES order."""
        grade_e, grade_r = v.e(self.grade_e), v.r(self.grade_r)
        gap = grade_e - grade_r
        reverse = (grade_e >= 0) & (grade_r >= 0) & (gap >= self.rules.min_grade_gap)
        if self.rules.max_grade_gap is not None:
            reverse &= gap <= self.rules.max_grade_gap
        team_e = v.e(self.team_e)
        same_team = (team_e >= 0) & (team_e == v.r(self.team_r))
        return [
            (MENTOR_INELIGIBLE, v.r(self.mentor_ok)),
            (NO_SHARED_LANGUAGE, v.dot(self.lang_e, self.lang_r) > 0),
            (REVERSE_RULE, reverse),
            (REPORTING_LINE, ~(same_team | v.pairs_in(self.line, self.m))),
            (RATHER_NOT, ~v.pairs_in(self.rather_not, self.m)),
            (FORBIDDEN_BY_HR, ~v.pairs_in(self.forbidden, self.m)),
        ]

    def allowed(self, v: _View) -> np.ndarray:
        allowed = (
            v.e(self.mentee_ok).copy()
            if not v.block
            else np.repeat(v.e(self.mentee_ok), self.m, axis=1)
        )
        for _code, ok in self.stages(v):
            allowed &= ok
        return allowed

    def parts(self, v: _View) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Complementarity, affinity and diversity, each from 0 to 1 (float32).

        Each part is a product of small integers (exact, so a pair scores the same in a block
        as on its own) followed by the same elementwise steps in both views."""
        complementarity = v.dot(self.wish, self.level)
        complementarity *= v.e(self.wish_scale)
        complementarity *= TEACH_SHARE
        give = v.dot(self.gives, self.wants)
        give *= v.r(self.wants_scale)
        np.minimum(give, 1, out=give)
        give *= 1 - TEACH_SHARE
        complementarity += give
        del give

        affinity = v.dot(self.slots_e, self.slots_r)
        affinity *= 0.5
        np.minimum(affinity, 1, out=affinity)
        mode = v.dot(self.mode_e, self.mode_r)
        if self.rules.on_site:
            affinity *= 0.5
            mode *= 0.1  # 0.2 for a full match, in half points
            affinity += mode
            same_site = v.dot(self.site_e, self.site_r)
            same_site *= 0.3
            affinity += same_site
        else:
            affinity *= 0.7
            mode *= 0.15
            affinity += mode
        del mode

        diversity = v.dot(self.diverse_e, self.diverse_r)
        diversity *= 1 / len(DIVERSITY_CRITERIA)
        return complementarity, affinity, diversity

    def scores(self, v: _View) -> np.ndarray:
        """Integer scores 0..100 (int16)."""
        wc, wa, wd = self.weights
        total, a, d = self.parts(v)
        total *= np.float32(SCORE_MAX * wc)
        a *= np.float32(SCORE_MAX * wa)
        total += a
        d *= np.float32(SCORE_MAX * wd)
        total += d
        return np.rint(total, out=total).astype(np.int16)

    def violations(self, i: int, j: int) -> list[Reason]:
        v = _View(np.array([i]), np.array([j]))
        problems = [] if self.mentee_ok[i] else self._mentee_ineligibility(i)
        problems += [Reason(code, {}) for code, ok in self.stages(v) if not ok[0]]
        return problems

    def score_matrix(self) -> np.ndarray:
        """Scores of free mentees (rows) against every mentor: int16, -1 where not allowed."""
        out = np.empty((len(self.free), self.m), dtype=np.int16)
        step = max(1, _CHUNK_CELLS // max(self.m, 1))
        for start in range(0, len(self.free), step):
            v = _View(self.free[start : start + step])
            block = out[start : start + step]
            block[...] = self.scores(v)
            np.copyto(block, -1, where=~self.allowed(v))
        return out

    # Solving.

    def optimal(self) -> list[tuple[int, int]]:
        mentor_of = solver.assign(self.score_matrix(), self.room, SCORE_MAX)
        rows = np.flatnonzero(mentor_of >= 0)
        return list(self.locked) + list(
            zip(self.free[rows].tolist(), mentor_of[rows].tolist(), strict=True)
        )

    def greedy(self) -> list[tuple[int, int]]:
        scores = self.score_matrix()
        room = self.room.copy()
        pairs = list(self.locked)
        for row, i in enumerate(self.free.tolist()):
            candidates = np.where(room > 0, scores[row], np.int16(-1))
            j = int(candidates.argmax()) if self.m else 0
            if self.m and candidates[j] >= 0:
                pairs.append((i, j))
                room[j] -= 1
        return pairs

    # Explaining.

    def finish(self, pairs: list[tuple[int, int]]) -> Matching:
        locked = set(self.locked)
        rows = np.array([i for i, _ in pairs], dtype=np.int64)
        cols = np.array([j for _, j in pairs], dtype=np.int64)
        v = _View(rows, cols)
        wc, wa, wd = self.weights
        c, a, d = self.parts(v) if len(pairs) else ([], [], [])
        scores = self.scores(v) if len(pairs) else []
        proposals = []
        for k, (i, j) in enumerate(pairs):
            points = {
                "complementarity": round(float(SCORE_MAX * wc * c[k]), 1),
                "affinity": round(float(SCORE_MAX * wa * a[k]), 1),
                "diversity": round(float(SCORE_MAX * wd * d[k]), 1),
            }
            proposals.append(
                Proposal(
                    mentor_id=self.mentors[j].id,
                    mentee_id=self.mentees[i].id,
                    score=int(scores[k]),
                    parts=points,
                    reasons=self._pair_reasons(i, j, points, (i, j) in locked),
                    locked=(i, j) in locked,
                )
            )
        paired = set(rows.tolist())
        used = np.bincount(cols, minlength=self.m) if len(cols) else np.zeros(self.m, dtype=int)
        unpaired = [i for i in range(self.n) if i not in paired]
        with_room = [j for j in range(self.m) if used[j] < self.capacity[j]]
        compatible = self._compatible_mentees(with_room)
        return Matching(
            pairs=tuple(proposals),
            unpaired_mentees=tuple(
                Unpaired(self.mentees[i].id, self._unpaired_reasons(i)) for i in unpaired
            ),
            mentors_with_room=tuple(
                Unpaired(
                    self.mentors[j].id,
                    self._room_reasons(j, int(self.capacity[j] - used[j]), compatible[k]),
                )
                for k, j in enumerate(with_room)
            ),
        )

    def _pair_reasons(
        self, i: int, j: int, points: Mapping[str, float], locked: bool
    ) -> tuple[Reason, ...]:
        mentor, mentee = self.mentors[j], self.mentees[i]
        by_part: dict[str, Reason | None] = {name: None for name in PARTS}

        best = None
        for topic, priority in mentee.topic_priorities.items():
            level = mentor.topic_levels.get(topic, 0)
            if level > 0:
                key = (PRIORITY_WEIGHT.get(priority, 0) * level, -priority)
                if best is None or key > best[0]:
                    best = (key, topic, level, priority)
        if best:
            _key, topic, level, priority = best
            by_part["complementarity"] = Reason(
                TEACHES_PRIORITY, {"topic": topic, "level": level, "priority": priority}
            )
        else:
            give = sorted(set(mentee.can_give_back) & set(mentor.wants_to_learn), key=repr)
            if give:
                by_part["complementarity"] = Reason(GIVES_BACK, {"topic": give[0]})

        if self.rules.on_site and mentor.site and mentor.site == mentee.site:
            by_part["affinity"] = Reason(SAME_SITE, {"site": mentor.site})
        elif mentor.availability is None or mentee.availability is None:
            by_part["affinity"] = Reason(FLEXIBLE_AVAILABILITY, {})
        elif shared := mentor.availability & mentee.availability:
            by_part["affinity"] = Reason(SHARED_AVAILABILITY, {"slots": len(shared)})
        elif mentor.mode and mentor.mode == mentee.mode:
            by_part["affinity"] = Reason(SAME_MODE, {"mode": mentor.mode})

        criteria = [
            name
            for name in DIVERSITY_CRITERIA
            if getattr(mentor, name) not in (None, "")
            and getattr(mentee, name) not in (None, "")
            and getattr(mentor, name) != getattr(mentee, name)
        ]
        if criteria:
            by_part["diversity"] = Reason(DIVERSE, {"criteria": criteria})

        reasons = [Reason(LOCKED, {})] if locked else []
        ranked = sorted(PARTS, key=lambda name: -points[name])  # stable: PARTS order on ties
        reasons += [by_part[name] for name in ranked if by_part[name] and points[name] > 0]
        shared_languages = sorted(
            set(mentor.languages) & set(mentee.languages),
            key=lambda code: (self.language_speakers.get(code, 0), code),
        )
        everyone = self.n + self.m
        if shared_languages and (
            len(reasons) < 2 or self.language_speakers[shared_languages[0]] < everyone
        ):
            # The rarest shared language says something; a language all speak says little.
            reasons.insert(
                min(len(reasons), 1), Reason(SHARED_LANGUAGE, {"language": shared_languages[0]})
            )
        return tuple(reasons[:3])

    def _mentee_ineligibility(self, i: int) -> list[Reason]:
        grade = self.mentees[i].grade
        if grade is None:
            return [Reason(GRADE_UNKNOWN, {})]
        return [Reason(BELOW_MIN_GRADE, {"grade": grade, "min_grade": self.rules.mentee_min_grade})]

    def _unpaired_reasons(self, i: int) -> tuple[Reason, ...]:
        if not self.mentee_ok[i]:
            return tuple(self._mentee_ineligibility(i))
        if self.m == 0:
            return (Reason(NO_MENTORS, {}),)
        v = _View(np.array([i]))
        remaining = np.ones(self.m, dtype=bool)
        excluded = []
        for code, ok in self.stages(v):
            ok = np.broadcast_to(ok, (1, self.m))[0]
            count = int((remaining & ~ok).sum())
            remaining &= ok
            if count:
                excluded.append(Reason(code, {"mentors": count, "total": self.m}))
        excluded.sort(key=lambda r: -r.params["mentors"])  # stable: stage order on ties
        left = int(remaining.sum())
        if left:
            return (Reason(MENTORS_FULL, {"mentors": left}), *excluded[:2])
        return tuple(excluded)

    def _compatible_mentees(self, mentors: list[int]) -> list[int]:
        """How many mentees each of these mentors may be paired with."""
        counts = []
        step = max(1, _CHUNK_CELLS // max(self.n, 1))
        for start in range(0, len(mentors), step):
            chunk = np.array(mentors[start : start + step], dtype=np.int64)
            v = _View(np.tile(np.arange(self.n), len(chunk)), np.repeat(chunk, self.n))
            counts += self.allowed(v).reshape(len(chunk), self.n).sum(axis=1).tolist()
        return counts

    def _room_reasons(self, j: int, places: int, compatible: int) -> tuple[Reason, ...]:
        mentor = self.mentors[j]
        if not self.mentor_ok[j]:
            if mentor.tenure_years is None:
                return (Reason(TENURE_UNKNOWN, {}),)
            return (
                Reason(
                    TENURE_TOO_LONG,
                    {
                        "years": round(mentor.tenure_years, 1),
                        "max_years": self.rules.mentor_max_tenure_years,
                    },
                ),
            )
        reason = (
            Reason(COMPATIBLE_MENTEES_PAIRED, {"mentees": compatible})
            if compatible
            else Reason(NO_COMPATIBLE_MENTEE, {})
        )
        return (Reason(PLACES_LEFT, {"places": places}), reason)
