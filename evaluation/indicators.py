"""Pure computations behind the indicators: no Django, no database, unit-tested on
hand-computed data. evaluation/reports/ gathers the numbers; this module turns them
into figures and decides which figures may be shown.

# The disclosure rule

Any figure over fewer than five people reads "not enough answers", and no hidden figure
can be worked out from the figures shown. Concretely:

1. **Primary suppression.** Every figure carries `n`, the number of people (or, for
   counts of pairs and of sessions, of pairs) behind it. A figure with 0 < n < 5 is
   hidden; so is an average, a rate or an interval with n < 5 (n = 0 has no value).
   A count of zero is shown: it says that nobody is in that cell, not who is.

2. **Complementary suppression, line by line.** Counts that add up to a shown total
   form a *line* (the mentors by state and the mentors' total; a state's mentors and
   mentees and that state's total; the months of a trend and the overall figure...).
   Whenever a line has a hidden cell, it must have at least two, and at least one of
   them must be a cell of five or more: otherwise the smallest shown non-zero part of the
   line is hidden too (the total when no part is left). A single hidden cell would be
   the total minus the others; two small hidden cells whose sum is shown can be pinned
   down when the sum is small (1 + 1 = 2), which a large partner prevents. Hiding a cell
   may open a line it belongs to, so the rule is applied until nothing changes.

3. **Audit by linear algebra.** Lines of a two-way table (roles by states, with both
   margins) can be combined: `recoverable` solves the system of every line with the
   shown values known and reports any hidden cell it determines; such a cell gets a
   further complement, and the rule starts again. Tests check the result on every
   table shape the dashboard uses, and on random tables.

4. **Across programmes, only what is shown.** A figure pooled over several programmes
   adds up (or pools the answers of) the programme figures that are shown, never the
   hidden ones; the same for an objective pooled over its topics. A pooled figure is
   then a function of figures anyone may already read, so subtracting programme pages
   from the all-programmes page reveals nothing. The price: pooled columns may not add
   up to the pooled totals, which the page says.

Averages are not additive without their weights, so a trend of monthly averages is
protected by rule 2 with the number of answers as the cell (a lone hidden month gets a
partner), and the page never shows the monthly number of answers.
"""

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from statistics import fmean, stdev
from typing import TypeVar

import numpy as np

THRESHOLD = 5
K = TypeVar("K", bound=Hashable)
Line = tuple[Hashable, Sequence[Hashable]]  # (total, parts): total == sum(parts)

# --- Figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A value with the number of people behind it; `hidden` when it must not be shown."""

    value: float | None
    n: int
    hidden: bool = False

    @property
    def shown(self) -> bool:
        return not self.hidden


def figure(value: float | None, n: int, *, hidden: bool = False) -> Figure:
    """A figure, hidden by the primary rule when 0 < n < THRESHOLD or when it has no value."""
    too_few = 0 < n < THRESHOLD or (n == 0 and value is None)
    return Figure(value=value, n=n, hidden=hidden or too_few)


def count_figure(count: int, *, n: int | None = None, hidden: bool = False) -> Figure:
    """A count of people (n = the count) or of events over n people or pairs."""
    people = count if n is None else n
    return Figure(value=count, n=people, hidden=hidden or 0 < people < THRESHOLD)


# --- Statistics ------------------------------------------------------------------------

# The 97.5 % quantile of Student's t for 1 to 30 degrees of freedom (two-sided 95 %).
T_975 = {
    1: 12.706205, 2: 4.302653, 3: 3.182446, 4: 2.776445, 5: 2.570582, 6: 2.446912,
    7: 2.364624, 8: 2.306004, 9: 2.262157, 10: 2.228139, 11: 2.200985, 12: 2.178813,
    13: 2.160369, 14: 2.144787, 15: 2.131450, 16: 2.119905, 17: 2.109816, 18: 2.100922,
    19: 2.093024, 20: 2.085963, 21: 2.079614, 22: 2.073873, 23: 2.068658, 24: 2.063899,
    25: 2.059539, 26: 2.055529, 27: 2.051831, 28: 2.048407, 29: 2.045230, 30: 2.042272,
}  # fmt: skip
Z_975 = 1.959963984540054


def t_975(df: int) -> float:
    """Student's t quantile for a two-sided 95 % interval with `df` degrees of freedom.

    A table up to 30; beyond, the Cornish-Fisher expansion around the normal quantile,
    within 3e-8 of the exact value from 31 on (checked against scipy in the tests).
    """
    if df < 1:
        raise ValueError("A t quantile needs at least one degree of freedom.")
    if df in T_975:
        return T_975[df]
    z = Z_975
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass(frozen=True)
class Estimate:
    """A mean over n values with its 95 % confidence interval (None below two values)."""

    n: int
    mean: float | None
    low: float | None = None
    high: float | None = None
    hidden: bool = False

    @property
    def shown(self) -> bool:
        return not self.hidden


def mean_interval(values: Sequence[float]) -> Estimate:
    """The mean and its t-based 95 % interval; hidden below THRESHOLD values."""
    n = len(values)
    if n == 0:
        return Estimate(n=0, mean=None, hidden=True)
    mean = fmean(values)
    low = high = None
    if n >= 2:
        half = t_975(n - 1) * stdev(values) / math.sqrt(n)
        low, high = mean - half, mean + half
    return Estimate(n=n, mean=mean, low=low, high=high, hidden=n < THRESHOLD)


@dataclass(frozen=True)
class Moments:
    """What a mean and its interval need, summed in the database: the number of values,
    their sum and the sum of their squares; `people` is how many people gave them.

    Moments add up, which is how figures are pooled over programmes or topics.
    """

    count: int = 0
    total: float = 0.0
    squares: float = 0.0
    people: int = 0

    def __add__(self, other: "Moments") -> "Moments":
        return Moments(
            self.count + other.count,
            self.total + other.total,
            self.squares + other.squares,
            self.people + other.people,
        )

    @classmethod
    def of(cls, values: Sequence[float], people: int | None = None) -> "Moments":
        return cls(
            len(values),
            float(sum(values)),
            float(sum(v * v for v in values)),
            len(values) if people is None else people,
        )

    @property
    def hidden(self) -> bool:
        return self.count == 0 or self.people < THRESHOLD

    def mean(self, scale: float = 1.0) -> Figure:
        """The mean (times `scale`: 100 turns a share of yes answers into a percentage)."""
        if self.count == 0:
            return figure(None, 0)
        return figure(scale * self.total / self.count, self.people)

    def estimate(self) -> Estimate:
        """The mean with its t-based 95 % interval, as mean_interval gives it from values."""
        n = self.count
        if n == 0:
            return Estimate(n=0, mean=None, hidden=True)
        mean = self.total / n
        low = high = None
        if n >= 2:
            variance = max(0.0, (self.squares - self.total * self.total / n) / (n - 1))
            half = t_975(n - 1) * math.sqrt(variance / n)
            low, high = mean - half, mean + half
        return Estimate(n=n, mean=mean, low=low, high=high, hidden=self.hidden)


def pooled(parts: Iterable[Moments]) -> Moments:
    """The moments of the shown parts only (rule 4 of the module's docstring)."""
    return sum((part for part in parts if not part.hidden), Moments())


def paired_differences(
    before: Mapping[Hashable, float], after: Mapping[Hashable, float]
) -> list[float]:
    """after - before for every key answered both times (a person, or a person and topic)."""
    return [after[key] - before[key] for key in sorted(after, key=repr) if key in before]


def net_promoter_score(scores: Iterable[int]) -> Figure:
    """Promoters (9-10) minus detractors (0-6), in points from -100 to 100."""
    scores = list(scores)
    n = len(scores)
    if n == 0:
        return figure(None, 0)
    promoters = sum(1 for score in scores if score >= 9)
    detractors = sum(1 for score in scores if score <= 6)
    return figure(round(100 * (promoters - detractors) / n), n)


def share(part: int, whole: int, *, n: int | None = None) -> Figure:
    """part / whole as a percentage; n (default: whole) people behind it."""
    people = whole if n is None else n
    if whole == 0:
        return figure(None, 0)
    return figure(100 * part / whole, people)


def average(total: float, count: int, *, n: int | None = None) -> Figure:
    """total / count; n (default: count) people behind it."""
    people = count if n is None else n
    if count == 0:
        return figure(None, 0)
    return figure(total / count, people)


# --- Disclosure control ----------------------------------------------------------------


def suppress(
    values: Mapping[K, float],
    lines: Sequence[Line],
    *,
    people: Mapping[K, int] | None = None,
    hidden: Iterable[K] = (),
    protect: Iterable[K] = (),
    threshold: int = THRESHOLD,
) -> set[K]:
    """The cells to hide: the primary ones (0 < people < threshold, plus `hidden`), and the
    complements that rules 2 and 3 of the module's docstring add.

    `values` are the cells (parts and totals alike, by key); `people` their number of
    people when it is not the value itself; each line is (total key, part keys). Cells in
    `protect` (the figures a page leads with) are chosen as complements last: the line's
    total goes first.
    """
    people = values if people is None else people
    hide: set[K] = {key for key in values if 0 < people[key] < threshold} | set(hidden)
    pick = partial(_complement, values=values, people=people, hide=hide, protect=set(protect))
    for _round in range(len(values) + 1):
        if _complete_lines(lines, hide, people, threshold, pick):
            continue
        exposed = recoverable(values, lines, hide)
        # Nothing exposed, or only zeros left to hide around it: they say nothing about
        # a person.
        if not exposed or not _hide_one_around(exposed, lines, hide, pick):
            return hide
    return hide


def _complement(
    members: Sequence[K],
    total: K | None,
    *,
    values: Mapping[K, float],
    people: Mapping[K, int],
    hide: set[K],
    protect: set[K],
) -> K | None:
    """The cell to hide next among `members` (or `total`): the smallest shown non-zero
    one that is not protected, else the total, else the smallest protected one."""
    shown = [key for key in members if key not in hide and values[key] > 0]
    free = [key for key in shown if key not in protect]
    total_free = total is not None and total not in hide and values[total] > 0
    if free:
        return min(free, key=lambda key: (people[key], values[key], repr(key)))
    if total_free and total not in protect:
        return total
    if shown:
        return min(shown, key=lambda key: (people[key], values[key], repr(key)))
    return total if total_free else None


def _complete_lines(
    lines: Sequence[Line],
    hide: set[K],
    people: Mapping[K, int],
    threshold: int,
    pick: Callable[[Sequence[K], K | None], K | None],
) -> bool:
    """Rule 2 over every line once; True when it hid another cell."""
    changed = False
    for total, parts in lines:
        hidden_here = [key for key in [total, *parts] if key in hide]
        if not hidden_here:
            continue
        if len(hidden_here) >= 2 and any(people[key] >= threshold for key in hidden_here):
            continue
        extra = pick(list(parts), total)
        if extra is not None:
            hide.add(extra)
            changed = True
    return changed


def _hide_one_around(
    exposed: set[K],
    lines: Sequence[Line],
    hide: set[K],
    pick: Callable[[Sequence[K], K | None], K | None],
) -> bool:
    """Rule 3: a complement for the first exposed cell that has one; False when none has."""
    for key in sorted(exposed, key=repr):
        touching = [line for line in lines if key == line[0] or key in line[1]]
        members = [member for total, parts in touching for member in (total, *parts)]
        extra = pick(members, None)
        if extra is not None:
            hide.add(extra)
            return True
    return False


def recoverable(values: Mapping[K, float], lines: Sequence[Line], hidden: Iterable[K]) -> set[K]:
    """The hidden cells that the shown cells determine exactly through the lines.

    Each line says total - sum(parts) = 0. With the shown values moved to the right-hand
    side, the hidden cells are the unknowns of a linear system; a hidden cell is
    determined when its unit vector lies in the row space of the system's matrix.
    """
    unknowns = sorted(set(hidden), key=repr)
    if not unknowns:
        return set()
    column = {key: index for index, key in enumerate(unknowns)}
    rows = []
    for total, parts in lines:
        row = np.zeros(len(unknowns))
        for key, sign in [(total, 1.0), *((part, -1.0) for part in parts)]:
            if key in column:
                row[column[key]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = set()
    for key, index in column.items():
        unit = np.zeros(len(unknowns))
        unit[index] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(key)
    return found


def table_lines(rows: Sequence[Hashable], columns: Sequence[Hashable]) -> list[Line]:
    """The lines of a two-way table with both margins and a grand total.

    Cells are keyed (row, column); row totals (row, "total"), column totals
    ("total", column) and the grand total ("total", "total").
    """
    lines: list[Line] = []
    for row in rows:
        lines.append(((row, "total"), [(row, column) for column in columns]))
    for column in columns:
        lines.append((("total", column), [(row, column) for row in rows]))
    lines.append((("total", "total"), [(row, "total") for row in rows]))
    lines.append((("total", "total"), [("total", column) for column in columns]))
    return lines


def with_margins(
    counts: Mapping[tuple[Hashable, Hashable], int],
    rows: Sequence[Hashable],
    columns: Sequence[Hashable],
) -> dict[tuple[Hashable, Hashable], int]:
    """The table's cells (zeros for missing ones) with its row, column and grand totals."""
    cells = {(row, column): counts.get((row, column), 0) for row in rows for column in columns}
    for row in rows:
        cells[(row, "total")] = sum(cells[(row, column)] for column in columns)
    for column in columns:
        cells[("total", column)] = sum(cells[(row, column)] for row in rows)
    cells[("total", "total")] = sum(cells[(row, "total")] for row in rows)
    return cells
