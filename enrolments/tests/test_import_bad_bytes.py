"""The volunteers import reports a broken line (a NUL byte, a field too long, too many columns)
on its line, as any other problem, instead of failing."""

import pytest

from enrolments.models import Enrolment

from .test_import import csv_file, problems, run
from .test_import import people as people  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("people")]
GOOD = "lea@example.com,mentor,generative-ai:4,2,,flexible,"


def test_a_nul_byte_in_a_field_is_reported_on_its_line(programme):
    report = run(
        programme, csv_file(GOOD, "sam@example.com,mentee,generative-ai:1,,,flex\x00ible,")
    )

    assert problems(report) == [(3, "")]
    assert "NUL" in report.problems[0].message
    assert not Enrolment.objects.exists()


def test_a_motivation_over_131072_characters_is_reported_on_its_line(programme):
    long = "x" * 131_073
    report = run(
        programme, csv_file(GOOD, f"sam@example.com,mentee,generative-ai:1,,,flexible,{long}")
    )

    assert problems(report) == [(3, "")]
    assert "too long" in report.problems[0].message
    assert not Enrolment.objects.exists()


def test_a_line_of_too_many_columns_is_reported_on_its_line(programme):
    report = run(programme, csv_file(GOOD, "sam@example.com" + ",x" * 5_000))

    assert problems(report) == [(3, "")]
