"""The certificate of participation, drawn with reportlab in the active language.

Helvetica, one of the PDF standard fonts, covers French and the Latin alphabets of the
directory; the file embeds no font, so it stays small (a few kilobytes). Dates and counts
are written in the holder's language (common/formatting.py): "6 December 2026",
"6 décembre 2026".
"""

from io import BytesIO

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from common import formatting
from enrolments.models import Enrolment

from .models import Completion

INK = HexColor("#1f2933")
ACCENT = HexColor("#1f3a5f")
MUTED = HexColor("#52606d")


def filename(completion: Completion) -> str:
    name = slugify(completion.enrolment.person.name) or "participant"
    return f"{_('certificate')}-{slugify(completion.programme.name)}-{name}.pdf"


def role_label(completion: Completion) -> str:
    if completion.enrolment.role == Enrolment.Role.MENTOR:
        return _("as a mentor")
    return _("as a mentee")


def render(completion: Completion) -> bytes:
    """The PDF's bytes; call inside translation.override(the person's language)."""
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(_("Certificate of participation"))
    pdf.setAuthor("Tandem")
    pdf.setSubject(completion.programme.name)
    _frame(pdf, width, height)
    _text(pdf, completion, width / 2, height)
    _footer(pdf, completion, width)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _frame(pdf: canvas.Canvas, width: float, height: float) -> None:
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(6)
    pdf.rect(28, 28, width - 56, height - 56)
    pdf.setLineWidth(1)
    pdf.rect(40, 40, width - 80, height - 80)


def _line(pdf: canvas.Canvas, centre: float, y: float, text: str, font: str, size: int) -> None:
    pdf.setFont(font, size)
    pdf.drawCentredString(centre, y, text)


def _text(pdf: canvas.Canvas, completion: Completion, centre: float, height: float) -> None:
    """From the title down: who took part, in which programme, when, how much."""
    programme = completion.programme
    pdf.setFillColor(ACCENT)
    _line(pdf, centre, height - 110, "Tandem", "Helvetica-Bold", 16)
    pdf.setFillColor(INK)
    _line(pdf, centre, height - 170, _("Certificate of participation"), "Helvetica-Bold", 34)
    pdf.setFillColor(MUTED)
    _line(pdf, centre, height - 225, _("This certifies that"), "Helvetica", 15)
    pdf.setFillColor(INK)
    _line(pdf, centre, height - 270, completion.enrolment.person.name, "Helvetica-Bold", 28)
    pdf.setFillColor(MUTED)
    took_part = _("took part %(role)s in the reverse-mentoring programme") % {
        "role": role_label(completion)
    }
    _line(pdf, centre, height - 310, took_part, "Helvetica", 15)
    pdf.setFillColor(INK)
    _line(pdf, centre, height - 345, programme.name, "Helvetica-Bold", 20)
    pdf.setFillColor(MUTED)
    period = _("from %(start)s to %(end)s") % {
        "start": formatting.day(programme.start_on),
        "end": formatting.day(programme.ends_on),
    }
    _line(pdf, centre, height - 375, period, "Helvetica", 13)
    held = completion.sessions_held
    sessions = ngettext("%(count)s session held", "%(count)s sessions held", held) % {
        "count": formatting.number(held)
    }
    pdf.drawCentredString(centre, height - 398, sessions)


def number_text(completion: Completion) -> str:
    """“Certificate number: 3f2a…” / « Numéro d'attestation : 3f2a… »."""
    label = _("Certificate number")
    return f"{label}{formatting.colon()}{completion.code}"


def _footer(pdf: canvas.Canvas, completion: Completion, width: float) -> None:
    """The sponsor's name, when the programme has one, and the certificate's number, labelled,
    with how to check it (HR's certificates register lists the numbers)."""
    sponsor = completion.programme.sponsor
    if sponsor is not None:
        pdf.setFillColor(INK)
        _line(pdf, width / 2, 110, sponsor.name, "Helvetica", 12)
        pdf.setFillColor(MUTED)
        _line(pdf, width / 2, 94, _("Sponsor of the programme"), "Helvetica", 10)
    pdf.setFillColor(MUTED)
    pdf.setFont("Helvetica", 8)
    pdf.drawRightString(width - 56, 52, number_text(completion))
    pdf.drawRightString(
        width - 56,
        41,
        _("To check it, ask HR: the programme's certificates register lists every number."),
    )
