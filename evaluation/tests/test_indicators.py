"""The pure computations of evaluation/indicators.py, on data computed by hand."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.indicators import (
    THRESHOLD,
    Figure,
    Moments,
    Reason,
    average,
    count_figure,
    figure,
    mean_interval,
    net_promoter_score,
    paired_differences,
    pooled,
    recoverable,
    share,
    suppress,
    t_975,
    table_lines,
    with_margins,
)

# --- Confidence interval ------------------------------------------------------------------


def test_t_quantile_matches_scipy_for_every_degree_of_freedom_up_to_a_thousand():
    stats = pytest.importorskip("scipy.stats")
    for df in itertools.chain(range(1, 1001), [5000, 100_000]):
        assert t_975(df) == pytest.approx(stats.t.ppf(0.975, df), abs=2e-6)


def test_t_quantile_refuses_zero_degrees_of_freedom():
    with pytest.raises(ValueError):
        t_975(0)


def test_mean_interval_of_five_paired_differences_computed_by_hand():
    # Differences 1, 2, 0, 1, 1: mean 1, sample variance ((0+1+1+0+0)/4) = 0.5,
    # standard error sqrt(0.5 / 5) = 0.316228, t(4) = 2.776445: half-width 0.877989.
    estimate = mean_interval([1, 2, 0, 1, 1])
    assert estimate.n == 5
    assert estimate.mean == pytest.approx(1.0)
    assert estimate.low == pytest.approx(1 - 0.877989, abs=1e-6)
    assert estimate.high == pytest.approx(1 + 0.877989, abs=1e-6)
    assert estimate.shown


def test_mean_interval_is_hidden_under_five_values_but_still_computed():
    estimate = mean_interval([1, 2, 3, 4])
    assert estimate.hidden
    assert estimate.mean == pytest.approx(2.5)


def test_mean_interval_of_no_value_is_hidden_and_empty():
    estimate = mean_interval([])
    assert estimate.hidden and estimate.mean is None and estimate.n == 0


def test_identical_differences_give_an_interval_of_zero_width():
    estimate = mean_interval([2, 2, 2, 2, 2, 2])
    assert estimate.low == estimate.high == pytest.approx(2)


def test_moments_summed_in_the_database_give_the_same_interval_as_the_values():
    values = [3, -1, 2, 0, 1, 1, 4, -2]
    from_values = mean_interval(values)
    from_moments = Moments.of(values).estimate()
    assert from_moments.mean == pytest.approx(from_values.mean)
    assert from_moments.low == pytest.approx(from_values.low)
    assert from_moments.high == pytest.approx(from_values.high)


def test_moments_add_up_as_if_the_values_were_pooled():
    left, right = [1, 2, 3, 4, 5], [0, 0, 1, 2, 2, 6]
    assert (Moments.of(left) + Moments.of(right)).estimate() == Moments.of(left + right).estimate()


def test_pooling_leaves_out_the_hidden_parts():
    shown, hidden = Moments.of([1, 2, 1, 2, 1]), Moments.of([5, 5])
    alike = Moments.of([4, 4, 4, 4, 4, 4])
    assert pooled([shown, hidden, alike]) == shown


def test_answers_all_alike_are_hidden_whatever_their_number():
    """A zero-width interval, or a share of 100 %, tells each person's answer."""
    assert Moments.of([4] * 30).mean().why == Reason.SAME_ANSWER
    assert Moments.of([4] * 30).estimate().hidden
    assert mean_interval([1.0] * 6).why == Reason.SAME_ANSWER
    assert Moments.of([1, 1, 1, 1, 1, 1]).mean(scale=100).hidden  # 100 % said yes
    assert net_promoter_score([10, 9, 9, 10, 10]).why == Reason.SAME_ANSWER
    assert Moments.of([4, 4, 4, 4, 5]).mean().shown


def test_a_hidden_figure_says_why():
    assert Moments().mean().why == Reason.NO_DATA
    assert Moments.of([1, 2, 3]).mean().why == Reason.FEW_PEOPLE
    assert Figure(3, 9, True).why == Reason.COMPLEMENT
    assert Figure(3, 9).why == Reason.SHOWN


def test_paired_differences_use_only_people_who_answered_both_times():
    before = {"ann": 2, "bob": 3, "cyd": 1}
    after = {"ann": 4, "bob": 3, "dan": 5}
    assert sorted(paired_differences(before, after)) == [0, 2]


# --- Other figures ------------------------------------------------------------------------


def test_net_promoter_score_counts_promoters_minus_detractors():
    # 4 promoters (9, 10), 3 passives (7, 8), 3 detractors (0-6) out of 10: 40 - 30 = 10.
    scores = [10, 9, 9, 10, 7, 8, 8, 6, 0, 3]
    result = net_promoter_score(scores)
    assert result.value == 10 and result.n == 10 and result.shown


def test_net_promoter_score_is_hidden_under_five_answers():
    assert net_promoter_score([10, 10, 10, 10]).hidden


def test_share_and_average_are_hidden_under_five_people():
    assert share(3, 4).hidden
    assert share(3, 6).value == pytest.approx(50)
    assert average(12, 4).hidden
    assert average(20, 5).value == pytest.approx(4)


def test_operational_counts_are_shown_as_they_are():
    assert count_figure(0).shown
    assert count_figure(4).shown
    assert count_figure(300, n=3).shown  # 300 sessions of three pairs: a fact, not an answer


def test_a_figure_without_value_reads_not_enough_answers():
    assert figure(None, 0).hidden


# --- Suppression and differencing --------------------------------------------------------


def test_one_small_role_with_the_total_shown_hides_a_second_cell():
    # The brief's example: mentors 3 (hidden), mentees 20, total 23 shown.
    values = {"mentors": 3, "mentees": 20, "total": 23}
    hidden = suppress(values, [("total", ["mentors", "mentees"])])
    assert "mentors" in hidden
    assert "mentees" in hidden or "total" in hidden
    assert not recoverable(values, [("total", ["mentors", "mentees"])], hidden)


def test_two_small_cells_whose_small_sum_would_give_them_away_get_a_large_partner():
    # 1 + 1 = 2 hidden beside a shown total of 22: each is 1. A large partner is hidden too.
    values = {"a": 1, "b": 1, "c": 20, "total": 22}
    hidden = suppress(values, [("total", ["a", "b", "c"])])
    assert {"a", "b", "c"} <= hidden


def test_a_line_without_small_cells_hides_nothing():
    values = {"a": 5, "b": 7, "total": 12}
    assert suppress(values, [("total", ["a", "b"])]) == set()


def test_zero_cells_are_never_chosen_as_complements():
    values = {"a": 3, "b": 0, "c": 0, "d": 10, "total": 13}
    hidden = suppress(values, [("total", ["a", "b", "c", "d"])])
    assert "b" not in hidden and "c" not in hidden
    assert {"a", "d"} <= hidden


def test_a_small_total_with_nothing_else_to_hide_stays_hidden_alone():
    values = {"a": 3, "b": 0, "total": 3}
    assert suppress(values, [("total", ["a", "b"])]) == {"a", "total"}


def test_protected_cells_are_complements_of_last_resort():
    # Approved 13 and withdrawn 2 of 15: the total is hidden rather than the approved.
    values = {"approved": 13, "withdrawn": 2, "total": 15}
    lines = [("total", ["approved", "withdrawn"])]
    assert suppress(values, lines, protect=["approved"]) == {"withdrawn", "total"}
    assert suppress(values, lines) == {"withdrawn", "approved"}


def volunteers_table(counts):
    rows, columns = ["mentor", "mentee"], ["submitted", "approved", "waitlisted", "declined"]
    cells = with_margins(counts, rows, columns)
    return cells, table_lines(rows, columns)


def test_a_two_way_table_cannot_be_solved_for_a_hidden_cell():
    cells, lines = volunteers_table(
        {
            ("mentor", "submitted"): 2,
            ("mentor", "approved"): 30,
            ("mentor", "waitlisted"): 6,
            ("mentee", "submitted"): 9,
            ("mentee", "approved"): 25,
            ("mentee", "declined"): 7,
        }
    )
    hidden = suppress(cells, lines)
    assert ("mentor", "submitted") in hidden
    assert not recoverable(cells, lines, hidden)
    # Every line holding a hidden cell holds at least two, one of them large.
    for total, parts in lines:
        here = [key for key in [total, *parts] if key in hidden]
        assert not here or (len(here) >= 2 and any(cells[key] >= THRESHOLD for key in here))


def test_differencing_by_hand_finds_nothing_after_suppression():
    """The attack itself: for each hidden cell, every way of subtracting shown cells of a
    line from its shown total leaves at least one other unknown."""
    cells, lines = volunteers_table(
        {("mentor", "approved"): 12, ("mentor", "declined"): 1, ("mentee", "approved"): 15}
    )
    hidden = suppress(cells, lines)
    for total, parts in lines:
        unknown = [key for key in [total, *parts] if key in hidden]
        assert len(unknown) != 1, f"{unknown[0]} = total minus the others"


def test_the_audit_finds_a_cell_that_two_lines_together_give_away():
    # Rows: a + b = R1 (shown), c + d = R2 (shown); columns: a + c = C1 (shown).
    # Hide a, b, c only: b = R1 - a, c = C1 - a, and d shown... a is free, so nothing is
    # determined. Now also show b: a = R1 - b is determined.
    values = {"a": 2, "b": 8, "c": 9, "d": 10, "R1": 10, "R2": 19, "C1": 11, "C2": 18}
    lines = [("R1", ["a", "b"]), ("R2", ["c", "d"]), ("C1", ["a", "c"]), ("C2", ["b", "d"])]
    assert recoverable(values, lines, {"a", "b", "c", "d"}) == set()
    assert recoverable(values, lines, {"a", "c"}) == {"a", "c"}
    hidden = suppress(values, lines)
    assert not recoverable(values, lines, hidden)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=10, max_size=10),
)
def test_no_hidden_cell_of_a_random_volunteers_table_can_be_worked_out(numbers):
    rows, columns = ["mentor", "mentee"], ["submitted", "approved", "waitlisted", "declined", "x"]
    counts = {
        (row, column): numbers[i * len(columns) + j]
        for i, row in enumerate(rows)
        for j, column in enumerate(columns)
    }
    cells = with_margins(counts, rows, columns)
    lines = table_lines(rows, columns)
    hidden = suppress(cells, lines, protect=[(row, "approved") for row in [*rows, "total"]])
    for key, value in cells.items():
        if 0 < value < THRESHOLD:
            assert key in hidden
    assert not recoverable(cells, lines, hidden)
    for total, parts in lines:
        here = [key for key in [total, *parts] if key in hidden]
        if here and any(cells[key] for key in [total, *parts] if key not in hidden):
            assert len(here) >= 2
