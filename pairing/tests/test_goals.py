"""The two goals HR may choose, through matching.solve: as many pairs as possible, or only
pairs of at least a given quality. Checked against scipy's dense solver on generated
cohorts (hypothesis), and on small cases whose answer is known, with their explanations."""

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing import matching
from pairing.matching import Rules, Weights, solve
from pairing.scoring import CohortArrays, View

from .helpers import allowed, dense_reference, mentee, mentor
from .test_matching_properties import check_hard_constraints, cohorts

EXAMPLES = 250  # cohorts, each solved for three goals
LONG_EXAMPLES = 8_000
FLOORS = st.lists(st.integers(0, 100), min_size=2, max_size=2)


def scipy_reference(mentors, mentees, rules) -> tuple[int, int]:
    """(pairs, total score) of the best pairing for the goal in `rules`, by scipy on the
    score matrix, the pairs allowed by the independent `allowed` of helpers."""
    if not mentors or not mentees:
        return len(rules.locked), 0
    every = CohortArrays(mentors, mentees, dataclasses.replace(rules, locked=(), min_score=None))
    score_of = every.scores(View(np.arange(len(mentees))))  # [mentee, mentor]
    index = {p.id: k for side in (mentors, mentees) for k, p in enumerate(side)}
    room = {r.id: r.capacity for r in mentors}
    pairs = total = 0
    for r, e in rules.locked:
        room[r] -= 1
        pairs, total = pairs + 1, total + int(score_of[index[e], index[r]])
    locked = {e for _r, e in rules.locked}
    free = [e for e in mentees if e.id not in locked]
    scores = np.full((len(free), len(mentors)), -1, dtype=np.int16)
    for i, e in enumerate(free):
        for j, r in enumerate(mentors):
            score = score_of[index[e.id], j]
            if allowed(r, e, rules) and (rules.min_score is None or score >= rules.min_score):
                scores[i, j] = score
    capacity = np.array([room[r.id] for r in mentors], dtype=np.int64)
    if (scores >= 0).any() and capacity.sum():
        more, score = dense_reference(scores, capacity)
        pairs, total = pairs + more, total + score
    return pairs, total


def check_goals(cohort, floors: list[int]) -> None:
    """As many pairs as possible (no floor), then each quality floor."""
    for floor in [None, *floors]:
        mentors, mentees, rules = cohort
        rules = dataclasses.replace(rules, min_score=floor)

        result = solve(mentors, mentees, rules)

        check_hard_constraints(mentors, mentees, rules, result)
        if floor is not None:
            assert all(p.score >= floor for p in result.pairs if not p.locked)
        expected = scipy_reference(mentors, mentees, rules)
        assert (len(result.pairs), result.total_score) == expected
        assert all(u.reasons for u in (*result.unpaired_mentees, *result.mentors_with_room))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(), FLOORS)
def test_both_goals_agree_with_scipy_on_generated_cohorts(cohort, floors):
    check_goals(cohort, floors)


@pytest.mark.long
def test_both_goals_agree_with_scipy_on_many_more_cohorts(request):
    if "long" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("many more examples: run with -m long")
    many = settings(
        max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    many(given(cohorts(), FLOORS)(check_goals))()


TEACHES_AI = {"ai": 4}
ONLY_COMPLEMENTARITY = Weights(complementarity=1, affinity=0, diversity=0)


def test_a_quality_floor_leaves_out_whoever_only_has_weak_pairs_and_says_why():
    strong = mentor(1, topic_levels=TEACHES_AI)
    weak = mentor(2, topic_levels={"ai": 1})
    ann = mentee(10, topic_priorities={"ai": 1})
    bob = mentee(11, topic_priorities={"ai": 1})
    rules = Rules(weights=ONLY_COMPLEMENTARITY)

    most = solve([strong, weak], [ann, bob], rules)
    floor = solve([strong, weak], [ann, bob], dataclasses.replace(rules, min_score=50))

    assert sorted(p.score for p in most.pairs) == [19, 75]  # as many as possible: both
    assert [(p.mentor_id, p.score) for p in floor.pairs] == [(1, 75)]
    (left,) = floor.unpaired_mentees
    assert left.reasons[0] == matching.Reason(matching.MENTORS_FULL, {"mentors": 1})
    assert left.reasons[1] == matching.Reason(
        matching.BELOW_QUALITY_FLOOR, {"mentors": 1, "total": 2, "min_score": 50}
    )
    (idle,) = floor.mentors_with_room
    assert idle.person_id == 2
    assert idle.reasons[1] == matching.Reason(
        matching.NO_MENTEE_REACHES_FLOOR, {"mentees": 2, "min_score": 50}
    )


def test_nobody_reaches_the_floor_and_a_lock_below_it_is_kept():
    weak = mentor(1, topic_levels={"ai": 1}, capacity=2)
    ann = mentee(10, topic_priorities={"ai": 1})
    bob = mentee(11, topic_priorities={"ai": 1})
    rules = Rules(weights=ONLY_COMPLEMENTARITY, min_score=90, locked=[(1, 10)])

    result = solve([weak], [ann, bob], rules)

    assert [(p.mentor_id, p.mentee_id, p.locked) for p in result.pairs] == [(1, 10, True)]
    (left,) = result.unpaired_mentees
    assert left.reasons == (
        matching.Reason(matching.BELOW_QUALITY_FLOOR, {"mentors": 1, "total": 1, "min_score": 90}),
    )


def test_a_floor_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="between 0 and 100"):
        solve([mentor(1)], [mentee(10)], Rules(min_score=101))
