"""A difference in points reads "1 point", and in French "0 point", as the language says."""

import pytest
from django.utils import translation

from evaluation.indicators import Figure
from evaluation.wording import difference_text


def words(value: float, digits: int = 0) -> str:
    return difference_text(Figure(value, 10, False), digits)[0]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["+1 point", "0 points", "−2 points", "+1.5 points"]),
        ("fr", ["+1 point", "0 point", "−2 points", "+1,5 points"]),
    ],
)
def test_a_difference_of_one_point_or_none_is_singular_where_the_language_says(
    language: str, expected: list[str]
) -> None:
    with translation.override(language):
        assert [words(1), words(0), words(-2), words(1.5, 1)] == expected
