"""The warm start (pairing.augmenting) and the choice between it and a solve from scratch,
against scipy's dense solver; the cheap cut-offs of pairing.selection.

Hypothesis draws small score matrices where most scores tie, with forbidden pairs and random
capacities: the shortest-path solver, started from everyone alone or from the optimum of a
part of the graph, must reach scipy's optimum (pairs, then total) with prices that prove it.
"""

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing import augmenting, selection, solver

from .helpers import dense_reference
from .test_solver_ties import candidate_rounds, tied_matrices, with_floor

EXAMPLES = 600
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def graph_of(scores: np.ndarray, keep: np.ndarray | None = None) -> tuple:
    """The allowed pairs (or those of them in `keep`), sorted by row, with their worth."""
    m = scores.shape[1]
    codes = np.flatnonzero((scores >= 0) if keep is None else (scores >= 0) & keep)
    rows, cols = np.divmod(codes, m)
    return codes, rows, cols


def worth(scores: np.ndarray, capacity: np.ndarray, rows: np.ndarray, cols: np.ndarray):
    big = int(min(scores.shape[0], capacity.sum())) * 100 + 1
    return big, big + scores[rows, cols].astype(np.int64)


def check_prices(scores, capacity, mentor_of, alpha, beta) -> None:
    """The certificate, written out: prices cover every allowed pair, equal the pairs made,
    are 0 for the unpaired and for mentors with room, never negative."""
    big, w = worth(scores, capacity, *np.nonzero(scores >= 0))
    rows, cols = np.nonzero(scores >= 0)
    assert (alpha >= 0).all() and (beta >= 0).all()
    assert (alpha[rows] + beta[cols] >= w).all()
    paired = np.flatnonzero(mentor_of >= 0)
    made = big + scores[paired, mentor_of[paired]].astype(np.int64)
    assert (alpha[paired] + beta[mentor_of[paired]] == made).all()
    assert (alpha[mentor_of < 0] == 0).all()
    load = np.bincount(mentor_of[paired], minlength=len(capacity))
    assert (beta[load < capacity] == 0).all()
    assert (load <= capacity).all()


def result_of(scores, mentor_of) -> tuple[int, int]:
    paired = np.flatnonzero(mentor_of >= 0)
    assert (scores[paired, mentor_of[paired]] >= 0).all(), "only allowed pairs"
    return len(paired), int(scores[paired, mentor_of[paired]].sum())


@SETTINGS
@given(tied_matrices())
def test_paths_from_everyone_alone_reach_the_dense_optimum(matrix):
    scores, capacity, floor = matrix
    scores = with_floor(scores, floor)
    n, m = scores.shape
    _codes, rows, cols = graph_of(scores)
    _big, w = worth(scores, capacity, rows, cols)

    mentor_of, alpha, beta, _phases = augmenting.reoptimise(
        (rows, cols, w), capacity, np.full(n, -1), np.zeros(n), np.zeros(m), max_phases=1_000
    )

    assert result_of(scores, mentor_of) == dense_reference(scores, capacity)
    check_prices(scores, capacity, mentor_of, alpha, beta)


@SETTINGS
@given(tied_matrices(), st.randoms(use_true_random=False))
def test_the_warm_start_from_a_part_of_the_graph_reaches_the_dense_optimum(matrix, rng):
    # Solve a random part of the graph from scratch (OR-tools, then the prices), then add the
    # rest and start from there: the same optimum as scipy on everything.
    scores, capacity, floor = matrix
    scores = with_floor(scores, floor)
    n, m = scores.shape
    part = np.array([rng.random() < 0.5 for _ in range(n * m)]).reshape(n, m)
    codes, _rows, _cols = graph_of(scores, part)
    big = int(min(n, capacity.sum())) * 100 + 1
    if codes.size and capacity.sum():
        mentor_of = solver._solve_on(codes, scores, capacity, 100)
        alpha, beta = solver._duals(codes, scores, capacity, mentor_of, big)
    else:
        mentor_of, alpha, beta = np.full(n, -1), np.zeros(n, int), np.zeros(m, int)
    _codes, rows, cols = graph_of(scores)
    _big, w = worth(scores, capacity, rows, cols)

    mentor_of, alpha, beta, _phases = augmenting.reoptimise(
        (rows, cols, w), capacity, mentor_of, alpha, beta, max_phases=1_000
    )

    assert result_of(scores, mentor_of) == dense_reference(scores, capacity)
    check_prices(scores, capacity, mentor_of, alpha, beta)


@contextmanager
def solver_choice(cold_left: float, share: float, phases: int):
    names = ("COLD_LEFT", "WARM_SHARE", "WARM_PHASES")
    saved = [getattr(solver, name) for name in names]
    for name, value in zip(names, (cold_left, share, phases), strict=True):
        setattr(solver, name, value)
    try:
        yield
    finally:
        for name, value in zip(names, saved, strict=True):
            setattr(solver, name, value)


CHOICES = [(0.0, 0.0, 40), (1.0, 1.0, 40), (1.0, 1.0, 1), (0.2, 0.5, 2)]


@SETTINGS
@given(tied_matrices(), st.sampled_from(CHOICES))
def test_every_choice_of_solver_gives_the_dense_optimum(matrix, choice):
    # From scratch (unless the first round of paths places everyone), always by paths, by
    # paths that give up after one round, and the default shares with few rounds: through
    # the candidate rounds, each ends on scipy's optimum.
    scores, capacity, floor = matrix
    scores = with_floor(scores, floor)
    with solver_choice(*choice), candidate_rounds(per_mentee=1, added=1):
        mentor_of = solver.assign(scores, capacity, 100)

    assert result_of(scores, mentor_of) == dense_reference(scores, capacity)
    assert (np.bincount(mentor_of[mentor_of >= 0], minlength=len(capacity)) <= capacity).all()


def test_the_warm_start_gives_up_when_the_prices_have_far_to_go():
    scores = np.tile(np.arange(0, 100, 10, dtype=np.int16), (10, 1))
    capacity = np.ones(10, dtype=np.int64)
    _codes, rows, cols = graph_of(scores)
    _big, w = worth(scores, capacity, rows, cols)
    start = (capacity, np.full(10, -1), np.zeros(10), np.zeros(10))

    with pytest.raises(augmenting.TooFar):
        augmenting.reoptimise((rows, cols, w), *start, max_phases=1)
    with pytest.raises(augmenting.TooFar):
        augmenting.reoptimise((rows, cols, w), *start, max_phases=100, most_left=0)
    mentor_of, *_rest = augmenting.reoptimise((rows, cols, w), *start, max_phases=100)
    assert result_of(scores, mentor_of) == dense_reference(scores, capacity)


@pytest.mark.parametrize("seed", range(4))
def test_a_cohort_with_several_rounds_takes_both_ways_and_stays_optimal(seed, monkeypatch):
    # Mentees weigh topics their own way and mentors know them unevenly: the first graph
    # misses pairs, the first solve is from scratch, later rounds are warm-started from the
    # prices, and the answer is scipy's.
    monkeypatch.setattr(solver, "EXTRA_MENTEES_PER_MENTOR", 0)
    rng = np.random.default_rng(seed)
    n, m = 400, 80
    wants = rng.random((n, 6)) ** 3
    knows = rng.integers(0, 5, size=(m, 6))
    scores = np.rint(100 * (wants @ knows.T) / (4 * wants.sum(axis=1, keepdims=True)))
    scores = np.where(rng.random((n, m)) < 0.1, -1, scores).astype(np.int16)
    capacity = np.full(m, 5)
    report: dict = {}
    with candidate_rounds(per_mentee=2, added=2):
        mentor_of = solver.assign(scores, capacity, 100, report)

    assert report["rounds"] > 1 and report["paths"] >= 1 and report["scratch"] >= 1
    assert result_of(scores, mentor_of) == dense_reference(scores, capacity)


@given(
    st.integers(1, 40),
    st.integers(1, 400),
    st.integers(1, 12),
    st.sampled_from(["random", "sorted", "equal"]),
)
@settings(max_examples=200, deadline=None)
def test_the_cheap_cut_keeps_at_least_k_and_about_k_per_row(rows, width, k, kind):
    rng = np.random.default_rng(rows * 1000 + width)
    if kind == "random":
        key = rng.integers(-(2**31), 2**31 - 1, size=(rows, width)).astype(np.int32)
    elif kind == "sorted":  # a row's best values side by side, as an input sorted by quality
        key = np.sort(rng.integers(0, 2**20, size=(rows, width)), axis=1).astype(np.int32)
    else:
        key = np.zeros((rows, width), dtype=np.int32)

    cut = selection.row_cuts(key, k)

    kept = np.count_nonzero(key >= cut[:, None], axis=1)
    exact = np.sort(key, axis=1)[:, max(width - k, 0)]
    assert (kept >= min(k, width)).all()
    assert (cut <= exact).all()  # a lower bound of the k-th largest...
    distinct = kind != "equal"
    if distinct and width >= 4 * selection.BLOCKS_PER_KEPT * k:
        assert (kept <= selection.BLOCKS_PER_KEPT * k).all()  # ...that keeps about k


def test_block_maxima_are_interleaved():
    key = np.arange(12, dtype=np.int32).reshape(1, 12)
    # 4 blocks: columns {0, 4, 8}, {1, 5, 9}, {2, 6, 10}, {3, 7, 11}.
    assert selection.block_maxima(key, 4, axis=1).tolist() == [[8, 9, 10, 11]]
    assert selection.block_maxima(key.T, 5, axis=0)[:, 0].tolist() == [5, 6, 7, 8, 9, 10, 11]
