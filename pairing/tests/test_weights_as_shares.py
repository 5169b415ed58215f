"""Weights are shares of the score: they add up to 100%, or HR is told the total, as the
reader writes a percentage ("100%", "100 %" in French)."""

import pytest
from django.utils import translation

from pairing.forms import RunRoundForm


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "The three weights are shares of the score: they must add up to 100%, not 120%.",
        ),
        (
            "fr",
            "Les trois poids sont des parts du score\u00a0: leur total doit faire 100\u00a0%, "
            "et non 120\u00a0%.",
        ),
    ],
)
def test_weights_adding_up_to_more_than_100_are_refused_in_both_languages(language, message):
    with translation.override(language):
        form = RunRoundForm({"complementarity": 70, "affinity": 25, "diversity": 25})
        assert not form.is_valid()
        assert form.non_field_errors() == [message]


def test_weights_adding_up_to_100_are_accepted():
    form = RunRoundForm({"complementarity": 60, "affinity": 20, "diversity": 20})
    assert form.is_valid()


def test_all_zero_weights_still_say_so():
    form = RunRoundForm({"complementarity": 0, "affinity": 0, "diversity": 0})
    assert not form.is_valid()
    assert "Give at least one part a weight above zero." in form.non_field_errors()
