"""The dashboard's charts drawn on the server (matplotlib) for the PDF report.

They read the very dictionary that the browser's Chart.js draws (evaluation/charts.py,
`chart_data`), so a chart in the PDF cannot say anything the dashboard does not. Colours
are the Okabe-Ito palette (told apart by colour-blind readers), and every series also
differs by shape: bars, a line, points, a dashed target. Every number on an axis or a bar
is written as the reader writes it (common/formatting.py: "1,5" and "50 %" in French).
"""

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on a server; set before pyplot is imported

from matplotlib import pyplot  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from common import formatting  # noqa: E402

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
GREY = "#999999"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 6.4, 2.9, 150
LEGEND_ABOVE = {"loc": "lower center", "bbox_to_anchor": (0.5, 1.0), "ncol": 2}

pyplot.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 9,
        "legend.fontsize": 7,
        "legend.frameon": False,
    }
)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=DPI)
    pyplot.close(figure)
    return buffer.getvalue()


def _new() -> tuple[Figure, Any]:
    figure, axes = pyplot.subplots(figsize=(WIDTH_INCHES, HEIGHT_INCHES))
    return figure, axes


def _digits(value: float) -> int:
    for digits in (0, 1):
        if abs(value * 10**digits - round(value * 10**digits)) < 1e-9:
            return digits
    return 2


def tick_text(value: float, _position: int | None = None) -> str:
    """An axis' number in the reader's format: "1.5" / "1,5", "−0.5" / "−0,5"."""
    text = formatting.number(abs(value), _digits(value))
    return f"{formatting.MINUS}{text}" if round(value, 2) < 0 else text


def percent_tick(value: float, _position: int | None = None) -> str:
    return formatting.percent(value, _digits(value))


NUMBERS = FuncFormatter(tick_text)
PERCENTS = FuncFormatter(percent_tick)


def _zero(values: list[float | None]) -> list[float]:
    return [0.0 if value is None else value for value in values]


def trend(data: dict[str, Any]) -> bytes | None:
    """Sessions held per month as bars; the average rating as a line on a second axis."""
    if data["empty"]:
        return None
    figure, axes = _new()
    positions = range(len(data["labels"]))
    axes.bar(positions, _zero(data["held"]), color=BLUE, label=data["heldLabel"])
    axes.set_xticks(list(positions), data["labels"], rotation=0)
    axes.set_ylabel(data["heldLabel"])
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.yaxis.set_major_formatter(NUMBERS)
    ratings = [(i, v) for i, v in enumerate(data["rating"]) if v is not None]
    handles, labels = axes.get_legend_handles_labels()
    if ratings:
        right = axes.twinx()
        right.spines["right"].set_visible(True)
        right.plot(
            [i for i, _v in ratings],
            [v for _i, v in ratings],
            color=ORANGE,
            marker="o",
            linewidth=2,
            label=data["ratingLabel"],
        )
        right.set_ylim(1, 5)
        right.yaxis.set_major_formatter(NUMBERS)
        right.set_ylabel(data["ratingLabel"])
        more_handles, more_labels = right.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    axes.legend(handles, labels, **LEGEND_ABOVE)
    return _png(figure)


def progress(data: dict[str, Any]) -> bytes | None:
    """The change per topic or item: a point for the mean, a bar for its 95% interval."""
    if data["empty"]:
        return None
    figure, axes = _new()
    rows = [
        (label, mean, low, high)
        for label, mean, low, high in zip(
            data["labels"], data["mean"], data["low"], data["high"], strict=True
        )
    ]
    for index, (_label, mean, low, high) in enumerate(rows):
        if mean is None:
            continue
        if low is not None and high is not None:
            axes.plot([low, high], [index, index], color=SKY, linewidth=6, solid_capstyle="butt")
        axes.plot([mean], [index], marker="D", color=BLUE, markersize=6)
    axes.axvline(0, color=GREY, linewidth=1)
    axes.set_yticks(range(len(rows)), [_short(label) for label, *_rest in rows])
    axes.invert_yaxis()
    axes.set_xlabel(data["label"])
    axes.xaxis.set_major_formatter(NUMBERS)
    axes.plot([], [], color=SKY, linewidth=6, label=data["intervalLabel"])
    axes.plot([], [], marker="D", color=BLUE, linestyle="none", label=data["meanLabel"])
    axes.legend(**LEGEND_ABOVE)
    return _png(figure)


def adoption(data: dict[str, Any]) -> bytes | None:
    """Weekly use per topic as bars; the objective's target as a dashed line across them."""
    if data["empty"]:
        return None
    figure, axes = _new()
    positions = list(range(len(data["labels"])))
    axes.bar(positions, _zero(data["share"]), color=GREEN, label=data["label"])
    for index, target in enumerate(data["target"]):
        if target is not None:
            axes.hlines(
                target, index - 0.45, index + 0.45, colors=VERMILLION, linestyles="dashed", lw=2
            )
    if any(target is not None for target in data["target"]):
        axes.plot([], [], color=VERMILLION, linestyle="dashed", lw=2, label=data["targetLabel"])
    axes.set_ylim(0, 100)
    axes.yaxis.set_major_formatter(PERCENTS)
    axes.set_xticks(positions, [_short(label) for label in data["labels"]])
    axes.legend(**LEGEND_ABOVE)
    return _png(figure)


def funnel(data: dict[str, Any]) -> bytes | None:
    """The funnel from volunteers to completion, as horizontal bars."""
    if data["empty"]:
        return None
    figure, axes = _new()
    positions = list(range(len(data["labels"])))
    axes.barh(positions, data["values"], color=BLUE)
    for index, value in enumerate(data["values"]):
        axes.text(value, index, f" {formatting.number(value)}", va="center")
    axes.set_yticks(positions, [_short(label, 40) for label in data["labels"]])
    axes.invert_yaxis()
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.xaxis.set_major_formatter(NUMBERS)
    return _png(figure)


def _short(label: str, size: int = 28) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def images(charts: dict[str, Any]) -> dict[str, bytes | None]:
    """Each chart of `chart_data` as a PNG, or None when it has nothing to draw."""
    return {
        "funnel": funnel(charts["funnel"]),
        "trend": trend(charts["trend"]),
        "progress": progress(charts["progress"]),
        "adoption": adoption(charts["adoption"]),
    }
