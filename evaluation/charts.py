"""The data every chart draws: the browser's Chart.js (static/js/evaluation.js, through
json_script), the PDF's matplotlib images (chart_images.py) and each chart's table of
data (its text alternative) all read this one dictionary, built from the report's
figures, so a chart cannot disagree with the tables, the CSV or the PDF.

A hidden figure is null, with the reason beside it in `notes`; a chart with nothing to
draw carries `empty`, the sentence shown instead of an empty frame. Labels are translated
here, so that the script carries no text of its own; so are the numbers: each series comes
with its values as the reader writes them (`...Text`: "72,5 %" in French), which the
tooltips show, and `format` gives the axes the reader's locale and percent sign.
"""

from typing import Any

from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from common import formatting

from .funnel import STAGE_LABELS, STAGES, Participation
from .indicators import Estimate, Figure
from .reports.figures import Report
from .wording import change_text, figure_text, percent_text, reason_text


def _value(item: Figure, digits: int = 2) -> float | None:
    return None if item.hidden or item.value is None else round(item.value, digits)


def _bound(item: Estimate, value: float | None) -> float | None:
    return None if item.hidden or value is None else round(value, 2)


def _text(value: float | None, digits: int = 0) -> str:
    return "" if value is None else formatting.number(value, digits)


def _percent(value: float | None, digits: int = 0) -> str:
    return "" if value is None else formatting.percent(value, digits)


def number_format() -> dict[str, str]:
    """What the browser needs to write numbers as the reader does: the locale for
    Intl.NumberFormat (the axes), the percent sign with its space ("%" or " %") and what
    goes between a series' name and its value in a tooltip (": " or " : ")."""
    language = (get_language() or "en").split("-")[0]
    return {
        "locale": "fr-FR" if language == "fr" else "en-GB",
        "percent": formatting.percent(0).removeprefix("0"),
        "colon": formatting.colon(),
    }


def _funnel(participation: Participation | None) -> dict[str, Any]:
    values = [participation.funnel[stage] for stage in STAGES] if participation else []
    labels = [str(STAGE_LABELS[stage]) for stage in STAGES]
    empty = "" if values and values[0] else _("Nobody has volunteered yet.")
    texts = [formatting.number(value) for value in values]
    summary = formatting.labelled(zip(labels, texts, strict=False))
    return {
        "columns": [_("Stage"), _("People")],
        "rows": [[label, text] for label, text in zip(labels, texts, strict=False)],
        "labels": labels,
        "values": values,
        "valuesText": texts,
        "label": _("People"),
        "empty": empty,
        "summary": summary,
    }


def _trend(report: Report) -> dict[str, Any]:
    months = report.trend
    held_total = sum(row.held.value or 0 for row in months)
    labels = [formatting.month_label(row.month) for row in months]
    held_label, rating_label = _("Sessions held"), _("Average session rating (1-5)")
    return {
        "columns": [_("Month"), held_label, rating_label],
        "rows": [
            [label, figure_text(row.held), figure_text(row.rating, 1)]
            for label, row in zip(labels, months, strict=True)
        ],
        "labels": labels,
        "held": [_value(row.held, 0) for row in months],
        "heldText": [_text(_value(row.held, 0)) for row in months],
        "rating": [_value(row.rating) for row in months],
        "ratingText": [_text(_value(row.rating), 1) for row in months],
        "heldLabel": held_label,
        "ratingLabel": rating_label,
        "empty": "" if held_total else _("No session has been held yet."),
        "summary": ngettext(
            "%(count)s session held over %(months)s month.",
            "%(count)s sessions held over %(months)s months.",
            held_total,
        )
        % {"count": formatting.number(held_total), "months": formatting.number(len(months))},
    }


def _signed(value: float | None) -> str:
    return "" if value is None else formatting.signed(value, 2)


def _interval(item: Estimate) -> str:
    low, high = _bound(item, item.low), _bound(item, item.high)
    if low is None or high is None:
        return ""
    return f"{formatting.signed(low, 2)} … {formatting.signed(high, 2)}"


def _changes(report: Report) -> dict[str, Any]:
    rows = [
        (_("Confidence with %(topic)s") % {"topic": row.topic.name}, row.estimate)
        for row in report.progress
    ] + [(row.label, row.estimate) for row in report.perception]
    shown = [estimate for _label, estimate in rows if estimate.shown]
    if not rows:
        empty = _("No final review answered yet: the changes appear once people answer it.")
    elif not shown:
        empty = _("Every change is hidden: fewer than 5 people answered, or all the same.")
    else:
        empty = ""
    return {
        "columns": [_("Topic or item"), pgettext("a figure's change", "Change")],
        "rows": [[label, " ".join(change_text(estimate)).strip()] for label, estimate in rows],
        "labels": [label for label, _estimate in rows],
        "mean": [_bound(estimate, estimate.mean) for _label, estimate in rows],
        "low": [_bound(estimate, estimate.low) for _label, estimate in rows],
        "high": [_bound(estimate, estimate.high) for _label, estimate in rows],
        "meanText": [_signed(_bound(e, e.mean)) for _label, e in rows],
        "intervalText": [_interval(e) for _label, e in rows],
        "notes": [reason_text(estimate) if estimate.hidden else "" for _label, estimate in rows],
        "label": _("Change, final review minus baseline (points out of 5)"),
        "meanLabel": _("Average change"),
        # xgettext:no-python-format
        "intervalLabel": _("95% interval"),
        "empty": empty,
        "summary": ngettext(
            "The average change of %(count)s topic or item, with its 95%% interval.",
            "The average change of %(count)s topics and items, with their 95%% intervals.",
            len(shown),
        )
        % {"count": formatting.number(len(shown))},
    }


def _adoption(report: Report) -> dict[str, Any]:
    targets: dict[int, int] = {}
    for row in report.objectives:
        if row.objective.target_percent is None:
            continue
        for topic in row.topics or [adoption.topic for adoption in report.adoption]:
            targets.setdefault(topic.pk, row.objective.target_percent)
    rows = report.adoption
    shown = [row for row in rows if row.share.shown]
    if not rows:
        empty = _("No final review answered yet: adoption is measured in it.")
    elif not shown:
        empty = _("Every share is hidden: fewer than 5 people answered, or all the same.")
    else:
        empty = ""
    label, target_label = _("Use it at least weekly (%)"), _("Objective's target (%)")
    target = [targets.get(row.topic.pk) for row in rows]
    return {
        "columns": [_("Topic"), label, target_label],
        "rows": [
            [row.topic.name, percent_text(row.share), "—" if t is None else formatting.percent(t)]
            for row, t in zip(rows, target, strict=True)
        ],
        "labels": [row.topic.name for row in rows],
        "share": [_value(row.share, 1) for row in rows],
        "shareText": [_percent(_value(row.share, 1)) for row in rows],
        "target": target,
        "targetText": [_percent(t) for t in target],
        "label": label,
        "targetLabel": target_label,
        "empty": empty,
        "summary": _(
            "The share of mentees who use each topic at least weekly, against the "
            "objective's target where there is one."
        ),
    }


def chart_data(report: Report, participation: Participation | None = None) -> dict[str, Any]:
    return {
        "format": number_format(),
        "funnel": _funnel(participation),
        "trend": _trend(report),
        "progress": _changes(report),
        "adoption": _adoption(report),
    }
