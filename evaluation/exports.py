"""CSV exports: the indicators of a report, and HR's list of pairs.

Cells a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with a quote, so that a name such as "=HYPERLINK(...)" stays text.
Numbers are written by the code, never from user text, and are left as numbers.
Nothing here reads private notes or anybody's free text: only counts, averages, states.
"""

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import StringIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .indicators import Estimate, Figure
from .reports.figures import Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet will read it safely: text that could start a formula gets
    a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = StringIO()
    # A BOM so that Excel reads UTF-8 (accents in French labels and names).
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def _number(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def figure_cells(item: Figure) -> list[Any]:
    if item.hidden or item.value is None:
        return [_("not enough answers"), "", "", ""]
    return [_number(item.value), item.n, "", ""]


def estimate_cells(item: Estimate) -> list[Any]:
    if item.hidden or item.mean is None:
        return [_("not enough answers"), "", "", ""]
    return [_number(item.mean, 2), item.n, _number(item.low, 2), _number(item.high, 2)]


def indicator_rows(report: Report) -> list[list[Any]]:
    """(programme, section, indicator, group, value, n, low, high) for every figure."""
    name = report.programme.name if report.programme else _("All programmes")
    rows: list[list[Any]] = []

    def add(section: str, indicator: str, group: str, cells: list[Any]) -> None:
        rows.append([name, section, indicator, group, *cells])

    volunteers = _("Volunteers")
    for row in report.volunteer_rows:
        for label, cell in zip(report.status_labels, row["cells"], strict=True):
            add(volunteers, str(row["label"]), label, figure_cells(cell))
        add(volunteers, str(row["label"]), _("Total"), figure_cells(row["total"]))
    if report.coverage is not None:
        add(
            volunteers,
            _("Coverage of the target population (%)"),
            "",
            figure_cells(report.coverage),
        )
    pairs = _("Pairs")
    for _key, label, cell in report.pair_rows:
        add(pairs, str(label), "", figure_cells(cell))
    sessions = _("Sessions")
    add(sessions, _("Sessions held"), "", figure_cells(report.sessions_held))
    add(sessions, _("Sessions due to date"), "", figure_cells(report.sessions_due))
    add(sessions, _("Held against due (%)"), "", figure_cells(report.held_rate))
    add(sessions, _("Average session rating (1-5)"), "", figure_cells(report.rating.mean()))
    for month in report.trend:
        label = month.month.strftime("%Y-%m")
        add(sessions, _("Sessions held in the month"), label, figure_cells(month.held))
        add(sessions, _("Average rating in the month"), label, figure_cells(month.rating))
    outcomes = _("Outcomes")
    for row in report.progress:
        add(
            outcomes,
            _("Confidence gained (final minus baseline)"),
            row.topic.name,
            estimate_cells(row.estimate),
        )
    for row in report.perception:
        add(
            outcomes,
            _("Perception change (final minus baseline)"),
            row.label,
            estimate_cells(row.estimate),
        )
    for row in report.adoption:
        add(outcomes, _("Weekly use of the topic (%)"), row.topic.name, figure_cells(row.share))
    for row in report.objectives:
        if row.adoption is not None:
            add(outcomes, _("Objective (%)"), row.objective.sentence, figure_cells(row.adoption))
    add(outcomes, _("Satisfaction (1-5)"), "", figure_cells(report.satisfaction.mean()))
    add(outcomes, _("Recommendation score (NPS)"), "", figure_cells(report.nps))
    add(outcomes, _("Our pair is working well (1-5)"), "", figure_cells(report.pair_working.mean()))
    for row in report.custom:
        add(outcomes, f"{row.survey}: {row.label}", "", figure_cells(row.result))
    surveys = _("Surveys")
    for row in report.surveys:
        add(surveys, _("Response rate (%)"), str(row.label), figure_cells(row.rate))
    return rows


def indicators_csv(reports: Iterable[Report]) -> str:
    header = [
        _("Programme"),
        _("Section"),
        _("Indicator"),
        _("Group"),
        _("Value"),
        _("People"),
        # xgettext:no-python-format
        _("95 % interval, low"),
        # xgettext:no-python-format
        _("95 % interval, high"),
    ]
    rows = [row for report in reports for row in indicator_rows(report)]
    return to_csv(header, rows)


def pairs_csv(lines: Iterable[dict[str, Any]]) -> str:
    """HR's list of pairs: who, state and counts; never notes, feedback or ratings."""
    header = [
        _("Mentor"),
        _("Mentee"),
        _("State"),
        _("Published on"),
        _("Ended on"),
        _("Sessions held"),
        _("Sessions planned"),
        _("Sessions cancelled"),
        _("Last session held on"),
        _("At risk"),
    ]
    rows = (
        [
            line["pair"].mentor_person.name,
            line["pair"].mentee_person.name,
            line["state"],
            line["pair"].published_at,
            line["pair"].ended_at,
            line["held"],
            line["planned"],
            line["cancelled"],
            line["last_held"],
            line["at_risk"],
        ]
        for line in lines
    )
    return to_csv(header, rows)
