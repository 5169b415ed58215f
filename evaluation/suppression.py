"""Rule 3 of the disclosure policy (evaluation/indicators.py's docstring): where hidden
figures add up to a shown total, a line with a hidden cell gets a complement, so that no
hidden figure is the total minus the others; `recoverable` audits a table for that.
Pure computations: no Django, no database."""

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import partial
from typing import TypeVar

import numpy as np

THRESHOLD = 5  # the disclosure threshold of every rule (evaluation.indicators re-exports it)
K = TypeVar("K", bound=Hashable)
Line = tuple[Hashable, Sequence[Hashable]]  # (total, parts): total == sum(parts)


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
