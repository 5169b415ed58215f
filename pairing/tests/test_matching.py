"""The pure solver: constraints, optimality, locks, explanations. No database."""

import random

import numpy as np
import pytest

from pairing import matching, solver
from pairing.matching import InvalidLock, Rules, Weights, greedy, pair_violations, solve

from .helpers import brute_force, dense_reference, mentee, mentor


def pairs_of(result: matching.Matching) -> set[tuple]:
    return {(p.mentor_id, p.mentee_id) for p in result.pairs}


def codes(reasons) -> list[str]:
    return [r.code for r in reasons]


def test_greedy_leaves_a_mentee_unpaired_whom_the_solver_pairs():
    # Ann comes first and takes Xavier, her best match; Bruno speaks only Spanish and Xavier
    # was the one mentor who does. The optimum gives Ann her second choice and pairs both.
    xavier = mentor(1, languages=frozenset({"en", "es"}), topic_levels={"ai": 4})
    yann = mentor(2, topic_levels={"ai": 1})
    ann = mentee(10, topic_priorities={"ai": 1})
    bruno = mentee(11, languages=frozenset({"es"}), topic_priorities={"ai": 1})

    first_come = greedy([xavier, yann], [ann, bruno])
    optimal = solve([xavier, yann], [ann, bruno])

    assert pairs_of(first_come) == {(1, 10)}
    assert [u.person_id for u in first_come.unpaired_mentees] == [11]
    assert codes(first_come.unpaired_mentees[0].reasons)[0] == matching.MENTORS_FULL
    assert pairs_of(optimal) == {(1, 11), (2, 10)}
    assert optimal.unpaired_mentees == ()


def test_a_mentee_with_no_allowed_mentor_stays_unpaired_and_the_others_are_paired():
    mentors = [mentor(1, capacity=2), mentor(2)]
    mentees = [mentee(10), mentee(11, languages=frozenset({"ja"})), mentee(12)]

    result = solve(mentors, mentees)

    assert {p.mentee_id for p in result.pairs} == {10, 12}
    (alone,) = result.unpaired_mentees
    assert alone.person_id == 11
    assert alone.reasons == (
        matching.Reason(matching.NO_SHARED_LANGUAGE, {"mentors": 2, "total": 2}),
    )


def test_nobody_is_allowed_at_all_gives_no_pairs_and_a_reason_for_everyone():
    result = solve([mentor(1, grade=15)], [mentee(10, grade=12), mentee(11, grade=14)])

    assert result.pairs == ()
    assert [codes(u.reasons) for u in result.unpaired_mentees] == [["reverse_rule"]] * 2
    assert codes(result.mentors_with_room[0].reasons) == ["places_left", "no_compatible_mentee"]


def test_empty_cohorts_are_fine():
    assert solve([], []).pairs == ()
    assert codes(solve([], [mentee(10)]).unpaired_mentees[0].reasons) == ["no_mentors"]
    assert solve([mentor(1)], []).mentors_with_room[0].reasons[0].params == {"places": 1}


def test_the_mentor_is_never_in_the_mentees_reporting_line_at_any_depth_nor_team():
    # 1 -> 50 -> 51 -> 10: mentor 1 is three levels below mentee 10 (down the line).
    # 11 -> 60 -> 2: mentor 2 is above mentee 11 (up the line). Mentor 3 shares a manager
    # with mentee 12 (same direct team). Mentor 4 is clear of everyone.
    manager_of = {1: 50, 50: 51, 51: 10, 11: 60, 60: 2, 3: 70, 12: 70}
    mentors = [mentor(k) for k in (1, 2, 3)] + [mentor(4, capacity=3)]
    mentees = [mentee(10), mentee(11), mentee(12)]

    result = solve(mentors, mentees, Rules(manager_of=manager_of))

    # Every score ties: any pairing of the three that keeps clear of the lines is optimal.
    assert len(result.pairs) == 3 and {e for _r, e in pairs_of(result)} == {10, 11, 12}
    assert not pairs_of(result) & {(1, 10), (2, 11), (3, 12)}
    for r, e in [(1, 10), (2, 11), (3, 12)]:
        broken = pair_violations(mentors[r - 1], mentees[e - 10], Rules(manager_of=manager_of))
        assert codes(broken) == ["reporting_line"]


def test_a_cycle_in_the_directory_does_not_hang():
    manager_of = {1: 10, 10: 1}
    result = solve([mentor(1), mentor(2)], [mentee(10)], Rules(manager_of=manager_of))
    assert pairs_of(result) == {(2, 10)}


def test_rather_not_lists_and_forbidden_pairs_are_respected():
    mentors = [mentor(1, rather_not=frozenset({10})), mentor(2), mentor(3)]
    mentees = [mentee(10), mentee(11, rather_not=frozenset({2})), mentee(12)]
    rules = Rules(forbidden=frozenset({(3, 12)}))

    result = solve(mentors, mentees, rules)

    assert pairs_of(result).isdisjoint({(1, 10), (2, 11), (3, 12)})
    assert len(result.pairs) == 3


def test_reverse_rule_with_a_gap_and_an_upper_bound():
    mentors = [mentor(1, grade=5), mentor(2, grade=9), mentor(3, grade=1)]
    rules = Rules(min_grade_gap=2, max_grade_gap=8)

    result = solve(mentors, [mentee(10, grade=10)], rules)

    # gap 5 is allowed; gap 1 is too small; gap 9 is over the bound.
    assert pairs_of(result) == {(1, 10)}
    assert codes(pair_violations(mentors[1], mentee(10, grade=10), rules)) == ["reverse_rule"]
    assert codes(pair_violations(mentors[2], mentee(10, grade=10), rules)) == ["reverse_rule"]


def test_eligibility_rules_leave_people_out_with_their_reason():
    rules = Rules(mentee_min_grade=10, mentor_max_tenure_years=3)
    mentors = [mentor(1, tenure_years=2.0), mentor(2, tenure_years=7.5), mentor(3)]
    mentees = [mentee(10, grade=12), mentee(11, grade=8), mentee(12, grade=None)]

    result = solve(mentors, mentees, rules)

    assert pairs_of(result) == {(1, 10)}
    reasons = {u.person_id: u.reasons for u in result.unpaired_mentees}
    assert reasons[11] == (matching.Reason("below_min_grade", {"grade": 8, "min_grade": 10}),)
    assert codes(reasons[12]) == ["grade_unknown"]
    room = {u.person_id: u.reasons for u in result.mentors_with_room}
    assert room[2] == (matching.Reason("tenure_too_long", {"years": 7.5, "max_years": 3}),)
    assert codes(room[3]) == ["tenure_unknown"]


def test_locked_pairs_are_kept_and_use_the_mentors_capacity():
    # Left alone the solver would give mentee 10 to mentor 1 (who teaches AI at level 4).
    mentors = [mentor(1, topic_levels={"ai": 4}), mentor(2)]
    mentees = [mentee(10, topic_priorities={"ai": 1}), mentee(11)]
    assert (1, 10) in pairs_of(solve(mentors, mentees))

    result = solve(mentors, mentees, Rules(locked=[(1, 11)]))

    assert pairs_of(result) == {(1, 11), (2, 10)}
    locked = next(p for p in result.pairs if p.mentee_id == 11)
    assert locked.locked and locked.reasons[0].code == "locked"


@pytest.mark.parametrize(
    ("locked", "problem"),
    [
        ([(1, 10)], "no_shared_language"),
        ([(2, 11), (2, 12)], "capacity_exceeded"),
        ([(2, 11), (3, 11)], "mentee_locked_twice"),
        ([(99, 11)], "unknown_person"),
    ],
)
def test_a_lock_that_breaks_a_hard_constraint_is_refused(locked, problem):
    mentors = [mentor(1, languages=frozenset({"de"})), mentor(2), mentor(3)]
    mentees = [mentee(10), mentee(11), mentee(12)]
    with pytest.raises(InvalidLock) as error:
        solve(mentors, mentees, Rules(locked=locked))
    assert problem in codes(error.value.reasons)


def test_same_input_same_pairs():
    mentors, mentees, rules = random_cohort(random.Random(3), 12, 5)
    first, second = solve(mentors, mentees, rules), solve(mentors, mentees, rules)
    assert first == second


def test_each_pair_is_explained_with_its_score_parts_and_reasons():
    rules = Rules(on_site=True, weights=Weights(complementarity=2, affinity=1, diversity=1))
    r = mentor(
        1,
        languages=frozenset({"en", "es"}),
        topic_levels={"ai": 4, "tiktok": 2},
        wants_to_learn=frozenset({"strategy"}),
        availability=frozenset({"mon-am", "tue-pm"}),
        site="Lyon",
        department="IT",
        generation="gen_z",
        gender="f",
        country="FR",
    )
    e = mentee(
        10,
        languages=frozenset({"en", "es"}),
        topic_priorities={"tiktok": 1, "ai": 2},
        can_give_back=frozenset({"strategy"}),
        availability=frozenset({"mon-am"}),
        site="Lyon",
        department="Sales",
        generation="gen_x",
        gender="m",
        country="ES",
    )
    # Two more people who speak English but can be paired with nobody (reverse rule).
    others = [mentor(2, grade=20), mentee(11, grade=1)]

    result = solve([r, others[0]], [e, others[1]], rules)

    (pair,) = [p for p in result.pairs if p.mentor_id == 1]
    assert pair.score == matching.pair_score(r, e, rules)
    # Parts are rounded to a tenth and the score to a unit.
    assert abs(sum(pair.parts.values()) - pair.score) <= 0.65
    assert set(pair.parts) == {"complementarity", "affinity", "diversity"}
    assert abs(sum(pair.shares.values()) - 1) < 1e-6
    assert 2 <= len(pair.reasons) <= 3
    by_code = {reason.code: reason.params for reason in pair.reasons}
    # Level 4 on the second priority (weight 3 x 4) beats level 2 on the first (4 x 2).
    assert by_code["teaches_priority"] == {"topic": "ai", "level": 4, "priority": 2}
    assert by_code["shared_language"] == {"language": "es"}  # rarer than English here
    assert by_code["diverse"] == {"criteria": ["department", "generation", "gender", "country"]}


def test_every_reason_code_has_a_sentence():
    from pairing.reasons import MESSAGES

    emitted = {
        value
        for name, value in vars(matching).items()
        if name.isupper() and isinstance(value, str) and name not in {"HYBRID"}
    }
    assert emitted <= set(MESSAGES) | {"complementarity", "affinity", "diversity"}


# Optimality


def random_cohort(rng: random.Random, n_mentees: int, n_mentors: int, cap: int = 3) -> tuple:
    topics = ["ai", "tiktok", "csr", "notion", "linkedin"]
    languages = ["en", "fr", "es"]
    mentors = [
        mentor(
            k,
            grade=rng.randint(1, 8),
            capacity=rng.randint(0, cap),
            languages=frozenset(rng.sample(languages, rng.randint(1, 2))),
            topic_levels={t: rng.randint(1, 4) for t in rng.sample(topics, rng.randint(0, 3))},
            wants_to_learn=frozenset(rng.sample(["strategy", "career"], rng.randint(0, 2))),
            availability=None if rng.random() < 0.3 else frozenset(rng.sample("abcdef", 2)),
            mode=rng.choice([None, "video", "hybrid", "on_site"]),
            department=rng.choice("xyz"),
            generation=rng.choice(["gen_y", "gen_z"]),
            gender=rng.choice(["f", "m", None]),
            country=rng.choice(["FR", "ES"]),
        )
        for k in range(1, n_mentors + 1)
    ]
    mentees = [
        mentee(
            k,
            grade=rng.randint(4, 15),
            languages=frozenset(rng.sample(languages, rng.randint(1, 2))),
            topic_priorities={t: p + 1 for p, t in enumerate(rng.sample(topics, 3))},
            can_give_back=frozenset(rng.sample(["strategy", "career"], rng.randint(0, 2))),
            availability=None if rng.random() < 0.3 else frozenset(rng.sample("abcdef", 3)),
            mode=rng.choice([None, "video", "hybrid", "on_site"]),
            department=rng.choice("xyz"),
            generation=rng.choice(["gen_x", "boomer", "gen_y"]),
            gender=rng.choice(["f", "m", None]),
            country=rng.choice(["FR", "ES"]),
        )
        for k in range(100, 100 + n_mentees)
    ]
    rules = Rules(
        min_grade_gap=rng.randint(0, 3),
        on_site=rng.random() < 0.5,
        weights=Weights(complementarity=rng.randint(0, 3), affinity=rng.randint(0, 3), diversity=1),
    )
    return mentors, mentees, rules


@pytest.mark.parametrize("seed", range(25))
def test_the_solver_is_optimal_against_brute_force_on_small_random_cohorts(seed):
    rng = random.Random(seed)
    mentors, mentees, rules = random_cohort(rng, rng.randint(1, 6), rng.randint(1, 3))

    result = solve(mentors, mentees, rules)

    assert (len(result.pairs), result.total_score) == brute_force(mentors, mentees, rules)


@pytest.mark.parametrize("seed", range(6))
def test_candidate_rounds_reach_the_same_optimum_as_a_dense_solver(seed, monkeypatch):
    # Force the candidate graph on a medium cohort, where everyone wants the same mentors,
    # so the certificate has to add pairs over several rounds.
    monkeypatch.setattr(solver, "FULL_GRAPH_PAIRS", 0)
    monkeypatch.setattr(solver, "MENTORS_PER_MENTEE", 2)
    monkeypatch.setattr(solver, "EXTRA_MENTEES_PER_MENTOR", 0)
    monkeypatch.setattr(solver, "ADDED_PER_ROUND", 1)
    rng = np.random.default_rng(seed)
    n, m = 60, 25
    popularity = rng.integers(0, 60, size=m)
    scores = np.minimum(popularity[None, :] + rng.integers(0, 41, size=(n, m)), 100)
    scores = np.where(rng.random((n, m)) < 0.1 + 0.1 * seed, -1, scores).astype(np.int16)
    capacity = rng.integers(0, 4, size=m)

    mentor_of = solver.assign(scores, capacity, 100)

    paired = np.flatnonzero(mentor_of >= 0)
    assert (scores[paired, mentor_of[paired]] >= 0).all()
    assert (np.bincount(mentor_of[paired], minlength=m) <= capacity).all()
    got = (len(paired), int(scores[paired, mentor_of[paired]].sum()))
    assert got == dense_reference(scores, capacity)
