"""Issue 12, item 4, in the browser: Chart.js writes the axes and the tooltips of the
dashboard's charts as the reader writes numbers, "67 %" and "4,5" in French, "67%" and
"4.5" in English (evaluation/charts.py sends the texts and the locale, static/js/evaluation.js
uses them)."""

import pytest

from common.testing import sign_in
from people.models import User

from .conftest import Measured

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"

# The labels an axis shows, and the tooltip's line for one bar or point, as Chart.js makes
# them with the page's own callbacks.
TICKS = "([id, axis]) => Chart.getChart(id).scales[axis].ticks.map((tick) => tick.label)"
TOOLTIP = """([id, dataset, index]) => {
    const chart = Chart.getChart(id);
    const set = chart.data.datasets[dataset];
    const label = chart.options.plugins.tooltip.callbacks.label;
    return label({ raw: set.data[index], dataset: set, dataIndex: index });
}"""


@pytest.mark.parametrize(
    ("language", "sign", "adoption", "rating", "change", "interval"),
    [
        (
            "en",
            "%",
            "Use it at least weekly (%): 67%",
            "Average session rating (1-5): 4.5",
            "Average change: +1.33",
            "95% interval: +0.48 … +2.19",
        ),
        (
            "fr",
            f"{NBSP}%",
            f"Utilisation au moins hebdomadaire (%){NBSP}: 67{NBSP}%",
            f"Note moyenne des séances (1-5){NBSP}: 4,5",
            f"Évolution moyenne{NBSP}: +1,33",
            f"Intervalle à 95{NBSP}%{NBSP}: +0,48 … +2,19",
        ),
    ],
)
def test_the_charts_axes_and_tooltips_in_the_readers_format(
    page, executive, measured: Measured, language, sign, adoption, rating, change, interval
):
    User.objects.filter(pk=executive.pk).update(preferred_language=language)
    sign_in(page, executive.email)
    page.goto(f"/evaluation/programmes/{measured.programme.code}/")
    page.wait_for_function("() => Chart.getChart('chart-adoption') !== undefined")
    # The share's axis: 0 % to 100 % in steps that depend on the canvas' height.
    ticks = page.evaluate(TICKS, ["chart-adoption", "y"])
    assert ticks[0] == f"0{sign}" and ticks[-1] == f"100{sign}" and f"50{sign}" in ticks
    assert all(tick.removesuffix(sign).isdigit() for tick in ticks), ticks
    assert page.evaluate(TOOLTIP, ["chart-adoption", 0, 0]) == adoption
    assert page.evaluate(TOOLTIP, ["chart-trend", 1, 0]) == rating
    assert page.evaluate(TOOLTIP, ["chart-progress", 1, 0]) == change
    assert page.evaluate(TOOLTIP, ["chart-progress", 0, 0]) == interval
    rating_ticks = page.evaluate(TICKS, ["chart-trend", "rating"])
    half = {"en": "1.5", "fr": "1,5"}[language]
    assert half in rating_ticks, rating_ticks


@pytest.mark.parametrize("language", ["en", "fr"])
def test_long_funnel_labels_wrap_and_months_are_unambiguous(
    page, executive, measured: Measured, language
):
    User.objects.filter(pk=executive.pk).update(preferred_language=language)
    sign_in(page, executive.email)
    page.goto(f"/evaluation/programmes/{measured.programme.code}/")
    page.wait_for_function("() => Chart.getChart('chart-funnel') !== undefined")
    labels = page.evaluate("() => Chart.getChart('chart-funnel').data.labels")
    # Each label is one line or several of at most 24 characters: never cut by the axis.
    lines = [line for label in labels for line in ([label] if isinstance(label, str) else label)]
    assert any(isinstance(label, list) for label in labels), labels
    assert all(len(line) <= 24 for line in lines if " " in line), lines
    if language == "fr":
        assert "Volontaires acceptés" in " ".join(lines)
        months = page.evaluate("() => Chart.getChart('chart-trend').data.labels")
        assert months and not any(month.startswith(("Jui", "jui ")) for month in months)
