"""The certificate of participation, drawn with reportlab in the active language.

Helvetica, one of the PDF standard fonts, covers French and the Latin alphabets of the
directory; the file embeds no font, so it stays small (a few kilobytes).
"""

from io import BytesIO

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

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
    programme = completion.programme
    person = completion.enrolment.person
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(_("Certificate of participation"))
    pdf.setAuthor("Tandem")
    pdf.setSubject(programme.name)

    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(6)
    pdf.rect(28, 28, width - 56, height - 56)
    pdf.setLineWidth(1)
    pdf.rect(40, 40, width - 80, height - 80)

    centre = width / 2
    pdf.setFillColor(ACCENT)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawCentredString(centre, height - 110, "Tandem")
    pdf.setFillColor(INK)
    pdf.setFont("Helvetica-Bold", 34)
    pdf.drawCentredString(centre, height - 170, _("Certificate of participation"))

    pdf.setFont("Helvetica", 15)
    pdf.setFillColor(MUTED)
    pdf.drawCentredString(centre, height - 225, _("This certifies that"))
    pdf.setFillColor(INK)
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawCentredString(centre, height - 270, person.name)
    pdf.setFont("Helvetica", 15)
    pdf.setFillColor(MUTED)
    pdf.drawCentredString(
        centre,
        height - 310,
        _("took part %(role)s in the reverse-mentoring programme")
        % {"role": role_label(completion)},
    )
    pdf.setFillColor(INK)
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawCentredString(centre, height - 345, programme.name)
    pdf.setFont("Helvetica", 13)
    pdf.setFillColor(MUTED)
    period = _("from %(start)s to %(end)s") % {
        "start": formats.date_format(programme.start_on, "DATE_FORMAT"),
        "end": formats.date_format(programme.ends_on, "DATE_FORMAT"),
    }
    pdf.drawCentredString(centre, height - 375, period)
    sessions = _("%(count)d sessions held") % {"count": completion.sessions_held}
    pdf.drawCentredString(centre, height - 398, sessions)

    if programme.sponsor is not None:
        pdf.setFillColor(INK)
        pdf.setFont("Helvetica", 12)
        pdf.drawCentredString(centre, 110, programme.sponsor.name)
        pdf.setFillColor(MUTED)
        pdf.setFont("Helvetica", 10)
        pdf.drawCentredString(centre, 94, _("Sponsor of the programme"))
    pdf.setFont("Helvetica", 8)
    pdf.drawRightString(width - 56, 52, str(completion.code))

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
