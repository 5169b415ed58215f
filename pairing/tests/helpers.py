"""Small cohorts and an independent brute force for the pairing tests (no database)."""

import itertools
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from pairing.matching import Mentee, Mentor, Rules, pair_score


def mentor(pid: int, **fields) -> Mentor:
    """A mentor every default mentee may have: grade 3, speaks English, flexible."""
    fields.setdefault("grade", 3)
    fields.setdefault("languages", frozenset({"en"}))
    return Mentor(id=pid, **fields)


def mentee(pid: int, **fields) -> Mentee:
    fields.setdefault("grade", 12)
    fields.setdefault("languages", frozenset({"en"}))
    return Mentee(id=pid, **fields)


def chain_of(person: object, manager_of: dict) -> list:
    seen, boss = [person], manager_of.get(person)
    while boss is not None and boss not in seen:
        seen.append(boss)
        boss = manager_of.get(boss)
    return seen[1:]


def allowed(r: Mentor, e: Mentee, rules: Rules) -> bool:
    """The hard constraints, written out again from the brief, independently of matching.py."""
    if not set(r.languages) & set(e.languages):
        return False
    if r.grade is None or e.grade is None or e.grade - r.grade < rules.min_grade_gap:
        return False
    if rules.max_grade_gap is not None and e.grade - r.grade > rules.max_grade_gap:
        return False
    if rules.mentee_min_grade is not None and e.grade < rules.mentee_min_grade:
        return False
    if rules.mentor_max_tenure_years is not None and (
        r.tenure_years is None or r.tenure_years > rules.mentor_max_tenure_years
    ):
        return False
    manager_of = rules.manager_of
    if r.id in chain_of(e.id, manager_of) or e.id in chain_of(r.id, manager_of):
        return False
    if manager_of.get(r.id) is not None and manager_of.get(r.id) == manager_of.get(e.id):
        return False
    if r.id in e.rather_not or e.id in r.rather_not:
        return False
    return (r.id, e.id) not in rules.forbidden


def brute_force(mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules) -> tuple:
    """(pairs, total score) of the best pairing, by enumerating every assignment."""
    locked = dict((e, r) for r, e in rules.locked)
    options = []
    for e in mentees:
        if e.id in locked:
            options.append([locked[e.id]])
        else:
            options.append([None] + [r.id for r in mentors if allowed(r, e, rules)])
    capacity = {r.id: r.capacity for r in mentors}
    score = {(r.id, e.id): pair_score(r, e, rules) for r in mentors for e in mentees}
    best = (-1, -1)
    for choice in itertools.product(*options):
        load: dict = {}
        for r in choice:
            if r is not None:
                load[r] = load.get(r, 0) + 1
        if any(load[r] > capacity[r] for r in load):
            continue
        pairs = [(r, e.id) for r, e in zip(choice, mentees, strict=True) if r is not None]
        best = max(best, (len(pairs), sum(score[p] for p in pairs)))
    return best


def dense_reference(scores: np.ndarray, capacity: np.ndarray) -> tuple[int, int]:
    """(pairs, total) by scipy on mentors copied by capacity, with the big-constant encoding."""
    owner = np.repeat(np.arange(scores.shape[1]), capacity)
    big = min(scores.shape[0], len(owner)) * 100 + 1
    worth = np.where(scores[:, owner] >= 0, big + scores[:, owner].astype(np.int64), 0)
    rows, cols = linear_sum_assignment(worth, maximize=True)
    kept = worth[rows, cols] > 0
    return int(kept.sum()), int(scores[rows[kept], owner[cols[kept]]].sum())
