"""Ties, capacities, forbidden pairs and the quality floor against scipy's dense solver.

Thousands of small score matrices (hypothesis) where most scores tie: the solver, forced
through its candidate rounds, must agree with scipy's `linear_sum_assignment` on the number
of pairs and the total score, for both goals (as many pairs as possible; only pairs of at
least a given quality). Then the same on generated cohorts through `matching.solve`, and the
tie rule itself: deterministic, and a candidate graph that does not grow with ties.

`-m long` runs many more examples.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing import solver

from .helpers import dense_reference

EXAMPLES = 1_500
LONG_EXAMPLES = 30_000


@contextmanager
def candidate_rounds(per_mentee: int = 1, added: int = 1, drawn: int = 0) -> Iterator[None]:
    """Force the candidate loop on small matrices, starting from a tiny graph."""
    names = ("FULL_GRAPH_PAIRS", "MENTORS_PER_MENTEE", "ADDED_PER_ROUND", "DRAWN_PER_MENTEE")
    saved = [getattr(solver, name) for name in names]
    for name, value in zip(names, (0, per_mentee, added, drawn), strict=True):
        setattr(solver, name, value)
    try:
        yield
    finally:
        for name, value in zip(names, saved, strict=True):
            setattr(solver, name, value)


@st.composite
def tied_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int | None]:
    """A score matrix where most scores tie, with forbidden pairs (-1), random capacities
    (0 to 4) and, half the time, a quality floor."""
    n, m = draw(st.integers(1, 12)), draw(st.integers(1, 6))
    levels = draw(
        st.sampled_from(
            [[0], [40], [0, 100], [25, 50, 75], [0, 25, 50, 75, 100], list(range(0, 101, 10))]
        )
    )
    forbidden_share = draw(st.sampled_from([0.0, 0.1, 0.4, 0.8]))
    cells = draw(st.lists(st.sampled_from(levels), min_size=n * m, max_size=n * m))
    gone = draw(st.lists(st.floats(0, 1), min_size=n * m, max_size=n * m))
    scores = np.array(cells, dtype=np.int16)
    scores[np.array(gone) < forbidden_share] = -1
    capacity = np.array(draw(st.lists(st.integers(0, 4), min_size=m, max_size=m)))
    floor = draw(st.none() | st.sampled_from([1, 30, 50, 75, 100]))
    return scores.reshape(n, m), capacity, floor


def with_floor(scores: np.ndarray, floor: int | None) -> np.ndarray:
    """What matching does for the goal "only pairs of at least this quality"."""
    if floor is None:
        return scores
    return np.where(scores >= floor, scores, np.int16(-1)).astype(np.int16)


def check_against_scipy(matrix: tuple[np.ndarray, np.ndarray, int | None]) -> None:
    scores, capacity, floor = matrix
    scores = with_floor(scores, floor)
    with candidate_rounds(per_mentee=1, added=1, drawn=int(scores.sum()) % 2):
        mentor_of = solver.assign(scores, capacity, 100)

    paired = np.flatnonzero(mentor_of >= 0)
    assert (scores[paired, mentor_of[paired]] >= 0).all(), "only allowed pairs"
    assert (np.bincount(mentor_of[paired], minlength=len(capacity)) <= capacity).all()
    got = (len(paired), int(scores[paired, mentor_of[paired]].sum()))
    assert got == dense_reference(scores, capacity)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tied_matrices())
def test_heavy_ties_agree_with_scipy_for_both_goals(matrix):
    check_against_scipy(matrix)


@pytest.mark.long
def test_heavy_ties_agree_with_scipy_on_many_more_examples(request):
    if "long" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("many more examples: run with -m long")
    many = settings(
        max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    many(given(tied_matrices())(check_against_scipy))()


def test_the_first_candidate_graph_does_not_grow_with_ties():
    capacity = np.full(300, 2)
    for scores in (
        np.zeros((600, 300), dtype=np.int16),  # every score equal
        np.tile(np.array([0, 25, 50, 75, 100], dtype=np.int16), (600, 60)),  # five levels
    ):
        arcs = solver._first_candidates(scores, capacity, 100)
        per_mentor = 2 * 2 + solver.EXTRA_MENTEES_PER_MENTOR
        bound = 600 * solver.MENTORS_PER_MENTEE + 300 * per_mentor + 600 * 4
        assert len(arcs) <= bound < scores.size / 10


def test_every_score_equal_pairs_everyone_at_once():
    scores = np.zeros((400, 400), dtype=np.int16)
    scores[::7, ::5] = -1  # a few forbidden pairs
    report: dict = {}

    mentor_of = solver.assign(scores, np.ones(400, dtype=np.int64), 100, report)

    assert (mentor_of >= 0).all() and len(set(mentor_of.tolist())) == 400
    assert report["rounds"] == 1 and report["first_arcs"] < scores.size / 10


def test_ties_are_broken_by_a_fixed_rule():
    # The tie value of a pair depends on its two positions only: written down, pinned here.
    values = solver.tie_values(np.array([0, 0, 1, 7]), np.array([0, 1, 0, 3]))
    assert values.tolist() == [14231, 51700, 29250, 18731]

    # The same input always gives the same pairs, and the tied choices spread over mentors.
    scores = np.full((2_000, 100), 50, dtype=np.int16)
    first = solver.assign(scores, np.full(100, 20), 100)
    again = solver.assign(scores.copy(), np.full(100, 20), 100)
    assert first.tolist() == again.tolist()
    assert np.bincount(first, minlength=100).tolist() == [20] * 100
