"""CSV exports: the indicators of a report, and HR's list of pairs (and, through `to_csv`,
HR's audit trail).

Written for the spreadsheet of the person who downloads it (common/formatting.py): the
header and every word in their language; in English "," between cells and "." for
decimals, in French ";" and "," (what Excel set to French opens as columns of numbers).
Values stay machine-readable: numbers without thousands separators or units (the header
says "(%)"), dates in ISO 8601 ("2026-12-06", "2026-12-06 14:30" in the reader's zone).

Cells a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with a quote, so that a name such as "=HYPERLINK(...)" stays text.
Numbers are written by the code, never from user text, and stay numbers.
Nothing here reads private notes or anybody's free text: only counts, averages, states.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

from django.utils.translation import gettext as _

from common import formatting

from . import funnel
from .funnel import Participation
from .indicators import Estimate, Figure, Moments
from .outcomes import Outcomes
from .reports.figures import Report
from .wording import figure_text, reason_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The value as the reader's spreadsheet will read it, safely: text that could start a
    formula gets a leading apostrophe; numbers stay numbers, with the reader's decimal sign;
    dates are ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return formatting.csv_number(value)
    if isinstance(value, date):  # a datetime too
        return formatting.csv_date(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = StringIO()
    # A BOM so that Excel reads UTF-8 (accents in French labels and names).
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=formatting.csv_delimiter())
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def _number(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def figure_cells(item: Figure | Moments | None) -> list[Any]:
    """value, n, low, high of a figure; a hidden one reads as why (evaluation/wording.py)."""
    if isinstance(item, Moments):
        item = item.mean()
    if item is None or item.hidden or item.value is None:
        return [figure_text(item), "", "", ""]
    return [_number(item.value), item.n, _number(item.low), _number(item.high)]


def estimate_cells(item: Estimate) -> list[Any]:
    if item.hidden or item.mean is None:
        return [reason_text(item), "", "", ""]
    return [_number(item.mean, 2), item.n, _number(item.low, 2), _number(item.high, 2)]


def indicator_rows(
    report: Report, participation: Participation | None = None, outcomes: Iterable = ()
) -> list[list[Any]]:
    """(programme, section, indicator, group, value, n, low, high) for every figure."""
    name = report.programme.name if report.programme else _("All programmes")
    sections = (_volunteers, _pairs, _sessions, _outcomes, _surveys)
    rows = [[name, *row] for section in sections for row in section(report)]
    if participation is not None:
        rows += [[name, *row] for row in _participation(participation)]
    rows += [[name, *row] for item in outcomes for row in _after(item)]
    return rows


Row = Iterator[list[Any]]  # (section, indicator, group, value, n, low, high)


def _volunteers(report: Report) -> Row:
    section = _("Volunteers")
    for row in report.volunteer_rows:
        for label, cell in zip(report.status_labels, row["cells"], strict=True):
            yield [section, str(row["label"]), label, *figure_cells(cell)]
        yield [section, str(row["label"]), _("Total"), *figure_cells(row["total"])]
    if report.coverage is not None:
        indicator = _("Coverage of the target population (%)")
        yield [section, indicator, "", *figure_cells(report.coverage)]


def _pairs(report: Report) -> Row:
    for _key, label, cell in report.pair_rows:
        yield [_("Pairs"), str(label), "", *figure_cells(cell)]


def _sessions(report: Report) -> Row:
    section = _("Sessions")
    yield [section, _("Sessions held"), "", *figure_cells(report.sessions_held)]
    yield [
        section,
        _("Sessions due to date (not cancelled)"),
        "",
        *figure_cells(report.sessions_due),
    ]
    yield [section, _("Held against due (%)"), "", *figure_cells(report.held_rate)]
    yield [section, _("Average session rating (1-5)"), "", *figure_cells(report.rating)]
    for month in report.trend:
        label = month.month.strftime("%Y-%m")
        yield [section, _("Sessions held in the month"), label, *figure_cells(month.held)]
        yield [section, _("Average rating in the month"), label, *figure_cells(month.rating)]


def _outcomes(report: Report) -> Row:
    section = _("Outcomes")
    for row in report.progress:
        indicator = _("Confidence gained (final minus baseline)")
        yield [section, indicator, row.topic.name, *estimate_cells(row.estimate)]
    for row in report.perception:
        indicator = _("Perception change (final minus baseline)")
        yield [section, indicator, row.label, *estimate_cells(row.estimate)]
    for row in report.adoption:
        indicator = _("Weekly use of the topic (%)")
        yield [section, indicator, row.topic.name, *figure_cells(row.share)]
    for row in report.objectives:
        if row.adoption is not None:
            indicator = _("Objective (%)")
            yield [section, indicator, row.objective.sentence, *figure_cells(row.adoption)]
    satisfaction = report.satisfaction.mean()
    yield [section, _("Satisfaction (1-5)"), "", *figure_cells(satisfaction)]
    yield [section, _("Recommendation score (NPS)"), "", *figure_cells(report.nps)]
    pair_working = report.pair_working.mean()
    yield [section, _("Our pair is working well (1-5)"), "", *figure_cells(pair_working)]
    for row in report.custom:
        yield [section, f"{row.survey}: {row.label}", "", *figure_cells(row.result)]


def _surveys(report: Report) -> Row:
    for row in report.surveys:
        yield [_("Surveys"), _("Invited"), str(row.label), *figure_cells(row.invited)]
        yield [_("Surveys"), _("Response rate (%)"), str(row.label), *figure_cells(row.rate)]


def _participation(participation: Participation) -> Row:
    section = _("From volunteers to completion")
    for stage in funnel.STAGES:
        count = participation.funnel[stage]
        yield [section, str(funnel.STAGE_LABELS[stage]), "", count, count, "", ""]
    for attribute, label in funnel.ATTRIBUTES.items():
        breakdown = participation.breakdowns[attribute]
        section = _("Approved volunteers by %(attribute)s") % {"attribute": str(label).lower()}
        if breakdown.hidden:
            yield [section, str(label), _("Total"), _("fewer than 5 people"), "", "", ""]
            continue
        for group, count in breakdown.rows:
            group_label = funnel.group_label(attribute, group)
            yield [section, str(label), group_label, count, count, "", ""]
        if breakdown.other:
            other = breakdown.other
            yield [section, str(label), _("Other groups"), other, other, "", ""]
        yield [section, str(label), _("Total"), breakdown.total, breakdown.total, "", ""]


def _after(item: Outcomes) -> Row:
    section = _("Mentors after the programme (a comparison, not proof of cause)")
    for label, rows in (
        (_("Still with the company (%)"), item.retention),
        (_("Promoted (%)"), item.promotion),
    ):
        for row in rows:
            months = _("after %(months)s months") % {"months": row.horizon}
            for who, cell in (
                (_("mentors"), row.mentors),
                (_("comparable employees"), row.comparison),
                (_("difference (points)"), row.difference),
            ):
                yield [section, f"{label}: {who}", months, *figure_cells(cell)]


def indicators_csv(sections: Iterable[tuple]) -> str:
    """The CSV of every section: (report, participation, outcomes), or a bare report."""
    header = [
        _("Programme"),
        _("Section"),
        _("Indicator"),
        _("Group"),
        _("Value"),
        _("People"),
        # xgettext:no-python-format
        _("95% interval, low"),
        # xgettext:no-python-format
        _("95% interval, high"),
    ]
    rows = [
        row
        for section in sections
        for row in (
            indicator_rows(*section) if isinstance(section, tuple) else indicator_rows(section)
        )
    ]
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
