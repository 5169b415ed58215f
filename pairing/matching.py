"""Optimal pairing of a programme's mentors and mentees: pure, vectorised, deterministic.

No Django here. The pairing app turns approved enrolments into `Mentor` and `Mentee`
records, calls `solve()`, stores what comes back, and renders the reason codes with
`pairing.reasons`. Scores are integers from 0 to 100.

The objective is lexicographic: pair as many mentees as can be paired, then maximise the
total score. pairing.solver solves it exactly (min-cost flow on candidate pairs, certified
optimal for the whole cohort by dual prices); forbidden pairs are never arcs of the flow, so
a mentee with no allowed mentor simply stays unpaired. Measurements: docs/pairing-solver.md.

This module is the solver's public face. Behind it: `pairing.problem` (the records in and
out, and the reason codes, all named here as `matching.X`), `pairing.scoring` (the cohort
as arrays: constraints and scores) and `pairing.explain` (the reasons of the answer).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

from . import solver
from .explain import explain
from .problem import (
    BELOW_MIN_GRADE,
    BELOW_QUALITY_FLOOR,
    COMPATIBLE_MENTEES_PAIRED,
    DIVERSE,
    FLEXIBLE_AVAILABILITY,
    FORBIDDEN_BY_HR,
    GIVES_BACK,
    GRADE_UNKNOWN,
    LOCKED,
    MENTOR_INELIGIBLE,
    MENTORS_FULL,
    NO_COMPATIBLE_MENTEE,
    NO_MENTEE_REACHES_FLOOR,
    NO_MENTORS,
    NO_SHARED_LANGUAGE,
    PAIR_STAGES,
    PLACES_LEFT,
    RATHER_NOT,
    REPORTING_LINE,
    REVERSE_RULE,
    SAME_MODE,
    SAME_SITE,
    SHARED_AVAILABILITY,
    SHARED_LANGUAGE,
    TEACHES_PRIORITY,
    TENURE_TOO_LONG,
    TENURE_UNKNOWN,
    InvalidLock,
    Matching,
    Mentee,
    Mentor,
    PersonId,
    Proposal,
    Reason,
    Rules,
    TopicId,
    Unpaired,
    Weights,
)
from .scoring import SCORE_MAX, CohortArrays, View

__all__ = [
    "BELOW_MIN_GRADE",
    "BELOW_QUALITY_FLOOR",
    "COMPATIBLE_MENTEES_PAIRED",
    "DIVERSE",
    "FLEXIBLE_AVAILABILITY",
    "FORBIDDEN_BY_HR",
    "GIVES_BACK",
    "GRADE_UNKNOWN",
    "LOCKED",
    "MENTORS_FULL",
    "MENTOR_INELIGIBLE",
    "NO_COMPATIBLE_MENTEE",
    "NO_MENTEE_REACHES_FLOOR",
    "NO_MENTORS",
    "NO_SHARED_LANGUAGE",
    "PAIR_STAGES",
    "PLACES_LEFT",
    "RATHER_NOT",
    "REPORTING_LINE",
    "REVERSE_RULE",
    "SAME_MODE",
    "SAME_SITE",
    "SHARED_AVAILABILITY",
    "SHARED_LANGUAGE",
    "TEACHES_PRIORITY",
    "TENURE_TOO_LONG",
    "TENURE_UNKNOWN",
    "InvalidLock",
    "Matching",
    "Mentee",
    "Mentor",
    "PersonId",
    "Proposal",
    "Reason",
    "Rules",
    "TopicId",
    "Unpaired",
    "Weights",
    "greedy",
    "pair_score",
    "pair_violations",
    "solve",
]

# The matrix products here are thin (a few dozen columns): BLAS threads only add their
# start-up and spinning, measured 1.5-3x slower on 2 cores. Keep BLAS to one thread in here.
_blas = ThreadpoolController()

_DEFAULT_RULES = Rules()  # frozen, so one default serves every call


def solve(
    mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules = _DEFAULT_RULES
) -> Matching:
    """The optimal pairs: as many as possible, then the highest total score; locks kept.

    Under a quality floor (`rules.min_score`), pairs scoring below it are never made: the
    most pairs among those that reach it, then the highest total."""
    with _blas.limit(limits=1, user_api="blas"):
        cohort = CohortArrays(mentors, mentees, rules)
        mentor_of = solver.assign(cohort.score_matrix(), cohort.room, SCORE_MAX)
        rows = np.flatnonzero(mentor_of >= 0)
        chosen = zip(cohort.free[rows].tolist(), mentor_of[rows].tolist(), strict=True)
        return explain(cohort, [*cohort.locked, *chosen])


def greedy(
    mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules = _DEFAULT_RULES
) -> Matching:
    """First come, first served: each mentee in turn takes the best mentor with room left.

    The baseline the benchmark and the tests compare with; never used to pair people.
    """
    with _blas.limit(limits=1, user_api="blas"):
        cohort = CohortArrays(mentors, mentees, rules)
        scores = cohort.score_matrix()
        room = cohort.room.copy()
        pairs = list(cohort.locked)
        for row, i in enumerate(cohort.free.tolist()):
            candidates = np.where(room > 0, scores[row], np.int16(-1))
            j = int(candidates.argmax()) if cohort.m else 0
            if cohort.m and candidates[j] >= 0:
                pairs.append((i, j))
                room[j] -= 1
        return explain(cohort, pairs)


def pair_score(mentor: Mentor, mentee: Mentee, rules: Rules = _DEFAULT_RULES) -> int:
    """The score a pair would have (0..100), whether or not it is allowed."""
    cohort = CohortArrays([mentor], [mentee], dataclasses.replace(rules, locked=()))
    return int(cohort.scores(View(np.array([0]), np.array([0])))[0])


def pair_violations(mentor: Mentor, mentee: Mentee, rules: Rules = _DEFAULT_RULES) -> list[Reason]:
    """The hard constraints a pair would break (empty if none), e.g. to vet a pair set by hand."""
    cohort = CohortArrays([mentor], [mentee], dataclasses.replace(rules, locked=()))
    return cohort.violations(0, 0)
