"""The cohort as arrays: eligibility, hard constraints and scores of every (mentee, mentor)
pair, vectorised in blocks, and the two ways to pick pairs (optimal, greedy).

No Django here. Every array is built once per person, in O(people); pairwise work is a
matrix product or a broadcast comparison over a `View`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from .problem import (
    BELOW_MIN_GRADE,
    FORBIDDEN_BY_HR,
    GRADE_UNKNOWN,
    MENTOR_INELIGIBLE,
    NO_SHARED_LANGUAGE,
    RATHER_NOT,
    REPORTING_LINE,
    REVERSE_RULE,
    InvalidLock,
    Mentee,
    Mentor,
    PersonId,
    Reason,
    Rules,
)

HYBRID = "hybrid"
PRIORITY_WEIGHT = {1: 4, 2: 3, 3: 2, 4: 1}  # priority 1 is the mentee's first wish
MAX_LEVEL = 4
TEACH_SHARE = 0.75  # of complementarity; the rest is what the mentee gives back
PARTS = ("complementarity", "affinity", "diversity")
DIVERSITY_CRITERIA = ("department", "generation", "gender", "country")
SCORE_MAX = 100
CHUNK_CELLS = 2_000_000  # mentee rows are scored in blocks of about this many cells


class View:
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


class CohortArrays:
    """A cohort's people as per-person arrays, with its locks applied (InvalidLock if one
    breaks a rule); rows are mentees (i), columns mentors (j)."""

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
        if rules.min_score is not None and not 0 <= rules.min_score <= SCORE_MAX:
            raise ValueError("A quality floor lies between 0 and 100.")
        self._prepare_eligibility()
        self._prepare_languages()
        self._prepare_topics()
        self._prepare_availability()
        self._prepare_mode_and_site()
        self._prepare_diversity()
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

    # Every matrix product of the scores multiplies small integers held in float32, so its
    # sums are exact whatever the order: a pair scores the same in a block and on its own.

    def _prepare_languages(self) -> None:
        languages: dict = {}
        self.lang_e = _incidence([p.languages for p in self.mentees], languages)
        self.lang_r = _incidence([p.languages for p in self.mentors], languages)
        width = len(languages) or 1
        self.lang_e, self.lang_r = _widen(self.lang_e, width), _widen(self.lang_r, width)
        self.language_speakers = {
            code: int(self.lang_e[:, k].sum() + self.lang_r[:, k].sum())
            for code, k in languages.items()
        }

    def _prepare_topics(self) -> None:
        es, rs = self.mentees, self.mentors
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

    def _prepare_availability(self) -> None:
        """Two shared slots are plenty. Two extra columns give a flexible mentee (first) or
        mentor (second) two shared slots with anyone."""
        es, rs = self.mentees, self.mentors
        slots: dict = {}
        slots_e = _incidence([p.availability or () for p in es], slots)
        slots_r = _incidence([p.availability or () for p in rs], slots)
        width = len(slots)
        flexible_e = np.array([[2 * (p.availability is None), 1] for p in es], dtype=np.float32)
        flexible_r = np.array([[1, 2 * (p.availability is None)] for p in rs], dtype=np.float32)
        self.slots_e = np.hstack([_widen(slots_e, width), flexible_e.reshape(-1, 2)])
        self.slots_r = np.hstack([_widen(slots_r, width), flexible_r.reshape(-1, 2)])

    def _prepare_mode_and_site(self) -> None:
        """Meeting mode, in half points: 2 when the modes agree or either has no preference,
        1 when one of them is hybrid, 0 otherwise. A table lookup written as a product."""
        es, rs = self.mentees, self.mentors
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

    def _prepare_diversity(self) -> None:
        """The number of criteria both declared and differ on, as one product: the sum over
        criteria of known_e * known_r - [same value]."""
        diverse_e, diverse_r = [], []
        for name in DIVERSITY_CRITERIA:
            vocab: dict = {}
            code_e = _codes([getattr(p, name) for p in self.mentees], vocab)
            code_r = _codes([getattr(p, name) for p in self.mentors], vocab)
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
        self.blocked = arrays(line + rather_not + forbidden)  # sorted by mentee

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

    def stages(self, v: View) -> list[tuple[str, np.ndarray]]:
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

    def allowed(self, v: View) -> np.ndarray:
        if v.block:
            return self._allowed_block(v.rows)
        allowed = v.e(self.mentee_ok).copy()
        for _code, ok in self.stages(v):
            allowed &= ok
        return allowed

    def _allowed_block(self, rows: np.ndarray) -> np.ndarray:
        """allowed() for mentee rows against every mentor: the same constraints as stages(),
        folded into one boolean block with few temporaries (the score matrix's hot path)."""
        rules, grade_e = self.rules, self.grade_e[rows]
        row_ok = self.mentee_ok[rows] & (grade_e >= 0)
        col_ok = self.mentor_ok & (self.grade_r >= 0)
        out = np.logical_and(row_ok[:, None], col_ok[None, :])
        out &= (self.lang_e[rows] @ self.lang_r.T) > 0
        out &= grade_e[:, None] >= (self.grade_r + rules.min_grade_gap)[None, :]
        if rules.max_grade_gap is not None:
            out &= grade_e[:, None] <= (self.grade_r + rules.max_grade_gap)[None, :]
        team_e = np.where(self.team_e[rows] >= 0, self.team_e[rows], -2)  # -2 meets no one
        np.greater(out, team_e[:, None] == self.team_r[None, :], out=out)  # and not same team
        bi, bj = self.blocked
        first, last = np.searchsorted(bi, [rows[0], rows[-1] + 1]) if len(rows) else (0, 0)
        at = np.searchsorted(rows, bi[first:last])
        here = rows[np.minimum(at, len(rows) - 1)] == bi[first:last]
        out[at[here], bj[first:last][here]] = False
        return out

    def parts(self, v: View) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Complementarity, affinity and diversity, each from 0 to 1 (float32). Each part is a
        product of small integers (exact, so a pair scores the same in a block as on its own)
        followed by the same elementwise steps in both views."""
        return self._complementarity(v), self._affinity(v), self._diversity(v)

    def _complementarity(self, v: View) -> np.ndarray:
        complementarity = v.dot(self.wish, self.level)
        complementarity *= v.e(self.wish_scale)
        complementarity *= TEACH_SHARE
        give = v.dot(self.gives, self.wants)
        give *= v.r(self.wants_scale)
        np.minimum(give, 1, out=give)
        give *= 1 - TEACH_SHARE
        complementarity += give
        return complementarity

    def _affinity(self, v: View) -> np.ndarray:
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
        return affinity

    def _diversity(self, v: View) -> np.ndarray:
        diversity = v.dot(self.diverse_e, self.diverse_r)
        diversity *= 1 / len(DIVERSITY_CRITERIA)
        return diversity

    def scores(self, v: View) -> np.ndarray:
        """Integer scores 0..100 (int16): 100 × (wc × c + wa × a + wd × d), summed in that
        order in float32 and rounded. A part whose weight is 0 is not computed: adding
        0 × part would add exactly 0, so the sums are the same."""
        total = None
        for weight, part in zip(
            self.weights, (self._complementarity, self._affinity, self._diversity), strict=True
        ):
            if weight:
                value = part(v)
                value *= np.float32(SCORE_MAX * weight)
                total = value if total is None else np.add(total, value, out=total)
        if total is None:
            shape = (len(v.rows), self.m) if v.block else (len(v.rows),)
            return np.zeros(shape, dtype=np.int16)
        return np.rint(total, out=total).astype(np.int16)

    def violations(self, i: int, j: int) -> list[Reason]:
        v = View(np.array([i]), np.array([j]))
        problems = [] if self.mentee_ok[i] else self.mentee_ineligibility(i)
        problems += [Reason(code, {}) for code, ok in self.stages(v) if not ok[0]]
        return problems

    def mentee_ineligibility(self, i: int) -> list[Reason]:
        grade = self.mentees[i].grade
        if grade is None:
            return [Reason(GRADE_UNKNOWN, {})]
        return [Reason(BELOW_MIN_GRADE, {"grade": grade, "min_grade": self.rules.mentee_min_grade})]

    def score_matrix(self) -> np.ndarray:
        """Scores of free mentees (rows) against every mentor: int16, -1 where not allowed
        or, under a quality floor (`rules.min_score`), where the pair scores below it."""
        out = np.empty((len(self.free), self.m), dtype=np.int16)
        step = max(1, CHUNK_CELLS // max(self.m, 1))
        floor = self.rules.min_score
        for start in range(0, len(self.free), step):
            v = View(self.free[start : start + step])
            block = out[start : start + step]
            block[...] = self.scores(v)
            barred = self.allowed(v)
            np.logical_not(barred, out=barred)
            np.copyto(block, -1, where=barred)
            if floor:
                np.copyto(block, -1, where=block < floor)
        return out
