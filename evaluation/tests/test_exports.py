"""CSV exports: safe against formula injection, and nothing personal beyond names and counts."""

import csv
import io
from datetime import timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluation import questions as q
from evaluation.exports import safe_cell, to_csv
from evaluation.models import Survey
from evaluation.testing import answer, hold, make_pair
from meetings.models import Feedback, JournalEntry
from people.testing import make_person

from .conftest import Measured


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "dangerous",
    ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")'],
)
def test_text_that_could_start_a_formula_is_quoted(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous


def test_ordinary_text_and_numbers_are_left_alone():
    assert safe_cell("Zoé Benali") == "Zoé Benali"
    assert safe_cell(-3) == "-3"  # a number written by the code: no apostrophe
    assert safe_cell(4.5) == "4.5"
    assert safe_cell(12.0) == "12"
    assert safe_cell(None) == ""


def test_a_whole_csv_quotes_every_dangerous_cell():
    content = to_csv(["=header"], [["=A1", "@me", "ok"]])
    rows = list(csv.reader(StringIO(content.removeprefix("\ufeff"))))
    assert rows == [["'=header"], ["'=A1", "'@me", "ok"]]


def test_the_pairs_export_quotes_a_name_that_looks_like_a_formula(
    client, hr_admin, measured: Measured
):
    villain = make_person(name='=HYPERLINK("http://evil.example","click")', grade=3)
    make_pair(measured.programme, mentor=villain)
    client.force_login(hr_admin)
    answer_ = client.get(reverse("evaluation:pairs_csv", args=[measured.programme.code]))
    assert answer_["Content-Type"].startswith("text/csv")
    names = [row[0] for row in rows_of(answer_.content)[1:]]
    assert "'" + villain.name in names
    assert villain.name not in names


def test_exports_never_carry_notes_feedback_text_or_free_answers(
    client, hr_admin, measured: Measured
):
    pair = measured.pairs[0]
    meeting = hold(pair, when=timezone.now() - timedelta(days=2))
    JournalEntry.objects.create(meeting=meeting, author=pair.mentor_person, text="CANARY-NOTE")
    Feedback.objects.create(
        meeting=meeting, author=pair.mentee_person, rating=5, learned="CANARY-LEARNED"
    )
    for other in measured.pairs:
        answer(other.mentor, Survey.Kind.MIDPOINT, {q.FREE_LINE: "CANARY-LINE"})
    client.force_login(hr_admin)
    code = measured.programme.code
    for url in [
        reverse("evaluation:pairs_csv", args=[code]),
        reverse("evaluation:programme_indicators_csv", args=[code]),
        reverse("evaluation:indicators_csv"),
    ]:
        content = client.get(url).content.decode("utf-8-sig")
        assert "CANARY" not in content, url
    pdf = PdfReader(io.BytesIO(client.get(reverse("evaluation:report", args=[code])).content))
    assert "CANARY" not in "".join(page.extract_text() for page in pdf.pages)


def test_the_indicators_export_says_why_a_figure_is_hidden(client, executive, measured: Measured):
    client.force_login(executive)
    answer_ = client.get(
        reverse("evaluation:programme_indicators_csv", args=[measured.programme.code])
    )
    rows = rows_of(answer_.content)
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Programme", "Section", "Indicator", "Group", "Value"]
    ended = [row for row in body if row[2] == "Ended"]
    assert ended and ended[0][4] == "1"  # an operational fact
    pulse = [row for row in body if row[2] == "Our pair is working well (1-5)"]
    assert pulse and pulse[0][4] == "no answers yet"
    held = [row for row in body if row[2] == "Sessions held"]
    assert held[0][4] == "12" and held[0][5] == "6"
    confidence = [row for row in body if row[2].startswith("Confidence gained")]
    assert float(confidence[0][4]) == pytest.approx(1.33)
    assert float(confidence[0][6]) == pytest.approx(4 / 3 - 2.570582 / 3, abs=0.01)
