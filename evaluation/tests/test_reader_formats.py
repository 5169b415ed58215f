"""Issue 12, item 4: every number, percentage, date and list of the evaluation is written as
its reader writes them, on the pages, in the chart data, the CSV files and the PDFs:
"67 %" and "4,5 / 5" in French (a no-break space before %), "67%" and "4.5 / 5" in English.

The figures are the `measured` programme's (conftest): 12 sessions held of 12 due (100 %),
ratings of 4 and 5 (4.5), a satisfaction of 25 / 6 (4.2), 4 mentees of 6 using the topic
weekly (67 %) against a target of 50 %, a confidence gained of +1.33, 7 approved mentees
against a target population of 40 (17.5 %, shown 18 %)."""

import csv
import io
import json
import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from people.models import User

from .conftest import Measured

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre".split(),
}
# (language, percent of the held rate, adoption, target, coverage, rating, satisfaction,
#  change, its interval)
FORMATS = {
    "en": {
        "held": "100%",
        "adoption": "67%",
        "target": "50%",
        "coverage": "18%",
        "rating": "4.5 / 5",
        "satisfaction": "4.2 / 5",
        "change": "+1.33",
        "interval": "95% interval from +0.48 to +2.19, n = 6",
    },
    "fr": {
        "held": f"100{NBSP}%",
        "adoption": f"67{NBSP}%",
        "target": f"50{NBSP}%",
        "coverage": f"18{NBSP}%",
        "rating": "4,5 / 5",
        "satisfaction": "4,2 / 5",
        "change": "+1,33",
        "interval": f"intervalle à 95{NBSP}% de +0,48 à +2,19, n = 6",
    },
}


def in_words(day: date, language: str) -> str:
    """The date as a reader writes it, without Django: “1er mars 2027”, “7 March 2027”."""
    number = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{number} {MONTHS[language][day.month - 1]} {day.year}"


def reading_in(client, person: User, language: str) -> None:
    User.objects.filter(pk=person.pk).update(preferred_language=language)
    client.force_login(person)


def text_of(html: str) -> str:
    text = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", text)))


def by_test_id(html: str, test_id: str) -> str:
    found = re.search(rf'data-testid="{test_id}"[^>]*>(.*?)</', html, flags=re.S)
    assert found, test_id
    return unescape(found.group(1)).strip()


def chart_data(html: str) -> dict:
    found = re.search(
        r'<script id="evaluation-charts" type="application/json">(.*?)</script>', html, re.S
    )
    assert found
    return json.loads(found.group(1))


def csv_of(content: bytes, delimiter: str) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_programme_dashboard_in_the_readers_format(
    client, executive, measured: Measured, language
):
    expected = FORMATS[language]
    reading_in(client, executive, language)
    html = client.get(reverse("evaluation:programme", args=[measured.programme.code])).content
    html = html.decode()
    text = text_of(html)
    assert by_test_id(html, "rating") == expected["rating"]
    assert by_test_id(html, "satisfaction") == expected["satisfaction"]
    assert by_test_id(html, "coverage") == expected["coverage"]
    now, target = {"en": ("Now:", "target:"), "fr": (f"Actuellement{NBSP}:", f"cible{NBSP}:")}[
        language
    ]
    assert f"{now} {expected['adoption']} · {target} {expected['target']}" in text
    assert f"{expected['change']} ({expected['interval']})" in text
    programme = measured.programme
    start, end = in_words(programme.start_on, language), in_words(programme.ends_on, language)
    assert {"en": f"From {start} to {end}", "fr": f"Du {start} au {end}"}[language] in text
    # Not the other language's way.
    other = FORMATS["fr" if language == "en" else "en"]
    assert other["rating"] not in text and other["adoption"] not in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_charts_carry_the_readers_number_format(
    client, executive, measured: Measured, language
):
    expected = FORMATS[language]
    reading_in(client, executive, language)
    html = client.get(reverse("evaluation:programme", args=[measured.programme.code])).content
    charts = chart_data(html.decode())
    assert (
        charts["format"]
        == {
            "en": {"locale": "en-GB", "percent": "%", "colon": ": "},
            "fr": {"locale": "fr-FR", "percent": f"{NBSP}%", "colon": f"{NBSP}: "},
        }[language]
    )
    # The tooltips' texts, and each chart's table of data, read as the page does.
    assert charts["adoption"]["shareText"] == [expected["adoption"]]
    assert charts["adoption"]["targetText"] == [expected["target"]]
    assert charts["adoption"]["rows"][0][1:] == [expected["adoption"], expected["target"]]
    assert charts["trend"]["ratingText"] == [expected["rating"][:3]] * 2
    assert charts["progress"]["meanText"][0] == expected["change"]
    assert (
        charts["progress"]["intervalText"][0]
        == {
            "en": "+0.48 … +2.19",
            "fr": "+0,48 … +2,19",
        }[language]
    )
    # The numbers Chart.js draws stay numbers.
    assert charts["adoption"]["share"] == [66.7] and charts["adoption"]["target"] == [50]
    summary = charts["funnel"]["summary"]
    approved = {"en": "Approved: 14", "fr": f"Volontaires acceptés{NBSP}: 14"}[language]
    assert summary.startswith({"en": f"Volunteers: 16; {approved};",
                               "fr": f"Volontaires{NBSP}: 16{NBSP}; {approved}{NBSP};",
                               }[language])  # fmt: skip


HEADERS = {
    "en": ["Programme", "Section", "Indicator", "Group", "Value", "People",
           "95% interval, low", "95% interval, high"],
    "fr": ["Programme", "Rubrique", "Indicateur", "Groupe", "Valeur", "Personnes",
           f"Intervalle à 95{NBSP}%, borne basse", f"Intervalle à 95{NBSP}%, borne haute"],
}  # fmt: skip


@pytest.mark.parametrize(("language", "delimiter", "coverage", "confidence"), [
    ("en", ",", "17.5", ["1.33", "6", "0.48", "2.19"]),
    ("fr", ";", "17,5", ["1,33", "6", "0,48", "2,19"]),
])  # fmt: skip
def test_the_indicators_csv_is_written_for_the_readers_spreadsheet(
    client, executive, measured: Measured, language, delimiter, coverage, confidence
):
    """Headers and words in the reader's language; in French ";" between cells and "," for
    decimals (what Excel set to French reads), in English "," and "."; numbers bare."""
    reading_in(client, executive, language)
    answer = client.get(
        reverse("evaluation:programme_indicators_csv", args=[measured.programme.code])
    )
    rows = csv_of(answer.content, delimiter)
    assert rows[0] == HEADERS[language]
    assert all(len(row) == 8 for row in rows)
    by_indicator = {row[2]: row for row in rows[1:]}
    label = {"en": "Coverage of the target population (%)",
             "fr": "Couverture de la population cible (%)"}[language]  # fmt: skip
    assert by_indicator[label][4:6] == [coverage, "7"]
    gained = [row for row in rows if row[2].startswith(("Confidence gained", "Aisance gagnée"))]
    assert gained[0][4:] == confidence


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pairs_csv_has_the_readers_headers_and_iso_dates(
    client, hr_admin, measured: Measured, language
):
    reading_in(client, hr_admin, language)
    answer = client.get(reverse("evaluation:pairs_csv", args=[measured.programme.code]))
    rows = csv_of(answer.content, {"en": ",", "fr": ";"}[language])
    assert rows[0][:3] == {"en": ["Mentor", "Mentee", "State"],
                           "fr": ["Mentor", "Mentoré·e", "Statut"]}[language]  # fmt: skip
    published = rows[1][3]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", published), published
    assert rows[1][5] == "2"  # sessions held, a bare number


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pdf_report_in_the_readers_format(client, executive, measured: Measured, language):
    expected = FORMATS[language]
    reading_in(client, executive, language)
    answer = client.get(reverse("evaluation:report", args=[measured.programme.code]))
    pdf = PdfReader(io.BytesIO(answer.content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    lines = text.splitlines()
    for key in ("held", "adoption", "target", "rating", "satisfaction", "change"):
        # reportlab keeps "67 %" on one line (the no-break space) and draws the space's
        # glyph, which pypdf reads as a space: French "67 %", English "67%".
        assert expected[key].replace(NBSP, " ") in lines, (key, expected[key])
    programme = measured.programme
    start, end = in_words(programme.start_on, language), in_words(programme.ends_on, language)
    assert {"en": f"From {start} to {end}", "fr": f"Du {start} au {end}"}[language] in text
    assert expected["interval"].replace(NBSP, " ").removesuffix(" 6") in text.replace("\n", " ")
    other = FORMATS["fr" if language == "en" else "en"]
    assert other["rating"] not in lines and other["adoption"].replace(NBSP, " ") not in lines


@pytest.mark.parametrize(
    ("language", "ticks", "percents"),
    [
        ("en", ["0", "1.5", "−0.5", "1,000"], ["0%", "50%", "12.5%"]),
        ("fr", ["0", "1,5", "−0,5", f"1{NBSP}000"], [f"0{NBSP}%", f"50{NBSP}%", f"12,5{NBSP}%"]),
    ],
)
def test_the_pdf_charts_axes_in_the_readers_format(language, ticks, percents):
    """matplotlib's axes in the PDF (chart_images.py) use the same formatting as the page."""
    from django.utils import translation

    from evaluation import chart_images

    with translation.override(language):
        assert [chart_images.NUMBERS(v, 0) for v in (0, 1.5, -0.5, 1000)] == ticks
        assert [chart_images.PERCENTS(v, 0) for v in (0, 50, 12.5)] == percents
