"""What a dashboard shows, built once per request: the report (one programme's, or the
pool of several), the funnel and breakdowns, the outcomes and the chart data. The page,
the CSV export and the PDF all render this one object."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from programmes.models import Programme

from . import funnel
from .charts import chart_data
from .funnel import Participation
from .outcomes import Outcomes
from .reports.cache import figures
from .reports.figures import Report
from .reports.pooled import pooled_report
from .wording import change_text, figure_text, number, percent_text


@dataclass
class DashboardView:
    report: Report  # the pooled report, or the focused programme's
    lines: list[Report]  # one per programme
    participation: Participation
    participations: dict[int, Participation]
    outcomes: list[Outcomes]
    charts: dict[str, Any]

    def context(self) -> dict[str, Any]:
        return {
            "report": self.report,
            "lines": self.lines,
            "participation": self.participation,
            "breakdowns": breakdown_rows(self.participation),
            "outcomes": self.outcomes,
            "charts": self.charts,
        }

    def exports(self) -> list[tuple[Report, Participation, list[Outcomes]]]:
        """The CSV's sections: the pooled view first (when several), then each programme."""
        by_programme = {item.programme.pk: item for item in self.outcomes}
        sections = [
            (line, self.participations[line.programme.pk], _outcomes_of(by_programme, line))
            for line in self.lines
        ]
        if self.report.programme is None:
            return [(self.report, self.participation, []), *sections]
        return sections


def _outcomes_of(by_programme: dict[int, Outcomes], report: Report) -> list[Outcomes]:
    found = by_programme.get(report.programme.pk)
    return [found] if found else []


def view_for(programmes: Sequence[Programme], *, focus: Programme | None = None) -> DashboardView:
    lines, participations, followed = figures(programmes)
    if focus is not None:
        report, participation = lines[0], participations[focus.pk]
    else:
        report = pooled_report(lines)
        participation = funnel.pooled([participations[p.pk] for p in programmes])
    return DashboardView(
        report=report,
        lines=lines,
        participation=participation,
        participations=participations,
        outcomes=followed,
        charts=chart_data(report, participation),
    )


def breakdown_rows(participation: Participation) -> list[dict[str, Any]]:
    """Each breakdown as the page prints it: its rows, the folded row, the total."""
    tables = []
    for attribute, label in funnel.ATTRIBUTES.items():
        breakdown = participation.breakdowns[attribute]
        rows = [(funnel.group_label(attribute, group), n) for group, n in breakdown.rows]
        tables.append(
            {
                "attribute": attribute,
                "label": label,
                "rows": rows,
                "other": breakdown.other,
                "total": breakdown.total,
                "hidden": breakdown.hidden,
            }
        )
    return tables


def default_pair(programmes: Sequence[Programme]) -> list[Programme | None]:
    """Two programmes worth comparing: the two latest editions of one name when there are
    (names that start alike), else the two latest programmes."""
    by_stem: dict[str, list[Programme]] = {}
    for programme in programmes:
        by_stem.setdefault(programme.name.split(",")[0].strip().casefold(), []).append(programme)
    for group in by_stem.values():
        if len(group) >= 2:
            return [group[1], group[0]]
    return [*programmes[:2], None, None][:2]


def comparison_rows(views: list[DashboardView]) -> list[tuple[str, list[str]]]:
    """(label, [text per programme]) for the comparison page."""

    def each(getter) -> list[str]:
        return [getter(view) for view in views]

    rows: list[tuple[str, list[str]]] = [
        (
            str(funnel.STAGE_LABELS[stage]),
            each(lambda v, s=stage: number(v.participation.funnel[s])),
        )
        for stage in funnel.STAGES
    ]
    rows += [
        (_("Published pairs"), each(lambda v: figure_text(v.report.pairs["total"]))),
        (_("Sessions held"), each(lambda v: figure_text(v.report.sessions_held))),
        (_("Held against due to date"), each(lambda v: percent_text(v.report.held_rate))),
        (_("Average session rating"), each(lambda v: figure_text(v.report.rating, 1, " / 5"))),
        (_("Satisfaction"), each(lambda v: figure_text(v.report.satisfaction, 1, " / 5"))),
        (_("Recommendation score"), each(lambda v: figure_text(v.report.nps))),
    ]
    labels: dict[str, None] = {}
    for view in views:
        for row in view.report.progress:
            labels.setdefault(row.topic.name)
    for name in labels:
        texts = []
        for view in views:
            found = [row for row in view.report.progress if row.topic.name == name]
            texts.append(" ".join(change_text(found[0].estimate)) if found else "—")
        rows.append((_("Confidence with %(topic)s") % {"topic": name}, texts))
    return rows
