"""The executive's dashboard: the numbers in the tables, the data the charts draw and the
CSV export agree, figure by figure (issue 14, done when)."""

import csv
import io

import pytest

from common.testing import sign_in

from .conftest import Measured

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ALL = "All programmes"


def chart(page, chart_id: str) -> list[list]:
    """Every dataset the chart draws, as Chart.js holds it."""
    return page.evaluate("(id) => Chart.getChart(id).data.datasets.map((d) => d.data)", chart_id)


def csv_rows(page, url: str) -> list[list[str]]:
    answer = page.request.get(url)
    assert answer.ok
    text = answer.body().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def cell(rows: list[list[str]], programme: str, indicator: str, group: str = "") -> str:
    found = [r for r in rows if r[0] == programme and r[2] == indicator and r[3] == group]
    assert len(found) == 1, (programme, indicator, group)
    return found[0][4]


def number(text: str) -> float:
    return float(text.replace("\u202f", "").replace(",", ".").replace("+", "").replace("−", "-"))


def test_the_tables_the_charts_and_the_csv_of_the_dashboard_agree(
    page, executive, measured: Measured
):
    sign_in(page, executive.email)
    page.goto("/evaluation/")
    page.wait_for_function("() => Chart.getChart('chart-trend') !== undefined")
    rows = csv_rows(page, "/evaluation/indicators.csv")

    # Sessions held: the key figure, the bars month by month, the CSV (total and months).
    shown = number(page.get_by_test_id("sessions-held").inner_text())
    (bars, _ratings) = chart(page, "chart-trend")
    assert shown == sum(bars) == number(cell(rows, ALL, "Sessions held")) == 12
    months = [r for r in rows if r[0] == ALL and r[2] == "Sessions held in the month"]
    assert [number(r[4]) for r in months] == bars

    # Pairs by state: the table and the CSV.
    for key, label in [("on_track", "On track"), ("at_risk", "At risk: no session for 45 days"),
                       ("ended", "Ended"), ("total", "Published pairs")]:  # fmt: skip
        assert number(page.get_by_test_id(f"pairs-state-{key}").inner_text()) == number(
            cell(rows, ALL, label)
        )

    # The funnel: its table, its bars and the CSV.
    (funnel_bars,) = chart(page, "chart-funnel")
    table = page.get_by_test_id("funnel-table").locator("td").all_inner_texts()
    stages = [r for r in rows if r[0] == ALL and r[1] == "From volunteers to completion"]
    assert [number(t) for t in table] == funnel_bars == [number(r[4]) for r in stages]

    # The change per topic: the chart's points and interval, the table, the CSV.
    intervals, means = chart(page, "chart-progress")
    confidence = [r for r in rows if r[0] == ALL and r[2].startswith("Confidence gained")]
    assert means[0] == pytest.approx(number(confidence[0][4]), abs=0.01)
    assert intervals[0] == [
        pytest.approx(number(confidence[0][6]), abs=0.01),
        pytest.approx(number(confidence[0][7]), abs=0.01),
    ]
    table = page.get_by_test_id("outcomes-table").inner_text()
    assert f"+{means[0]:.2f}" in table

    # Volunteers approved: the key figure, the table's total row, the funnel, the CSV.
    approved = number(page.get_by_test_id("volunteers-approved").inner_text())
    assert approved == funnel_bars[1] == number(cell(rows, ALL, "All volunteers", "Approved"))
