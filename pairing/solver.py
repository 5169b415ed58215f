"""The exact assignment behind pairing.matching: as many pairs as possible, then the highest
total score, each mentor within capacity. numpy, OR-tools' min-cost flow, and scipy's
Dijkstra and maximum flow (through pairing.augmenting).

Why this shape (measured, see docs/pairing-solver.md): a dense assignment solver on mentors
copied by capacity needs a 10,000 × 10,000 matrix for cohort D and 11–13 s; min-cost flow on all
20 million candidate pairs needs 17 s and 2.4 GB. But in an optimal pairing each mentee
takes one of the few mentors that are best *at the going prices*, so:

1. a small candidate graph: each mentor's best mentees, each mentee's best mentor, each
   mentee's 10 best mentors at guessed prices (`_guessed_prices`), about 2 more mentors per
   mentee drawn by tie value. "Best" is by score (or score - price), then by the pair's tie
   value (`tie_values`), so the graph does not grow with ties;
2. the best pairing on that graph and its dual prices (`_solve`): by shortest paths from
   the current pairing and prices (`augmenting`, the warm start) when few mentees move, else
   from scratch with OR-tools' min-cost flow, the prices then read off by a longest-path pass;
   complementary slackness checked either way;
3. every allowed pair of the whole cohort checked against those prices, vectorised. No pair
   priced below its worth: the duals certify that the answer is optimal for the whole
   cohort (LP duality; the b-matching polytope is integral). Otherwise add, for each mentee
   with such pairs, the best of them at the going prices (ties again by tie value), and go
   back to 2.

The loop ends because the candidate graph only grows; in practice it takes a handful of
rounds. The certificate is checked on every run, so a bug cannot pass for an optimum.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from . import augmenting, selection
from .selection import tie_values

__all__ = ["NotCertified", "assign", "tie_values"]

FULL_GRAPH_PAIRS = 50_000  # below this many allowed pairs, solve on all of them at once
MENTORS_PER_MENTEE = 10  # first candidates: each mentee's best mentors at guessed prices
MENTORS_SHARE = 1 / 200  # ... or this share of the mentors when that is more
EXTRA_MENTEES_PER_MENTOR = 10  # ...and each mentor's best mentees, 2 × capacity plus this
ADDED_PER_ROUND = 10  # pairs added per mentee whose pairs are underpriced
MAX_ROUNDS = 100
SLACK = 3  # also add pairs this close to underpriced, in score points
DRAWN_PER_MENTEE = 2  # first candidates also: about this many mentors per mentee by tie value
COLD_LEFT = 0.2  # first solve by paths if its first round leaves at most this share to place
WARM_SHARE = 0.5  # later solves by paths (warm start) when at most this share of mentees move
WARM_PHASES = 40  # ... and give up (solve from scratch) after this many rounds of paths
_CHUNK_CELLS = 2_000_000


class NotCertified(RuntimeError):
    """The duals did not certify the answer: a bug, never a normal outcome."""


def assign(
    scores: np.ndarray, capacity: np.ndarray, score_max: int, report: dict | None = None
) -> np.ndarray:
    """For each row (mentee), the column (mentor) it is paired with, or -1.

    `scores` is an (n, m) integer matrix with -1 where a pair is not allowed and 0..score_max
    elsewhere; `capacity` gives each column's number of places. Maximises the number of
    pairs, then the total score. Deterministic. `report`, if given, receives the size of the
    first candidate graph, the final one, and the number of rounds (for the benchmark).
    """
    n, m = scores.shape
    if not 0 < score_max < 4_000:
        raise ValueError("Scores must lie in 0..score_max with score_max below 4,000.")
    capacity = np.asarray(capacity, dtype=np.int64)
    if n == 0 or m == 0 or capacity.sum() == 0:
        return np.full(n, -1, dtype=np.int64)
    # One more pair is worth more than any possible gain in score.
    big = int(min(n, capacity.sum())) * score_max + 1
    arcs = _first_candidates(scores, capacity, score_max)
    if arcs.size == 0:
        return np.full(n, -1, dtype=np.int64)  # no allowed pair at all
    candidate = np.zeros(scores.shape, dtype=bool)
    candidate.flat[arcs] = True
    keys = selection.row_keys(n), selection.col_keys(m)
    checked = None
    if report is not None:
        report.update(first_arcs=len(arcs))
    solved = {"paths": 0, "scratch": 0}  # rounds solved by each way (for the benchmark)
    # Everyone alone at prices 0: optimal on an empty graph, the start of the first solve.
    mentor_of = np.full(n, -1, dtype=np.int64)
    alpha, beta = np.zeros(n, dtype=np.int64), np.zeros(m, dtype=np.int64)
    moved = None
    for done in range(1, MAX_ROUNDS + 1):
        mentor_of, alpha, beta, how = _solve(
            arcs, scores, capacity, score_max, mentor_of, alpha, beta, moved
        )
        solved[how] += 1
        certified, added, checked = _underpriced(
            scores, candidate, alpha - big, beta, checked, keys
        )
        if certified:
            if report is not None:
                report.update(arcs=len(arcs), rounds=done, **solved)
            return mentor_of
        candidate.flat[added] = True
        arcs = np.sort(np.concatenate([arcs, added]), kind="stable")  # two sorted runs: linear
        moved = int(np.count_nonzero(checked[2]))
    raise NotCertified(f"No certificate after {MAX_ROUNDS} rounds.")


def _first_candidates(scores: np.ndarray, capacity: np.ndarray, score_max: int) -> np.ndarray:
    """Flat codes (row * m + col) of the first candidate pairs, sorted: all allowed pairs of a
    small cohort; else each mentor's best mentees, each mentee's best mentor, each mentee's
    best mentors at guessed prices (`_guessed_prices`), all by score then tie value (at least
    so many and about so many, however many scores tie: `selection`), and, for each
    mentee, the allowed pairs whose tie value falls under DRAWN_PER_MENTEE / m (a draw that
    reaches the mentors nobody ranks first)."""
    n, m = scores.shape
    allowed = np.count_nonzero(scores >= 0)
    if allowed <= FULL_GRAPH_PAIRS:
        return np.flatnonzero(scores >= 0)
    # More mentors means more of them nearly as good for a mentee at the going prices.
    per_mentee = min(max(MENTORS_PER_MENTEE, int(m * MENTORS_SHARE)), m)
    per_mentor = min(int(2 * capacity.max()) + EXTRA_MENTEES_PER_MENTOR, n)
    row_keys, col_keys = selection.row_keys(n), selection.col_keys(m)
    step = max(1, _CHUNK_CELLS // m)
    # First pass: each mentee's best mentor, and for each mentor the maxima of blocks of
    # about 16 of its mentees (interleaved: selection.block_maxima); the mentees holding its
    # per_mentor largest are the mentor's best mentees (one a block), and give its guessed
    # price.
    rows_per_block = max(1, min(16, n // (selection.BLOCKS_PER_KEPT * per_mentor)))
    extra, tops, layout = [], [], []
    for start in range(0, n, step):
        block = scores[start : start + step]
        key = selection.keyed(block, selection.ties(row_keys[start : start + step], col_keys))
        best = key.argmax(axis=1)
        mine = np.flatnonzero(block[np.arange(len(block)), best] >= 0)
        extra.append((start + mine) * m + best[mine])
        blocks = max(1, len(block) // rows_per_block)
        tops.append(selection.block_maxima(key, blocks, axis=0))
        layout.append(selection.block_rows(start, len(block), blocks))
    tops = np.ascontiguousarray(np.concatenate(tops).T)  # per mentor, its blocks' maxima
    at = np.argpartition(tops, max(tops.shape[1] - per_mentor, 0), axis=1)[:, -per_mentor:]
    tops = np.take_along_axis(tops, at, axis=1)
    price = _guessed_prices(tops, capacity, score_max)
    extra.append(_holders(scores, tops, at, layout, row_keys, col_keys))
    extra = np.unique(np.concatenate(extra))
    bounds = np.searchsorted(extra, np.arange(0, n + step, step) * m)
    drawn = (DRAWN_PER_MENTEE << 16) // m
    codes = []
    for chunk, start in enumerate(range(0, n, step)):
        block = scores[start : start + step]
        tie = selection.ties(row_keys[start : start + step], col_keys)
        allowed = block >= 0
        # score - price + score_max + 1 >= 0 for allowed pairs; -1 for the others.
        value = np.subtract(block, price - (score_max + 1), dtype=np.int32)
        value[~allowed] = -1
        value <<= 16
        value |= tie
        keep = value >= selection.row_cuts(value, per_mentee)[:, None]
        keep |= tie < drawn
        keep &= allowed
        keep.flat[extra[bounds[chunk] : bounds[chunk + 1]] - start * m] = True
        codes.append(np.flatnonzero(keep) + start * m)
    return np.concatenate(codes)


def _holders(
    scores: np.ndarray,
    tops: np.ndarray,
    at: np.ndarray,
    layout: list[tuple[np.ndarray, ...]],
    row_keys: np.ndarray,
    col_keys: np.ndarray,
) -> np.ndarray:
    """Codes of the allowed pairs (mentee, mentor) whose key is one of `tops`, the maxima
    of the blocks `at` of each mentor's mentees: the mentee holding each, found again among
    the block's rows (`layout`: each block's first row, stride, count; about 16 keys read
    from the scores for each)."""
    m = scores.shape[1]
    first, stride, count = (np.concatenate(part) for part in zip(*layout, strict=True))
    step = np.arange(count.max())
    rows = first[at][..., None] + stride[at][..., None] * step  # mentor x kept x in block
    inside = step < count[at][..., None]
    rows = np.where(inside, rows, first[at][..., None])
    cols = np.broadcast_to(np.arange(m)[:, None, None], rows.shape)
    key = selection.keyed(scores[rows, cols], selection.mix(row_keys[rows], col_keys[cols]))
    hit = inside & (key == tops[..., None]) & (tops[..., None] >= 0)
    return rows[hit] * m + cols[hit]


def _guessed_prices(best: np.ndarray, capacity: np.ndarray, score_max: int) -> np.ndarray:
    """A guess of each mentor's dual price before any solve: the score of its
    (2 × capacity + EXTRA_MENTEES_PER_MENTOR)-th best mentee (score_max + 1 for a mentor
    without places). In an optimal pairing a mentee takes a mentor that is best at the going
    prices, not best by score: when everyone wants the same few mentors, a mentee's best
    mentors by score are those everyone else wants too, and the graph would have to grow
    round after round to reach the mentors it ends with. On the benchmark's cohorts this
    guess follows the final prices closely (correlation 0.93-0.97, about one point per point
    of score), and the mentor finally chosen is among each mentee's ten best at these prices
    nine times in ten. Only a guess: the certificate decides, whatever the graph."""
    ranked = np.sort(best, axis=1)  # each mentor's best keys (blocks' bests), ascending
    kept = ranked.shape[1]
    rank = np.minimum(2 * capacity + EXTRA_MENTEES_PER_MENTOR, kept)
    kth = ranked[np.arange(len(capacity)), kept - np.maximum(rank, 1)] >> 16
    price = np.maximum(kth, 0).astype(np.int32)
    price[capacity <= 0] = score_max + 1
    return price


def _solve(
    arcs: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    score_max: int,
    mentor_of: np.ndarray,
    alpha: np.ndarray,
    beta: np.ndarray,
    moved: int | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """The optimal pairing on the candidate graph, its prices, and how they were found: by
    shortest paths from the current ones (`augmenting`, "paths") when at most WARM_SHARE of
    the mentees move (`moved`), or for the first solve (`moved` None: from everyone alone at
    prices 0) when its first round of paths leaves at most COLD_LEFT of them to place; else
    (or after WARM_PHASES rounds of paths) by OR-tools' min-cost flow from scratch."""
    n, m = scores.shape
    big = int(min(n, capacity.sum())) * score_max + 1
    if moved is None or moved <= WARM_SHARE * n:
        rows, cols = np.divmod(arcs, m)
        worth = big + scores[rows, cols].astype(np.int64)
        try:
            mentor_of, alpha, beta, _phases = augmenting.reoptimise(
                (rows, cols, worth),
                capacity,
                mentor_of,
                alpha,
                beta,
                WARM_PHASES,
                most_left=int(COLD_LEFT * n) if moved is None else None,
            )
            _check_slackness(scores, capacity, mentor_of, alpha, beta, big)
            return mentor_of, alpha, beta, "paths"
        except augmenting.TooFar:
            pass
    mentor_of = _solve_on(arcs, scores, capacity, score_max)
    return (mentor_of, *_duals(arcs, scores, capacity, mentor_of, big), "scratch")


def _solve_on(
    arcs: np.ndarray, scores: np.ndarray, capacity: np.ndarray, score_max: int
) -> np.ndarray:
    """Maximum flow at minimum cost on the candidate graph: the best pairing among its arcs."""
    n, m = scores.shape
    rows, cols = np.divmod(arcs, m)
    source, sink = n + m, n + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(n, source), rows, n + np.arange(m)]),
        np.concatenate([np.arange(n), n + cols, np.full(m, sink)]),
        np.concatenate([np.ones(n + len(arcs), dtype=np.int64), capacity]),
        np.concatenate(
            [
                np.zeros(n, dtype=np.int64),
                score_max - scores[rows, cols].astype(np.int64),
                np.zeros(m, dtype=np.int64),
            ]
        ),
    )
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise NotCertified(f"Min-cost flow ended with status {status}.")
    used = flow.flows(np.arange(n, n + len(arcs))) > 0
    mentor_of = np.full(n, -1, dtype=np.int64)
    mentor_of[rows[used]] = cols[used]
    return mentor_of


def _duals(
    arcs: np.ndarray, scores: np.ndarray, capacity: np.ndarray, mentor_of: np.ndarray, big: int
) -> tuple[np.ndarray, np.ndarray]:
    """Dual prices (alpha per mentee, beta per mentor) of the pairing on the candidate graph,
    with pair worth w = big + score: alpha_i + beta_j >= w_ij on every candidate arc, equality
    on the pairs, beta_j = 0 unless mentor j is full, alpha_i = 0 unless mentee i is paired.

    beta is the least solution of beta_j >= w_ij - alpha_i, a longest-path problem over the
    mentors that has no positive cycle exactly when the pairing is optimal on the graph.
    """
    n, m = scores.shape
    rows, cols = np.divmod(arcs, m)
    order = np.argsort(cols, kind="stable")
    rows, cols = rows[order], cols[order]
    worth = big + scores[rows, cols].astype(np.int64)
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    heads = cols[starts]
    paired = mentor_of >= 0
    own = np.where(paired, mentor_of, 0)
    own_worth = np.where(paired, big + scores[np.arange(n), own].astype(np.int64), 0)
    beta = np.zeros(m, dtype=np.int64)
    for _pass in range(m + 2):
        alpha = np.where(paired, own_worth - beta[own], 0)
        needed = np.maximum.reduceat(worth - alpha[rows], starts)
        if not (needed > beta[heads]).any():
            break
        beta[heads] = np.maximum(beta[heads], needed)
    else:
        raise NotCertified("The pairing is not optimal on its own candidate graph.")
    alpha = np.where(paired, own_worth - beta[own], 0)
    _check_slackness(scores, capacity, mentor_of, alpha, beta, big)
    return alpha, beta


def _check_slackness(
    scores: np.ndarray,
    capacity: np.ndarray,
    mentor_of: np.ndarray,
    alpha: np.ndarray,
    beta: np.ndarray,
    big: int,
) -> None:
    """Complementary slackness, whichever way the prices were found: prices >= 0, a pair's
    two prices add up to its worth, 0 for a mentee left alone and for a mentor with room,
    and no mentor over capacity (NotCertified otherwise)."""
    paired = np.flatnonzero(mentor_of >= 0)
    whom = mentor_of[paired]
    load = np.bincount(whom, minlength=len(capacity))
    made = big + scores[paired, whom].astype(np.int64)
    if (
        (alpha < 0).any()
        or (beta < 0).any()
        or (load > capacity).any()
        or (scores[paired, whom] < 0).any()
        or (alpha[paired] + beta[whom] != made).any()
        or (alpha[mentor_of < 0] != 0).any()
        or (beta[load < capacity] != 0).any()
    ):
        raise NotCertified("Complementary slackness fails.")


def _underpriced(
    scores: np.ndarray,
    candidate: np.ndarray,
    row_part: np.ndarray,
    col_part: np.ndarray,
    last: tuple | None,
    keys: tuple[np.ndarray, np.ndarray],
) -> tuple[bool, np.ndarray, tuple]:
    """Whether the duals certify the pairing, the pairs to add if not, and what this check
    leaves for the next one.

    A pair is underpriced when w_ij > alpha_i + beta_j, i.e. s_ij > (alpha_i - big) + beta_j
    = row_part_i + col_part_j. Certified: no allowed pair is. Otherwise, for each mentee with
    an underpriced pair, its pairs within SLACK of their prices join the candidates, the most
    underpriced first, then by tie value, at most ADDED_PER_ROUND (the slack anticipates the
    next price moves). `keys`: the rows' and the columns' tie keys.

    Only the first check reads every pair. After it, every pair not in a row left `pending`
    satisfies s_ij <= last row part + last column part, and stays so while neither part
    falls: later checks read only the rows whose part fell (or were pending) and the
    columns whose part fell, which makes the certificate exact at a fraction of the cost.
    """
    n, m = scores.shape
    if last is None:
        rows, cols = np.arange(n), np.empty(0, dtype=np.int64)
    else:
        last_row, last_col, pending = last
        # Adding c to every column part and taking it from every row part changes no sum:
        # align the new prices on the old ones first, so that few parts seem to fall.
        shift = int(np.median(last_col - col_part))
        row_part, col_part = row_part - shift, col_part + shift
        rows = np.flatnonzero((row_part < last_row) | pending)
        cols = np.flatnonzero(col_part < last_col)
        if 4 * len(cols) > m:
            rows, cols = np.arange(n), np.empty(0, dtype=np.int64)
    # int16 when prices are small (the usual case): clipping row parts to +-8,000 keeps every
    # comparison's outcome while column parts stay within +-4,000 (scores: -1..score_max < 4,000).
    small = int(np.abs(col_part).max()) < 4_000
    dtype = np.int16 if small else np.int64
    row_t = (np.clip(row_part, -8_000, 8_000) if small else row_part).astype(dtype)
    col_t = col_part.astype(dtype)

    row_keys, col_keys = keys
    pending = np.zeros(n, dtype=bool)
    codes = []
    step = max(1, _CHUNK_CELLS // m)
    everyone = len(rows) == n  # then read the matrix in place, not a gathered copy
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        part = slice(start, start + step) if everyone else chunk
        hit, picked_rows, picked_cols = _scan(
            scores[part], candidate[part], row_t[part], col_t, row_keys[chunk], col_keys
        )
        pending[chunk[hit]] = True
        codes.append(chunk[picked_rows] * m + picked_cols)
    if cols.size:
        others = np.flatnonzero(~np.isin(np.arange(n), rows))
        step = max(1, _CHUNK_CELLS // len(cols))
        for start in range(0, len(others), step):
            chunk = others[start : start + step]
            cells = np.ix_(chunk, cols)
            hit, picked_rows, picked_cols = _scan(
                scores[cells],
                candidate[cells],
                row_t[chunk],
                col_t[cols],
                row_keys[chunk],
                col_keys[cols],
            )
            pending[chunk[hit]] = True
            codes.append(chunk[picked_rows] * m + cols[picked_cols])
    added = np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)
    return not pending.any(), added, (row_part, col_part, pending)


def _scan(
    block: np.ndarray,
    candidate: np.ndarray,
    row_part: np.ndarray,
    col_part: np.ndarray,
    row_keys: np.ndarray,
    col_keys: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of the block with an underpriced pair, and the (row, col) pairs to add."""
    price = np.add(row_part[:, None], col_part)
    # Forbidden cells hold -1: with prices clipped at -1, "s > price" is false for them. A
    # price above 30,000 is as good as infinite (scores < 4,000): clipped, gains fit in int32.
    np.clip(price, -1, 30_000, out=price)
    hit = np.flatnonzero((block > price).any(axis=1))
    if hit.size == 0:
        return hit, hit, hit
    # Per row, the ADDED_PER_ROUND most underpriced pairs within SLACK of their price, not yet
    # candidates; ties broken by the tie value (higher first), as in the first selection.
    sub = block[hit]
    gain = np.subtract(sub, price[hit], dtype=price.dtype)  # > 0: underpriced; <= max + 1
    near = gain > -SLACK
    near &= sub >= 0
    near &= ~candidate[hit]
    many = np.flatnonzero(np.count_nonzero(near, axis=1) > ADDED_PER_ROUND)
    if many.size:  # rows with more such pairs than ADDED_PER_ROUND: the best of them
        near_many = near[many]
        key = np.add(gain[many], SLACK, dtype=np.int32)
        key[~near_many] = -1  # then below 0 once shifted, and still spread by the tie value
        key <<= 16  # (gain + SLACK) * 65536 + tie value, int32
        key |= selection.ties(row_keys[hit[many]], col_keys)
        # (A row of equal values would make np.partition slow: the tie value spreads them.)
        near[many] = near_many & (key >= selection.row_cuts(key, ADDED_PER_ROUND)[:, None])
    rows, cols = np.divmod(np.flatnonzero(near), near.shape[1])
    return hit, hit[rows], cols
