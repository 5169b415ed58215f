"""The exact assignment behind pairing.matching: as many pairs as possible, then the highest
total score, each mentor within capacity. Pure numpy plus OR-tools' min-cost flow.

Why this shape (measured, see docs/pairing-solver.md): a dense assignment solver on mentors
copied by capacity needs a 10,000 × 10,000 matrix for cohort D and 11–13 s; min-cost flow on all
20 million candidate pairs needs 17 s and 2.4 GB. But in an optimal pairing each mentee
takes one of the few mentors that are best *at the going prices*, so:

1. solve a min-cost flow on a small candidate graph (each mentee's best mentors and each
   mentor's best mentees);
2. read dual prices off that solution (a longest-path pass over the candidate arcs);
3. check every allowed pair of the whole cohort against those prices, vectorised. No pair
   priced below its worth: the duals certify that the answer is optimal for the whole
   cohort (LP duality; the b-matching polytope is integral). Otherwise add, for each mentee
   with such pairs, the best of them at the going prices, and go back to 1.

The loop ends because the candidate graph only grows; in practice it takes a handful of
rounds. The certificate is checked on every run, so a bug cannot pass for an optimum.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

FULL_GRAPH_PAIRS = 50_000  # below this many allowed pairs, solve on all of them at once
MENTORS_PER_MENTEE = 10  # first candidates: each mentee's best mentors...
EXTRA_MENTEES_PER_MENTOR = 10  # ...and each mentor's best mentees, 2 × capacity plus this
ADDED_PER_ROUND = 10  # pairs added per mentee whose pairs are underpriced
MAX_ROUNDS = 100
SLACK = 3  # also add pairs this close to underpriced, in score points
_CHUNK_CELLS = 2_000_000


class NotCertified(RuntimeError):
    """The duals did not certify the answer: a bug, never a normal outcome."""


def assign(scores: np.ndarray, capacity: np.ndarray, score_max: int) -> np.ndarray:
    """For each row (mentee), the column (mentor) it is paired with, or -1.

    `scores` is an (n, m) integer matrix with -1 where a pair is not allowed and 0..score_max
    elsewhere; `capacity` gives each column's number of places. Maximises the number of
    pairs, then the total score. Deterministic.
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
    checked = None
    for _round in range(MAX_ROUNDS):
        mentor_of = _solve_on(arcs, scores, capacity, score_max)
        alpha, beta = _duals(arcs, scores, capacity, mentor_of, big)
        certified, added, checked = _underpriced(scores, candidate, alpha - big, beta, checked)
        if certified:
            return mentor_of
        candidate.flat[added] = True
        arcs = np.concatenate([arcs, added])
    raise NotCertified(f"No certificate after {MAX_ROUNDS} rounds.")


def _first_candidates(scores: np.ndarray, capacity: np.ndarray, score_max: int) -> np.ndarray:
    """Flat codes (row * m + col) of the first candidate pairs, sorted: all allowed pairs of a
    small cohort, else each mentee's best mentors and each mentor's best mentees (ties at the
    cut-off included)."""
    n, m = scores.shape
    allowed = np.count_nonzero(scores >= 0)
    if allowed <= FULL_GRAPH_PAIRS:
        return np.flatnonzero(scores >= 0)
    per_mentor = min(int(2 * capacity.max()) + EXTRA_MENTEES_PER_MENTOR, n)
    row_cut = _cut_off(scores, MENTORS_PER_MENTEE, score_max, axis=1)
    col_cut = _cut_off(scores, per_mentor, score_max, axis=0)
    codes = []
    step = max(1, _CHUNK_CELLS // m)
    for start in range(0, n, step):
        block = scores[start : start + step]
        keep = (block >= 0) & ((block >= row_cut[start : start + step, None]) | (block >= col_cut))
        codes.append(np.flatnonzero(keep) + start * m)
    return np.concatenate(codes)


def _cut_off(scores: np.ndarray, k: int, score_max: int, axis: int) -> np.ndarray:
    """Per row (axis=1) or column (axis=0): the highest score s such that at least k allowed
    pairs score s or more (0 if there are fewer than k). One histogram pass, no sort."""
    n, m = scores.shape
    lines = n if axis == 1 else m
    bins = score_max + 2  # scores -1..score_max
    counts = np.zeros((lines, bins), dtype=np.int64)
    step = max(1, _CHUNK_CELLS // m)
    for start in range(0, n, step):
        block = scores[start : start + step].astype(np.int64) + 1
        if axis == 1:
            index = (np.arange(start, start + len(block))[:, None] * bins + block).ravel()
        else:
            index = (np.arange(m)[None, :] * bins + block).ravel()
        counts += np.bincount(index, minlength=lines * bins).reshape(lines, bins)
    at_least = np.cumsum(counts[:, :0:-1], axis=1)[:, ::-1]  # [line, s]: pairs scoring >= s
    reached = at_least >= k
    return np.where(reached.any(axis=1), score_max - np.argmax(reached[:, ::-1], axis=1), 0)


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
    load = np.bincount(mentor_of[paired], minlength=m)
    if (alpha < 0).any() or ((beta > 0) & (load < capacity)).any():
        raise NotCertified("Complementary slackness fails.")
    return alpha, beta


def _underpriced(
    scores: np.ndarray,
    candidate: np.ndarray,
    row_part: np.ndarray,
    col_part: np.ndarray,
    last: tuple | None,
) -> tuple[bool, np.ndarray, tuple]:
    """Whether the duals certify the pairing, the pairs to add if not, and what this check
    leaves for the next one.

    A pair is underpriced when w_ij > alpha_i + beta_j, i.e. s_ij > (alpha_i - big) + beta_j
    = row_part_i + col_part_j. Certified: no allowed pair is. Otherwise, for each mentee with
    an underpriced pair, its pairs within SLACK of their prices join the candidates, the most
    underpriced first, at most ADDED_PER_ROUND (the slack anticipates the next price moves).

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

    pending = np.zeros(n, dtype=bool)
    codes = []
    step = max(1, _CHUNK_CELLS // m)
    everyone = len(rows) == n  # then read the matrix in place, not a gathered copy
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        part = slice(start, start + step) if everyone else chunk
        hit, picked_rows, picked_cols = _scan(scores[part], candidate[part], row_t[part], col_t)
        pending[chunk[hit]] = True
        codes.append(chunk[picked_rows] * m + picked_cols)
    if cols.size:
        others = np.flatnonzero(~np.isin(np.arange(n), rows))
        step = max(1, _CHUNK_CELLS // len(cols))
        for start in range(0, len(others), step):
            chunk = others[start : start + step]
            cells = np.ix_(chunk, cols)
            hit, picked_rows, picked_cols = _scan(
                scores[cells], candidate[cells], row_t[chunk], col_t[cols]
            )
            pending[chunk[hit]] = True
            codes.append(chunk[picked_rows] * m + cols[picked_cols])
    added = np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)
    return not pending.any(), added, (row_part, col_part, pending)


def _scan(
    block: np.ndarray, candidate: np.ndarray, row_part: np.ndarray, col_part: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of the block with an underpriced pair, and the (row, col) pairs to add."""
    price = np.add(row_part[:, None], col_part)
    # Forbidden cells hold -1: with prices clipped at -1, "s > price" is false for them.
    np.maximum(price, -1, out=price)
    hit = np.flatnonzero((block > price).any(axis=1))
    if hit.size == 0:
        return hit, hit, hit
    gain = block[hit].astype(np.int64) - price[hit]  # > 0: underpriced
    near = (block[hit] >= 0) & (gain > -SLACK) & ~candidate[hit]
    rows, cols = np.nonzero(near)
    if rows.size == 0:
        return hit, rows, cols
    # Per row, the ADDED_PER_ROUND most underpriced (ties: lower column first).
    order = np.lexsort((cols, -gain[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    index = np.arange(len(rows))
    first = np.maximum.accumulate(np.where(np.r_[True, rows[1:] != rows[:-1]], index, 0))
    keep = index - first < ADDED_PER_ROUND
    return hit, hit[rows[keep]], cols[keep]
