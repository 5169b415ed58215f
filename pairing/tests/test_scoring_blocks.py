"""The score matrix's fast paths against the pair-by-pair ones (hypothesis cohorts): the
block's allowed pairs equal the stages of each pair ANDed, and a block's scores equal each
pair's own score, whatever the weights (a part whose weight is 0 is skipped in both)."""

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing.matching import Weights
from pairing.scoring import CohortArrays, View

from .test_matching_properties import cohorts

WEIGHTS = st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(), WEIGHTS)
def test_the_block_paths_equal_the_pair_by_pair_ones(cohort, weights):
    mentors, mentees, rules = cohort
    rules = dataclasses.replace(
        rules,
        locked=(),
        weights=Weights(complementarity=weights[0], affinity=weights[1], diversity=weights[2]),
        min_score=None,
    )
    arrays = CohortArrays(mentors, mentees, rules)
    n, m = arrays.n, arrays.m
    if not n or not m:
        return
    rows, cols = (a.ravel() for a in np.meshgrid(np.arange(n), np.arange(m), indexing="ij"))
    pairs = View(rows, cols)

    block = View(np.arange(n))

    assert arrays.allowed(block).ravel().tolist() == arrays.allowed(pairs).tolist()
    assert arrays.scores(block).ravel().tolist() == arrays.scores(pairs).tolist()
    matrix = arrays.score_matrix().ravel()
    expected = np.where(arrays.allowed(pairs), arrays.scores(pairs), -1)
    assert matrix.tolist() == expected.tolist()
