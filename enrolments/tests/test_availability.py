"""The availability format: days and time ranges, or flexible."""

import pytest
from django.core.exceptions import ValidationError

from enrolments import availability


def test_the_text_form_reads_days_and_ranges_sorted_and_merged():
    value = availability.parse("thu 14:00-17:30; mon,thu 9:00-12:00 ; mon 11:00-13:00")

    assert value == {
        "flexible": False,
        "slots": [
            {"day": "mon", "start": "09:00", "end": "13:00"},
            {"day": "thu", "start": "09:00", "end": "12:00"},
            {"day": "thu", "start": "14:00", "end": "17:30"},
        ],
    }
    assert availability.parse(availability.as_text(value)) == value


@pytest.mark.parametrize("text", ["", "flexible", " Flexible "])
def test_an_empty_cell_or_flexible_means_any_time(text):
    assert availability.parse(text) == {"flexible": True, "slots": []}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("monday 09:00-12:00", "is not a day and a time range"),
        ("mon 9-12", "is not a day and a time range"),
        ("xyz 09:00-12:00", "“xyz” is not a day"),
        ("mon 12:00-09:00", "must end after it starts"),
        ("mon 25:00-26:00", "is not a time"),
    ],
)
def test_a_wrong_text_says_what_to_write(text, message):
    with pytest.raises(ValueError, match=message):
        availability.parse(text)


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        {"flexible": True},
        {"flexible": True, "slots": [{"day": "mon", "start": "09:00", "end": "10:00"}]},
        {"flexible": False, "slots": []},
        {"flexible": False, "slots": [{"day": "mon", "start": "9:00", "end": "10:00"}]},
        {"flexible": False, "slots": [{"day": "mon", "start": "10:00"}]},
        {"flexible": "no", "slots": []},
    ],
)
def test_the_validator_refuses_anything_but_the_normal_form(value):
    with pytest.raises(ValidationError):
        availability.validate_availability(value)


def test_hours_are_compared_hour_by_hour_and_flexible_is_none():
    value = availability.parse("mon 09:30-10:15; fri 12:00-13:00")

    assert availability.hour_keys(value) == frozenset({"mon:09", "mon:10", "fri:12"})
    assert availability.hour_keys(availability.flexible()) is None


def test_the_form_grid_reads_back_the_parts_of_day_a_range_covers():
    value = availability.parse("mon 09:00-14:00; wed 14:00-18:00; fri 10:00-11:00")

    assert availability.parts_of_day(value) == {
        "morning": ["mon"],
        "lunchtime": ["mon"],
        "afternoon": ["wed"],
    }


def test_people_read_it_in_words():
    assert availability.describe(availability.flexible()) == "Flexible"
    assert availability.describe(availability.parse("tue 12:00-14:00")) == "Tuesday 12:00–14:00"
