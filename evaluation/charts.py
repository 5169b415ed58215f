"""The data the dashboard's charts draw, passed to static/js/evaluation.js with json_script.

Hidden figures are null: the chart leaves a gap, and the table beside it says "not enough
answers". Labels are translated here, so that the script carries no text of its own.
"""

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from .indicators import Estimate, Figure
from .reports.figures import Report


def _value(item: Figure, digits: int = 2) -> float | None:
    return None if item.hidden or item.value is None else round(item.value, digits)


def _mean(item: Estimate) -> float | None:
    return None if item.hidden or item.mean is None else round(item.mean, 2)


def chart_data(report: Report) -> dict[str, Any]:
    progress = [(row.topic.name, row.estimate) for row in report.progress]
    targets = {}
    for row in report.objectives:
        if row.objective.target_percent is None:
            continue
        for topic in row.topics or [adoption.topic for adoption in report.adoption]:
            targets.setdefault(topic.pk, row.objective.target_percent)
    return {
        "notEnough": _("not enough answers"),
        "trend": {
            "labels": [formats.date_format(row.month, "M Y") for row in report.trend],
            "held": [_value(row.held, 0) for row in report.trend],
            "rating": [_value(row.rating) for row in report.trend],
            "heldLabel": _("Sessions held"),
            "ratingLabel": _("Average session rating (1-5)"),
        },
        "progress": {
            "labels": [name for name, _estimate in progress],
            "mean": [_mean(estimate) for _name, estimate in progress],
            "low": [
                None if estimate.hidden or estimate.low is None else round(estimate.low, 2)
                for _name, estimate in progress
            ],
            "high": [
                None if estimate.hidden or estimate.high is None else round(estimate.high, 2)
                for _name, estimate in progress
            ],
            "label": _("Confidence gained (points out of 5)"),
            # xgettext:no-python-format
            "intervalLabel": _("95 % interval"),
        },
        "perception": {
            "labels": [row.label for row in report.perception],
            "before": [
                None if row.change.hidden else _value(row.before.mean())
                for row in report.perception
            ],
            "after": [
                None if row.change.hidden else _value(row.after.mean()) for row in report.perception
            ],
            "beforeLabel": _("Baseline"),
            "afterLabel": _("Final review"),
        },
        "adoption": {
            "labels": [row.topic.name for row in report.adoption],
            "share": [_value(row.share, 1) for row in report.adoption],
            "target": [targets.get(row.topic.pk) for row in report.adoption],
            "label": _("Use it at least weekly (%)"),
            "targetLabel": _("Objective's target (%)"),
        },
    }
