"""The exact assignment behind pairing.matching: as many pairs as possible, then the highest
total score, each mentor within capacity. Pure numpy plus OR-tools' min-cost flow.

Why this shape (measured, see docs/pairing-solver.md): a dense assignment solver on mentors
copied by capacity needs a 10,000 × 10,000 matrix for cohort D and 11–13 s; min-cost flow on all
20 million candidate pairs needs 17 s and 2.4 GB. But in an optimal pairing each mentee
takes one of the few mentors that are best *at the going prices*, so:

1. solve a min-cost flow on a small candidate graph: each mentee's 10 best mentors, each
   mentor's 2 × capacity + 10 best mentees, and about 2 more mentors per mentee drawn by tie
   value alone. "Best" is by score, then by the pair's tie value (`tie_values`), so the graph
   holds exactly that many pairs however many scores tie;
2. read dual prices off that solution (a longest-path pass over the candidate arcs);
3. check every allowed pair of the whole cohort against those prices, vectorised. No pair
   priced below its worth: the duals certify that the answer is optimal for the whole
   cohort (LP duality; the b-matching polytope is integral). Otherwise add, for each mentee
   with such pairs, the best of them at the going prices (ties again by tie value), and go
   back to 1.

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
DRAWN_PER_MENTEE = 2  # first candidates also: about this many mentors per mentee by tie value
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
    keys = _row_keys(n), _col_keys(m)
    checked = None
    if report is not None:
        report.update(first_arcs=len(arcs), allowed=int(np.count_nonzero(scores >= 0)))
    for done in range(1, MAX_ROUNDS + 1):
        mentor_of = _solve_on(arcs, scores, capacity, score_max)
        alpha, beta = _duals(arcs, scores, capacity, mentor_of, big)
        certified, added, checked = _underpriced(
            scores, candidate, alpha - big, beta, checked, keys
        )
        if certified:
            if report is not None:
                report.update(arcs=len(arcs), rounds=done)
            return mentor_of
        candidate.flat[added] = True
        arcs = np.concatenate([arcs, added])
    raise NotCertified(f"No certificate after {MAX_ROUNDS} rounds.")


def tie_values(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The tie value (0..65535) of the pairs (rows[k], cols[k]), index arrays that broadcast.

    The written-down tie rule: among pairs of equal score, the higher tie value comes first.
    It is a fixed pseudo-random number of the two positions alone, so that ties spread over
    every mentor instead of piling onto the first columns, and the same input always gives
    the same answer: t(i, j) = the top 16 bits of (K(i) xor L(j)) * 0x9E3779B1 mod 2**32,
    where K and L are splitmix64 hashes of the row and the column positions.
    """
    rows, cols = np.asarray(rows), np.asarray(cols)
    row_keys = _row_keys(int(rows.max(initial=0)) + 1)
    col_keys = _col_keys(int(cols.max(initial=0)) + 1)
    return _mix(row_keys[rows], col_keys[cols])


def _mix(row_keys: np.ndarray, col_keys: np.ndarray) -> np.ndarray:
    h = np.bitwise_xor(row_keys, col_keys)
    h *= np.uint32(0x9E3779B1)
    h >>= np.uint32(16)
    return h


def _row_keys(size: int) -> np.ndarray:
    return _splitmix(size, 0x7A4D)


def _col_keys(size: int) -> np.ndarray:
    return _splitmix(size, 0x51C3)


def _splitmix(size: int, salt: int) -> np.ndarray:
    """A 32-bit key per position 0..size-1 (the same key for a position whatever the size)."""
    x = (np.arange(size, dtype=np.uint64) + np.uint64(salt)) * np.uint64(0x9E3779B97F4A7C15)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(32)).astype(np.uint32)


def _keyed(block: np.ndarray, row_keys: np.ndarray, col_keys: np.ndarray) -> np.ndarray:
    """score * 65536 + tie value, as int32: one number that orders pairs by score, then by
    the tie rule (negative where the pair is not allowed)."""
    key = np.left_shift(block, 16, dtype=np.int32)
    key |= _mix(row_keys[:, None], col_keys).view(np.int32)
    return key


def _first_candidates(scores: np.ndarray, capacity: np.ndarray, score_max: int) -> np.ndarray:
    """Flat codes (row * m + col) of the first candidate pairs, sorted: all allowed pairs of a
    small cohort; else each mentee's best mentors, each mentor's best mentees (best by score,
    then by tie value: exactly so many, however many scores tie) and, for each mentee, the
    allowed pairs whose tie value falls under DRAWN_PER_MENTEE / m (a draw that reaches the
    mentors nobody ranks first, so that the first graph can pair everyone who can be)."""
    n, m = scores.shape
    allowed = np.count_nonzero(scores >= 0)
    if allowed <= FULL_GRAPH_PAIRS:
        return np.flatnonzero(scores >= 0)
    per_mentee = min(MENTORS_PER_MENTEE, m)
    per_mentor = min(int(2 * capacity.max()) + EXTRA_MENTEES_PER_MENTOR, n)
    row_keys, col_keys = _row_keys(n), _col_keys(m)
    step = max(1, _CHUNK_CELLS // m)
    # One pass for the cut-offs: np.partition (introselect, vectorised on contiguous rows)
    # per row, and per column over the best keys so far plus the block, transposed.
    row_cut = np.empty(n, dtype=np.int32)
    best = np.empty((m, 0), dtype=np.int32)  # per column (row here), its best keys so far
    for start in range(0, n, step):
        key = _keyed(scores[start : start + step], row_keys[start : start + step], col_keys)
        row_cut[start : start + step] = np.partition(key, m - per_mentee, axis=1)[:, m - per_mentee]
        pool = np.concatenate([best, key.T], axis=1)
        if pool.shape[1] > per_mentor:
            pool.partition(pool.shape[1] - per_mentor, axis=1)
        best = pool[:, -per_mentor:]
    col_cut = best.min(axis=1)
    drawn = (DRAWN_PER_MENTEE << 16) // m
    codes = []
    for start in range(0, n, step):
        key = _keyed(scores[start : start + step], row_keys[start : start + step], col_keys)
        keep = key >= row_cut[start : start + step, None]
        keep |= key >= col_cut
        keep |= (key & 0xFFFF) < drawn
        keep &= key >= 0
        codes.append(np.flatnonzero(keep) + start * m)
    return np.concatenate(codes)


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
    gain = np.subtract(sub, price[hit], dtype=np.int32)  # > 0: underpriced; <= score_max + 1
    near = (sub >= 0) & (gain > -SLACK) & ~candidate[hit]
    gain += SLACK
    np.maximum(gain, 0, out=gain)
    key = np.left_shift(gain, 16, out=gain)  # (gain + SLACK) * 65536 + tie value, in int32
    key |= _mix(row_keys[hit][:, None], col_keys).view(np.int32)
    key[~near] = -1
    width = key.shape[1]
    if width > ADDED_PER_ROUND:
        cut = np.partition(key, width - ADDED_PER_ROUND, axis=1)[:, width - ADDED_PER_ROUND]
        near &= key >= np.maximum(cut, 0)[:, None]
    rows, cols = np.nonzero(near)
    return hit, hit[rows], cols
