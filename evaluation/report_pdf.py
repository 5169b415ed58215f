"""The programme report as a PDF, in the reader's language, with its charts.

reportlab's platypus lays the pages out (already our certificate's library); the charts
are matplotlib images drawn from the dashboard's own chart data (chart_images.py), and
every figure reads through evaluation/wording.py, so the PDF says what the page says, in
the reader's format ("72,5 %", "6 décembre 2026" in French; common/formatting.py).
Headings are kept with what follows them (keepWithNext), and a chart with its caption.
The font is DejaVu Sans, shipped with matplotlib: it has every French character and the
narrow no-break space French puts before % and :, which the PDF base fonts lack.
"""

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import matplotlib
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from common import formatting

from . import chart_images
from .reports.figures import Report
from .wording import change_text, figure_text, percent_text

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
INK = colors.HexColor("#1f3a5f")


def _fonts() -> None:
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName="DejaVu", fontSize=9, leading=12
    )
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName="DejaVu-Bold", fontSize=17, leading=21, textColor=INK
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName="DejaVu-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            textColor=INK,
        ),
        "body": body,
        "small": ParagraphStyle(
            "small", parent=body, fontSize=7.5, leading=10, textColor=colors.grey
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
    }


def _table(rows: list[list[str]], styles: dict, *, header: bool = True, widths=None) -> Table:
    cell = styles["cell"]
    data = [[Paragraph(str(text), cell) for text in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, INK))
    table.setStyle(TableStyle(commands))
    return table


def _chart(png: bytes | None, empty: str, summary: str, styles: dict) -> list[Flowable]:
    if png is None:
        return [Paragraph(empty, styles["body"])]
    width = 16 * cm  # the frame is 17 cm less its padding
    image = Image(
        io.BytesIO(png),
        width=width,
        height=width * chart_images.HEIGHT_INCHES / chart_images.WIDTH_INCHES,
    )
    return [image, Paragraph(summary, styles["small"])]


def _section(title: str, body: list[Flowable], styles: dict, *, keep: int = 1) -> list[Flowable]:
    """A heading that never ends a page: kept with the first `keep` things under it (a
    chart and its caption: 2)."""
    heading = Paragraph(title, styles["h2"])
    return [KeepTogether([heading, *body[:keep]]), *body[keep:]]


def render(report: Report, charts: dict[str, Any], *, printed_at: datetime | None = None) -> bytes:
    """The PDF of one programme's report, in the active language."""
    _fonts()
    styles = _styles()
    programme = report.programme
    printed_at = timezone.localtime(printed_at or timezone.now())
    images = chart_images.images(charts)
    story: list[Flowable] = [
        Paragraph(_("Tandem · Programme report"), styles["small"]),
        Paragraph(programme.name, styles["title"]),
        Paragraph(
            " · ".join(
                part
                for part in [
                    str(programme.get_status_display()),
                    _("From %(start)s to %(end)s")
                    % {
                        "start": formatting.day(programme.start_on),
                        "end": formatting.day(programme.ends_on),
                    },
                    _("sponsored by %(name)s") % {"name": programme.sponsor.name}
                    if programme.sponsor
                    else "",
                ]
                if part
            ),
            styles["body"],
        ),
        Paragraph(
            _("Figures as of %(when)s.") % {"when": formatting.moment(printed_at)}
            + " "
            + _(
                "Operational counts are shown as they are; survey answers and ratings from "
                "fewer than 5 people are hidden, and each hidden figure says why."
            ),
            styles["small"],
        ),
        Spacer(1, 6),
    ]

    key = [
        [_("Volunteers approved"), figure_text(report.approved_volunteers)],
        [_("Published pairs"), figure_text(report.pairs["total"])],
        [_("Sessions held"), figure_text(report.sessions_held)],
        [_("Held against due to date"), percent_text(report.held_rate)],
        [_("Average session rating"), figure_text(report.rating, 1, " / 5")],
        [_("Satisfaction"), figure_text(report.satisfaction, 1, " / 5")],
        [_("Recommendation score"), figure_text(report.nps)],
    ]
    story += _section(
        _("Key figures"), [_table(key, styles, header=False, widths=[9 * cm, 7 * cm])], styles
    )

    funnel = charts["funnel"]
    story += _section(
        _("From volunteers to completion"),
        _chart(images["funnel"], funnel["empty"], funnel["summary"], styles),
        styles,
        keep=2,
    )

    if report.objectives:
        rows = [[_("Objective"), _("Now"), _("Target")]]
        for row in report.objectives:
            target = formatting.percent(row.objective.target_percent) or "—"
            if row.adoption is None:
                target = "—"
            now = percent_text(row.adoption) if row.adoption is not None else "—"
            rows.append([row.objective.sentence, now, target])
        story += _section(
            _("Objectives"), [_table(rows, styles, widths=[11 * cm, 3 * cm, 2 * cm])], styles
        )

    trend = charts["trend"]
    month_rows = [[_("Month"), _("Sessions held"), _("Average rating")]]
    for row in report.trend:
        month_rows.append(
            [
                formats.date_format(row.month, "F Y"),
                figure_text(row.held),
                figure_text(row.rating, 1),
            ]
        )
    story += _section(
        _("Sessions held and average rating, month by month"),
        [*_chart(images["trend"], trend["empty"], trend["summary"], styles)]
        + ([_table(month_rows, styles, widths=[6 * cm, 4 * cm, 4 * cm])] if report.trend else []),
        styles,
        keep=2,
    )

    progress = charts["progress"]
    change_rows = [[_("Topic or item"), pgettext("a figure's change", "Change"), _("95% interval")]]
    for label, estimate in [
        *(
            (_("Confidence with %(topic)s") % {"topic": row.topic.name}, row.estimate)
            for row in report.progress
        ),
        *((row.label, row.estimate) for row in report.perception),
    ]:
        change_rows.append([label, *change_text(estimate)])
    story += _section(
        _("What changed (final review minus baseline)"),
        [*_chart(images["progress"], progress["empty"], progress["summary"], styles)]
        + (
            [_table(change_rows, styles, widths=[6 * cm, 3.5 * cm, 6.5 * cm])]
            if len(change_rows) > 1
            else []
        ),
        styles,
        keep=2,
    )

    adoption = charts["adoption"]
    story += _section(
        _("Adoption: mentees who now use the topic at least weekly"),
        _chart(images["adoption"], adoption["empty"], adoption["summary"], styles),
        styles,
        keep=2,
    )

    volunteer_rows = [[_("Role"), *report.status_labels, _("Total")]]
    for row in report.volunteer_rows:
        volunteer_rows.append(
            [str(row["label"]), *(figure_text(c) for c in row["cells"]), figure_text(row["total"])]
        )
    story += _section(_("Volunteers by role and state"), [_table(volunteer_rows, styles)], styles)

    pair_rows = [[str(label), figure_text(cell)] for _key, label, cell in report.pair_rows]
    pair_rows += [
        [_("Sessions due to date (not cancelled)"), figure_text(report.sessions_due)],
        [_("Sessions planned in all (not cancelled)"), figure_text(report.sessions_planned)],
    ]
    story += _section(
        _("Pairs and sessions"),
        [_table(pair_rows, styles, header=False, widths=[9 * cm, 7 * cm])],
        styles,
    )

    survey_rows = [[_("Survey"), _("Invited"), _("Response rate")]]
    for row in report.surveys:
        survey_rows.append([str(row.label), figure_text(row.invited), percent_text(row.rate)])
    story += _section(_("Surveys"), [_table(survey_rows, styles)], styles)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=programme.name,
        author="Tandem",
    )

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("DejaVu", 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(2 * cm, 1 * cm, f"Tandem · {programme.name}")
        canvas.drawRightString(A4[0] - 2 * cm, 1 * cm, _("Page %(page)d") % {"page": doc.page})
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def filename(report: Report, printed_at: datetime) -> str:
    return f"tandem-report-{report.programme.slug}-{printed_at:%Y-%m}.pdf"
