"""Properties of the solver on generated cohorts (hypothesis): no hard constraint is ever
broken, locks are kept, and the pairing is the best possible, by brute force."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing import solver
from pairing.matching import Mentee, Mentor, Rules, Weights, greedy, solve

from .helpers import allowed, brute_force, dense_reference

MENTOR_IDS = [1, 2, 3, 4]
MENTEE_IDS = [10, 11, 12, 13, 14, 15]
MANAGER_IDS = [90, 91, 92]
LANGUAGES = st.frozensets(st.sampled_from(["en", "fr", "es"]), max_size=2)
TOPICS = ["ai", "tiktok", "csr", "notion"]


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[list[Mentor], list[Mentee], Rules]:
    mentor_ids = MENTOR_IDS[: draw(st.integers(0, 3))]
    mentee_ids = MENTEE_IDS[: draw(st.integers(0, 6))]
    everyone = mentor_ids + mentee_ids + MANAGER_IDS
    manager_of = {
        person: draw(st.sampled_from([None, *[p for p in everyone if p != person]]))
        for person in everyone
    }
    common = {
        "languages": LANGUAGES,
        "availability": st.none() | st.frozensets(st.sampled_from("abcd"), max_size=3),
        "mode": st.sampled_from([None, "video", "hybrid", "on_site"]),
        "site": st.sampled_from(["", "Lyon", "Paris"]),
        "department": st.sampled_from([None, 1, 2]),
        "generation": st.sampled_from(["", "gen_x", "gen_z"]),
        "gender": st.sampled_from([None, "f", "m"]),
        "country": st.sampled_from(["", "FR", "ES"]),
    }
    mentors = [
        draw(
            st.builds(
                Mentor,
                id=st.just(pid),
                grade=st.none() | st.integers(1, 8),
                capacity=st.integers(0, 3),
                topic_levels=st.dictionaries(st.sampled_from(TOPICS), st.integers(1, 4)),
                wants_to_learn=st.frozensets(st.sampled_from(["career", "strategy"])),
                tenure_years=st.none() | st.floats(0, 10),
                rather_not=st.frozensets(st.sampled_from(MENTEE_IDS), max_size=1),
                **common,
            )
        )
        for pid in mentor_ids
    ]
    mentees = [
        draw(
            st.builds(
                Mentee,
                id=st.just(pid),
                grade=st.none() | st.integers(3, 15),
                topic_priorities=st.dictionaries(st.sampled_from(TOPICS), st.integers(1, 4)),
                can_give_back=st.frozensets(st.sampled_from(["career", "strategy"])),
                rather_not=st.frozensets(st.sampled_from(MENTOR_IDS), max_size=1),
                **common,
            )
        )
        for pid in mentee_ids
    ]
    rules = Rules(
        min_grade_gap=draw(st.integers(0, 3)),
        max_grade_gap=draw(st.none() | st.integers(3, 10)),
        mentee_min_grade=draw(st.none() | st.integers(3, 8)),
        mentor_max_tenure_years=draw(st.none() | st.integers(2, 8)),
        on_site=draw(st.booleans()),
        weights=Weights(
            complementarity=draw(st.integers(0, 3)),
            affinity=draw(st.integers(0, 3)),
            diversity=draw(st.integers(0, 3)),
        ),
        forbidden=draw(
            st.frozensets(st.tuples(st.sampled_from(MENTOR_IDS), st.sampled_from(MENTEE_IDS)))
        ),
        manager_of=manager_of,
    )
    # HR locks a few pairs that are allowed and fit the capacities.
    room = {r.id: r.capacity for r in mentors}
    locked = []
    for e in mentees:
        options = [r for r in mentors if room[r.id] > 0 and allowed(r, e, rules)]
        if options and draw(st.integers(0, 3)) == 0:
            r = draw(st.sampled_from(options))
            room[r.id] -= 1
            locked.append((r.id, e.id))
    return mentors, mentees, Rules(**{**rules.__dict__, "locked": tuple(locked)})


def check_hard_constraints(mentors, mentees, rules, result) -> None:
    by_id = {p.id: p for p in [*mentors, *mentees]}
    mentee_ids = [p.mentee_id for p in result.pairs]
    assert len(mentee_ids) == len(set(mentee_ids)), "one mentor per mentee"
    for r in mentors:
        assert sum(p.mentor_id == r.id for p in result.pairs) <= r.capacity
    for pair in result.pairs:
        assert allowed(by_id[pair.mentor_id], by_id[pair.mentee_id], rules), pair
    assert set(rules.locked) <= {(p.mentor_id, p.mentee_id) for p in result.pairs}
    paired = set(mentee_ids)
    assert {u.person_id for u in result.unpaired_mentees} == {e.id for e in mentees} - paired


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts())
def test_no_hard_constraint_is_broken_and_the_pairing_is_the_best_possible(cohort):
    mentors, mentees, rules = cohort

    result = solve(mentors, mentees, rules)

    check_hard_constraints(mentors, mentees, rules, result)
    assert (len(result.pairs), result.total_score) == brute_force(mentors, mentees, rules)
    assert all(1 <= len(p.reasons) <= 3 for p in result.pairs)
    assert all(u.reasons for u in result.unpaired_mentees)
    assert all(u.reasons for u in result.mentors_with_room)


@settings(max_examples=30, deadline=None)
@given(cohorts())
def test_greedy_keeps_the_constraints_too_but_never_pairs_more(cohort):
    mentors, mentees, rules = cohort

    baseline = greedy(mentors, mentees, rules)

    check_hard_constraints(mentors, mentees, rules, baseline)
    assert len(baseline.pairs) <= len(solve(mentors, mentees, rules).pairs)


@st.composite
def score_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n, m = draw(st.integers(1, 14)), draw(st.integers(1, 6))
    cells = st.integers(-1, 100) if draw(st.booleans()) else st.sampled_from([-1, 0, 50, 100])
    scores = np.array(draw(st.lists(cells, min_size=n * m, max_size=n * m)), dtype=np.int16)
    capacity = np.array(draw(st.lists(st.integers(0, 4), min_size=m, max_size=m)))
    return scores.reshape(n, m), capacity


@settings(max_examples=120, deadline=None)
@given(score_matrices())
def test_candidate_rounds_always_end_on_the_dense_optimum(matrix):
    scores, capacity = matrix
    saved = (solver.FULL_GRAPH_PAIRS, solver.MENTORS_PER_MENTEE, solver.ADDED_PER_ROUND)
    # Start from one candidate per mentee and add one per round: the hardest path.
    solver.FULL_GRAPH_PAIRS, solver.MENTORS_PER_MENTEE, solver.ADDED_PER_ROUND = 0, 1, 1
    try:
        mentor_of = solver.assign(scores, capacity, 100)
    finally:
        solver.FULL_GRAPH_PAIRS, solver.MENTORS_PER_MENTEE, solver.ADDED_PER_ROUND = saved

    paired = np.flatnonzero(mentor_of >= 0)
    assert (scores[paired, mentor_of[paired]] >= 0).all()
    assert (np.bincount(mentor_of[paired], minlength=len(capacity)) <= capacity).all()
    got = (len(paired), int(scores[paired, mentor_of[paired]].sum()))
    assert got == dense_reference(scores, capacity)
