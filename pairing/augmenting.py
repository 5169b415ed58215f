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
        graph, room, extra = net.residual(potential, worth, mentor_of, flow, capacity, excess)
        distance = dijkstra(graph, indices=np.flatnonzero(excess > 0), min_only=True)
        lacking = (excess < 0) & np.isfinite(distance)
        if not lacking.any():
            raise TooFar("A unit has no path left: the prices were not optimal.")
        length = distance[lacking].min()
        potential += np.minimum(distance, length).astype(np.int64)
        moves = net.max_flow(graph, room, extra, distance, length)
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
    """The residual network as a CSR matrix, rebuilt each round without sorting: node by
    node, the arcs the flow may use now and their reduced costs. Nodes: mentees 0..n-1,
    mentors n..n+m-1, T, then a source and a drain for the maximum flow.

    - a mentee: its pairs not held (cost: reduced cost; infinite for the one it holds, which
      keeps the layout fixed), then T (stay alone; infinite if alone already);
    - a mentor: the mentees it holds (give the pair up: minus its reduced cost), T (take a
      place: while it has room), the drain (while it lacks a unit);
    - T: the mentees alone (one pairs), every mentor (give a place back: while it has one),
      the drain;
    - the source: every mentee (while it has a unit to place).

    Dijkstra never uses the source's and the drain's arcs (infinite costs); the maximum
    flow uses the arcs that cost 0 once the potentials have risen, with their room."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n: int, m: int):
        self.rows, self.cols, self.n, self.m = rows, cols, n, m
        self.sink = n + m
        self.source, self.drain = n + m + 1, n + m + 2
        self.size = n + m + 3
        per_row = np.bincount(rows, minlength=n) + 1  # its pairs, then T
        self.row_starts = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(per_row, out=self.row_starts[1:])
        self.pair_at = np.arange(len(rows)) + rows  # each pair's slot in the mentees' part
        self.alone_at = self.row_starts[1:] - 1
        self.row_heads = np.full(self.row_starts[-1], self.sink, dtype=np.int64)
        self.row_heads[self.pair_at] = n + cols

    def residual(
        self,
        potential: np.ndarray,
        worth: np.ndarray,
        mentor_of: np.ndarray,
        flow: np.ndarray,
        capacity: np.ndarray,
        excess: np.ndarray,
    ) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
        """The residual network at these potentials, each arc's room, and which arcs are the
        source's and the drain's."""
        rows, cols, n, m, sink = self.rows, self.cols, self.n, self.m, self.sink
        p_row, p_mentor, p_sink = potential[:n], potential[n:sink], potential[sink]
        inf = np.inf
        reduced = (potential[rows] - potential[n + cols] - worth).astype(np.float64)
        held = mentor_of[rows] == cols
        alone = mentor_of == -1
        # Mentees: pairs not held, then T.
        row_cost = np.empty(len(self.row_heads))
        row_cost[self.pair_at] = np.where(held, inf, reduced)
        row_cost[self.alone_at] = np.where(alone, inf, p_row - p_sink)
        row_room = np.ones(len(self.row_heads), dtype=np.int64)
        # Mentors: the mentees they hold, T, the drain.
        kept = np.flatnonzero(held)
        kept = kept[np.argsort(cols[kept], kind="stable")]
        ends = np.cumsum(np.bincount(cols[kept], minlength=m) + 2)  # each mentor's end
        heads = np.empty(ends[-1] if m else 0, dtype=np.int64)
        cost = np.empty(len(heads))
        room = np.ones(len(heads), dtype=np.int64)
        at = np.arange(len(kept)) + 2 * cols[kept]  # kept sorted by mentor: 2 slots each
        heads[at], cost[at] = rows[kept], -reduced[kept]
        heads[ends - 2] = sink
        cost[ends - 2] = np.where(flow < capacity, p_mentor - p_sink, inf)
        room[ends - 2] = capacity - flow
        heads[ends - 1] = self.drain
        cost[ends - 1] = inf
        room[ends - 1] = np.maximum(-excess[n:sink], 0)
        # T: the mentees alone, every mentor, the drain. The source: every mentee.
        lonely = np.flatnonzero(alone)
        t_heads = np.r_[lonely, n + np.arange(m), self.drain]
        t_cost = np.r_[p_sink - p_row[lonely], np.where(flow > 0, p_sink - p_mentor, inf), inf]
        t_room = np.r_[np.ones(len(lonely), dtype=np.int64), flow, max(-excess[sink], 0)]
        data = np.concatenate([row_cost, cost, t_cost, np.full(n, inf)])
        if (data < 0).any():
            raise TooFar("A negative reduced cost: the prices were not optimal.")
        mentors_at = len(self.row_heads)
        t_end = mentors_at + len(heads) + len(t_heads)
        starts = np.concatenate([self.row_starts, mentors_at + ends, [t_end], [t_end + n] * 2])
        indices = np.concatenate([self.row_heads, heads, t_heads, np.arange(n)])
        graph = csr_matrix((data, indices, starts), shape=(self.size, self.size))
        room = np.concatenate([row_room, room, t_room, np.maximum(excess[:n], 0)])
        # The source's and the drain's arcs: in the maximum flow whenever they have room.
        extra = np.zeros(len(data), dtype=bool)
        extra[mentors_at + ends - 1] = True
        extra[t_end - 1 :] = True
        return graph, room, extra

    def max_flow(
        self,
        graph: csr_matrix,
        room: np.ndarray,
        extra: np.ndarray,
        distance: np.ndarray,
        length: float,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A maximum flow over the arcs that cost 0 once the potentials have risen, from the
        units to place to the nodes that lack one: the arcs (tail, head) that carry flow and
        how much."""
        starts = graph.indptr
        tails = np.repeat(np.arange(self.size), np.diff(starts))
        heads = graph.indices
        rise = np.minimum(distance[heads], length) - np.minimum(distance[tails], length)
        usable = (room > 0) & ((graph.data == rise) | extra)
        kept = np.r_[0, np.cumsum(usable)][starts]
        flow_graph = csr_matrix(
            (room[usable].astype(np.int32), heads[usable], kept),
            shape=(self.size, self.size),
        )
        moved = maximum_flow(flow_graph, self.source, self.drain).flow.tocoo()
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
