"""The warm start of pairing.solver: after the certificate adds pairs to the candidate graph,
bring the pairing and its prices back to optimal on the grown graph from where they stand,
by shortest augmenting paths, instead of solving the whole graph again.

The pairing is a flow in a network with one node per mentee (i), per mentor (j) and a sink
(T): each mentee sends its one unit to T, through a mentor (arc i -> j, capacity 1, cost
-w_ij with w = big + score; then j -> T, capacity c_j, cost 0) or alone (i -> T, cost 0:
unpaired). The prices are node potentials p: p(i) = alpha_i, p(j) = -beta_j, p(T) = 0, and
an arc's reduced cost is its cost + p(tail) - p(head). A flow is optimal when every arc it
may still use (its residual arcs: an arc with room, or an arc carrying flow taken backwards)
has a reduced cost >= 0. On the old graph that holds; a pair the certificate added may not:

1. each mentee with such a pair raises its price to its best pair at the going mentor prices
   (then none of its pairs is underpriced) and leaves its mentor (the arc it held would cost
   less than 0 backwards): it has one unit to place, and its mentor (or T, if it was
   unpaired) lacks one;
2. Dijkstra (scipy) from every node with a unit to place at once gives each node its
   distance by reduced cost, all >= 0. The potentials rise by the distance, capped at the
   length L of the shortest path to a node that lacks a unit: every reduced cost stays >= 0,
   and the arcs of every shortest path of length L now cost 0. A maximum flow (scipy) over
   those arcs, from the units to place to the nodes that lack one, moves as many units as
   such paths can carry at once (the primal-dual method);
3. until every unit is placed. The flow is then optimal on the whole grown graph and the
   potentials are its dual prices (complementary slackness holds by construction; the
   solver checks it again with every other condition of the certificate).

A round of paths is one Dijkstra and one maximum flow over the graph, a few milliseconds for
a graph of 250,000 pairs, where a solve from scratch takes a few tenths of a second. The
caller gives up after `max_phases` rounds (`TooFar`) and solves from scratch instead.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra, maximum_flow


class TooFar(RuntimeError):
    """More rounds of paths than allowed: the caller solves from scratch instead."""


def reoptimise(
    arcs: tuple[np.ndarray, np.ndarray, np.ndarray],
    capacity: np.ndarray,
    mentor_of: np.ndarray,
    alpha: np.ndarray,
    beta: np.ndarray,
    max_phases: int,
    most_left: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The optimal pairing on the graph `arcs` = (rows, cols, worth), sorted by row, from
    `mentor_of` and the prices `alpha`, `beta` that were optimal on a part of the graph (every
    pair of that part priced at least at its worth, equality on the pairs made, 0 for the
    mentees left alone and the mentors with room). The pairs made must be arcs of the graph.

    Returns the new pairing, its prices (int64) and the number of rounds of paths it took.
    With `most_left`, gives up (`TooFar`) when more units than that are still to place after
    the first round: a sign that the prices have far to go, which paths do slowly.
    """
    rows, cols, worth = arcs
    n, m = len(mentor_of), len(capacity)
    net = _Network(rows, cols, n, m)
    potential = np.zeros(net.size, dtype=np.int64)
    potential[:n], potential[n : n + m] = alpha, -np.asarray(beta)
    mentor_of = mentor_of.copy()
    flow = np.bincount(mentor_of[mentor_of >= 0], minlength=m).astype(np.int64)  # on j -> T
    excess = np.zeros(net.size, dtype=np.int64)

    # 1. Mentees with an underpriced pair raise their price and take their unit back.
    short = -(potential[rows] - potential[n + cols] - worth)
    firsts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
    most = np.maximum.reduceat(short, firsts) if len(rows) else short
    moved = rows[firsts][most > 0]
    potential[moved] += most[most > 0]
    former = mentor_of[moved]
    excess[moved] = 1
    np.subtract.at(excess, n + former[former >= 0], 1)
    excess[net.sink] -= int(np.count_nonzero(former < 0))
    mentor_of[moved] = -2  # a unit to place

    phases = 0
    while (excess > 0).any():
        phases += 1
        if phases > max_phases:
            raise TooFar(f"Still units to place after {max_phases} rounds of paths.")
        cost = net.costs(potential, worth, mentor_of, flow, capacity)
        distance = dijkstra(net.graph(cost), indices=np.flatnonzero(excess > 0), min_only=True)
        lacking = (excess < 0) & np.isfinite(distance)
        if not lacking.any():
            raise TooFar("A unit has no path left: the prices were not optimal.")
        length = distance[lacking].min()
        potential += np.minimum(distance, length).astype(np.int64)
        moves = net.max_flow(cost, distance, length, flow, capacity, excess)
        _move(*moves, n, m, mentor_of, flow, excess)
        if phases == 1 and most_left is not None and np.count_nonzero(excess > 0) > most_left:
            raise TooFar("Too many units left after the first round of paths.")

    beta = np.maximum(potential[net.sink] - potential[n : n + m], 0)
    alpha = np.zeros(n, dtype=np.int64)
    mine = np.flatnonzero(mentor_of >= 0)
    # A held pair's reduced cost is <= 0: lift the mentee's price so that it is exactly 0.
    codes = rows.astype(np.int64) * m + cols
    held = np.searchsorted(codes, mine * m + mentor_of[mine])
    alpha[mine] = worth[held] - beta[mentor_of[mine]]
    return mentor_of, alpha, beta, phases


class _Network:
    """The residual network, every arc in either direction sorted by tail once (a CSR
    layout): each round only recomputes costs (infinite where an arc cannot be used now)
    and capacities. Nodes: mentees 0..n-1, mentors n..n+m-1, T, then a source and a drain
    for the maximum flow (their arcs never enter Dijkstra)."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n: int, m: int):
        self.rows, self.cols, self.n, self.m = rows, cols, n, m
        self.sink = sink = n + m
        self.source, self.drain = sink + 1, sink + 2
        self.size = sink + 3
        everyone, mentors = np.arange(n), n + np.arange(m)
        by_mentor = np.argsort(cols, kind="stable")  # so that every part below is sorted
        parts = [  # (tails, heads) of: a pair, taken back, alone, pairing again, a place, ...
            (rows, n + cols),  # i -> j: pair (room: 1, when not held)
            (n + cols[by_mentor], rows[by_mentor]),  # j -> i: leave a held pair
            (everyone, np.full(n, sink)),  # i -> T: stay alone
            (np.full(n, sink), everyone),  # T -> i: an unpaired mentee pairs
            (mentors, np.full(m, sink)),  # j -> T: take a place (room: c_j - flow)
            (np.full(m, sink), mentors),  # T -> j: give a place back (room: flow)
            (np.full(n, self.source), everyone),  # source -> i: units to place
            (np.r_[mentors, sink], np.full(m + 1, self.drain)),  # j, T -> drain: units lacking
        ]
        tails = np.concatenate([t for t, _ in parts])
        heads = np.concatenate([h for _, h in parts])
        self.order = np.argsort(tails, kind="stable")  # merges sorted runs: linear
        self.tails, self.heads = tails[self.order], heads[self.order]
        self.starts = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(tails, minlength=self.size), out=self.starts[1:])
        where = np.empty(len(tails), dtype=np.int64)
        where[self.order] = np.arange(len(tails))
        bounds = np.cumsum([0, *(len(t) for t, _ in parts)])
        self.at = [where[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        self.by_mentor = by_mentor
        self.extra = np.zeros(len(tails), dtype=bool)  # source's and drain's arcs
        self.extra[self.at[6]], self.extra[self.at[7]] = True, True
        self.cost = np.full(len(tails), np.inf)
        self.room = np.ones(len(tails), dtype=np.int64)

    def costs(
        self,
        potential: np.ndarray,
        worth: np.ndarray,
        mentor_of: np.ndarray,
        flow: np.ndarray,
        capacity: np.ndarray,
    ) -> np.ndarray:
        """Each arc's reduced cost (in tail order), infinite where the flow cannot use it."""
        n, sink, at = self.n, self.sink, self.at
        p_row, p_mentor, p_sink = potential[:n], potential[n:sink], potential[sink]
        reduced = (potential[self.rows] - potential[n + self.cols] - worth).astype(np.float64)
        held = mentor_of[self.rows] == self.cols
        alone = mentor_of == -1
        cost, inf = self.cost, np.inf
        cost[at[0]] = np.where(held, inf, reduced)
        cost[at[1]] = np.where(held, -reduced, inf)[self.by_mentor]
        cost[at[2]] = np.where(alone, inf, p_row - p_sink)
        cost[at[3]] = np.where(alone, p_sink - p_row, inf)
        cost[at[4]] = np.where(flow < capacity, p_mentor - p_sink, inf)
        cost[at[5]] = np.where(flow > 0, p_sink - p_mentor, inf)
        if (cost < 0).any():
            raise TooFar("A negative reduced cost: the prices were not optimal.")
        return cost

    def graph(self, cost: np.ndarray) -> csr_matrix:
        return csr_matrix((cost, self.heads, self.starts), shape=(self.size, self.size))

    def max_flow(
        self,
        cost: np.ndarray,
        distance: np.ndarray,
        length: float,
        flow: np.ndarray,
        capacity: np.ndarray,
        excess: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A maximum flow over the arcs that cost 0 once the potentials have risen, from the
        units to place to the nodes that lack one: the arcs (tail, head) that carry flow and
        how much. Only nodes within `length` of a unit can be on such a path: only their arcs
        (and the source's) are read."""
        at, room = self.at, self.room
        room[at[4]], room[at[5]] = capacity - flow, flow
        room[at[6]] = np.maximum(excess[: self.n], 0)
        room[at[7]] = np.maximum(-excess[self.n : self.sink + 1], 0)
        near = np.r_[np.flatnonzero(distance <= length), self.source]
        first, last = self.starts[near], self.starts[near + 1]
        counts = last - first
        arc = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        tails, heads = self.tails[arc], self.heads[arc]
        rise = np.minimum(distance[heads], length) - distance[np.minimum(tails, self.sink)]
        usable = (room[arc] > 0) & ((cost[arc] == rise) | self.extra[arc])
        arc, tails = arc[usable], tails[usable]
        starts = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(tails, minlength=self.size), out=starts[1:])
        graph = csr_matrix(
            (room[arc].astype(np.int32), self.heads[arc], starts), shape=(self.size, self.size)
        )
        moved = maximum_flow(graph, self.source, self.drain).flow.tocoo()
        carried = moved.data > 0
        return moved.row[carried], moved.col[carried], moved.data[carried].astype(np.int64)


def _move(
    tails: np.ndarray,
    heads: np.ndarray,
    amount: np.ndarray,
    n: int,
    m: int,
    mentor_of: np.ndarray,
    flow: np.ndarray,
    excess: np.ndarray,
) -> None:
    """Apply a flow: a mentee's arc out says where it ends (arcs into a mentee, from its former
    mentor or from T, change nothing else); mentors' arcs to and from T change their places
    taken; the source's and the drain's arcs, the units placed and received."""
    sink = n + m
    source, drain = sink + 1, sink + 2
    from_row = tails < n
    to_mentor = from_row & (heads < sink)
    mentor_of[tails[to_mentor]] = heads[to_mentor] - n
    mentor_of[tails[from_row & (heads == sink)]] = -1
    taken = (tails >= n) & (tails < sink) & (heads == sink)
    np.add.at(flow, tails[taken] - n, amount[taken])
    given = (tails == sink) & (heads >= n) & (heads < sink)
    np.subtract.at(flow, heads[given] - n, amount[given])
    placed = tails == source
    np.subtract.at(excess, heads[placed], amount[placed])
    received = heads == drain
    np.add.at(excess, tails[received], amount[received])
