"""Numbers, dates and lists as the reader writes them (common/formatting.py), and the
`formatting` template library that pages load."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from common import formatting

NBSP = "\u00a0"


@pytest.fixture(params=["en", "fr"])
def language(request):
    with translation.override(request.param):
        yield request.param


def by_language(language: str, en: str, fr: str) -> str:
    return en if language == "en" else fr


def test_numbers_percentages_and_changes(language):
    assert formatting.number(1234.5, 1) == by_language(language, "1,234.5", f"1{NBSP}234,5")
    assert formatting.number(12) == "12"
    assert formatting.percent(72.5, 1) == by_language(language, "72.5%", f"72,5{NBSP}%")
    assert formatting.percent(80) == by_language(language, "80%", f"80{NBSP}%")
    assert formatting.percent(None) == ""
    assert formatting.signed(4 / 3, 2) == by_language(language, "+1.33", "+1,33")
    assert formatting.signed(-0.5, 1) == by_language(language, "−0.5", "−0,5")
    assert formatting.signed(0.001, 2) == by_language(language, "0.00", "0,00")


@pytest.mark.parametrize(
    ("value", "digits", "count"),
    [(0, 0, 0), (1, 0, 1), (-1, 0, 1), (2, 0, 2), (1.4, 0, 1), (1.5, 1, 2), (1.04, 1, 1)],
)
def test_the_count_that_chooses_singular_or_plural_is_the_number_as_shown(value, digits, count):
    assert formatting.plural_count(value, digits) == count


def test_lists_and_labelled_values(language):
    assert formatting.word_list(["A", "B", "C"]) == by_language(language, "A, B and C", "A, B et C")
    assert formatting.word_list(["A"]) == "A"
    assert formatting.labelled([("Volunteers", "16"), ("Paired", "14")]) == by_language(
        language, "Volunteers: 16; Paired: 14", f"Volunteers{NBSP}: 16{NBSP}; Paired{NBSP}: 14"
    )


def test_dates_in_words(language, settings):
    assert formatting.day(date(2026, 12, 6)) == by_language(
        language, "6 December 2026", "6 décembre 2026"
    )
    assert formatting.day(date(2026, 12, 1)) == by_language(
        language, "1 December 2026", "1er décembre 2026"
    )
    assert formatting.day(None) == ""
    # An aware moment is read in the current time zone (Europe/Paris): 23:30 UTC on the 30th
    # of November is already the 1st of December in Paris.
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert formatting.day(late) == by_language(language, "1 December 2026", "1er décembre 2026")
    assert formatting.moment(late) == by_language(
        language, "1 December 2026 at 00:30", "1er décembre 2026 à 00:30"
    )


def test_spreadsheet_cells(language):
    assert formatting.csv_delimiter() == by_language(language, ",", ";")
    assert formatting.csv_number(66.7) == by_language(language, "66.7", "66,7")
    assert formatting.csv_number(-0.25) == by_language(language, "-0.25", "-0,25")
    assert formatting.csv_number(12.0) == "12"
    assert formatting.csv_number(1234567) == "1234567"  # no grouping: a spreadsheet's number
    assert formatting.csv_number(Decimal("2.50")) == by_language(language, "2.50", "2,50")
    assert formatting.csv_number(0.00001) == by_language(language, "0.00001", "0,00001")
    assert formatting.csv_date(date(2026, 12, 6)) == "2026-12-06"
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert formatting.csv_date(late) == "2026-12-01 00:30"  # in the current zone


def test_the_template_library(language):
    template = Template(
        "{% load formatting %}{{ n|number }}|{{ r|number:1 }}|{{ s|percent:1 }}|{{ c|signed:2 }}"
        "|{{ d|day }}|{{ names|word_list }}|{{ none|number }}"
    )
    text = template.render(
        Context(
            {
                "n": 1500,
                "r": 4.25,
                "s": 72.5,
                "c": -1.5,
                "d": date(2026, 12, 6),
                "names": ["Anne", "Marc", "Zoé"],
                "none": None,
            }
        )
    )
    assert text == by_language(
        language,
        "1,500|4.2|72.5%|−1.50|6 December 2026|Anne, Marc and Zoé|",
        f"1{NBSP}500|4,2|72,5{NBSP}%|−1,50|6 décembre 2026|Anne, Marc et Zoé|",
    )


def test_dates_with_their_weekday_or_without_their_year(language):
    first = date(2026, 12, 1)  # a Tuesday
    assert formatting.day(first, weekday=True) == by_language(
        language, "Tuesday 1 December 2026", "mardi 1er décembre 2026"
    )
    assert formatting.day(first, year=False) == by_language(language, "1 December", "1er décembre")
    at = datetime(2026, 12, 6, 13, 30, tzinfo=UTC)  # 14:30 in Paris, a Sunday
    assert formatting.moment(at, weekday=True) == by_language(
        language, "Sunday 6 December 2026 at 14:30", "dimanche 6 décembre 2026 à 14:30"
    )
    assert formatting.moment(at, year=False) == by_language(
        language, "6 December at 14:30", "6 décembre à 14:30"
    )


def test_the_template_library_reads_date_options_and_names_in_lists(language):
    class Person:
        def __init__(self, name: str) -> None:
            self.name = name

    template = Template(
        '{% load formatting %}{{ d|day:"weekday" }}|{{ d|day:"weekday, no year" }}'
        '|{{ at|moment:"no year" }}|{{ people|word_list:"name" }}|{{ none|day:"weekday" }}'
    )
    text = template.render(
        Context(
            {
                "d": date(2027, 3, 1),
                "at": datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
                "people": [Person("Anne"), Person("Marc <b>")],
                "none": None,
            }
        )
    )
    assert text == by_language(
        language,
        "Monday 1 March 2027|Monday 1 March|1 March at 10:00|Anne and Marc &lt;b&gt;|",
        "lundi 1er mars 2027|lundi 1er mars|1er mars à 10:00|Anne et Marc &lt;b&gt;|",
    )


def test_an_unknown_date_option_is_a_template_error():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template('{% load formatting %}{{ d|day:"weekdays" }}').render(
            Context({"d": date(2027, 3, 1)})
        )


def test_month_labels_are_unambiguous_abbreviations(language):
    months = [formatting.month_label(date(2025, month, 1), year=False) for month in range(1, 13)]
    assert len(set(months)) == 12
    assert months == by_language(
        language,
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        [
            "janv.", "févr.", "mars", "avr.", "mai", "juin",
            "juil.", "août", "sept.", "oct.", "nov.", "déc.",
        ],
    )  # fmt: skip
    assert formatting.month_label(date(2025, 7, 1)) == by_language(
        language, f"Jul{NBSP}2025", f"juil.{NBSP}2025"
    )


def test_figures_as_of_today_show_the_time_and_another_day_the_date(language):
    from django.utils import timezone

    now = timezone.localtime().replace(hour=12, minute=37)
    assert formatting.as_of(now) == by_language(language, "Figures as of 12:37", "Chiffres à 12:37")
    earlier = datetime(2026, 12, 5, 22, 37, tzinfo=UTC)
    with timezone.override("UTC"):
        assert formatting.as_of(earlier) == by_language(
            language,
            "Figures as of 5 December 2026 at 22:37",
            "Chiffres du 5 décembre 2026 à 22:37",
        )
