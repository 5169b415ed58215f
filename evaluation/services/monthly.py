"""The sponsor's monthly report: on the first day of each month, from 7:00, each sponsor
of a running programme (or of one that ended last month) receives its PDF report, in
their language, unless they opted out.

The beat runs `send_monthly_reports` every hour, so a beat that was down on the first
catches up on its next run. Each (programme, month) is a `SponsorReport` row inserted
with ignore_conflicts and claimed by a conditional update (`sent_at IS NULL`) before the
send, so a second beat, a retry or two workers never send twice; a send that raises gives
the claim back.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from common.emails import make_message
from programmes.models import Programme

from .. import charts, report_pdf
from ..models import MonthlyReportOptOut, SponsorReport
from ..reports.cache import read
from ..wording import figure_text, percent_text

logger = logging.getLogger(__name__)
SEND_FROM = time(7, 0)


def month_of(now: datetime) -> date | None:
    """The month whose report is due at `now` (its first day), or None before 7:00 on the
    first day of the month."""
    local = timezone.localtime(now)
    first = local.date().replace(day=1)
    if local.date() == first and local.time() < SEND_FROM:
        return None
    return first


def due_programmes(month: date) -> list[Programme]:
    """Programmes with a sponsor who has not opted out: running, or ended in the month
    before `month` (their last report)."""
    previous = (month - timedelta(days=1)).replace(day=1)
    opted_out = MonthlyReportOptOut.objects.values("person_id")
    candidates = (
        Programme.objects.filter(
            status__in=[Programme.Status.RUNNING, Programme.Status.COMPLETED],
            sponsor__isnull=False,
            sponsor__is_active=True,
            start_on__lt=month,
        )
        .exclude(sponsor__in=opted_out)
        .select_related("sponsor")
    )
    return [
        programme
        for programme in candidates
        if programme.status == Programme.Status.RUNNING or programme.ends_on >= previous
    ]


def send_monthly_reports(*, now: datetime | None = None) -> int:
    """Send every report due this month and not yet sent; returns how many went out."""
    now = now or timezone.now()
    month = month_of(now)
    if month is None:
        return 0
    programmes = due_programmes(month)
    SponsorReport.objects.bulk_create(
        [SponsorReport(programme=p, month=month, sponsor=p.sponsor) for p in programmes],
        ignore_conflicts=True,
    )
    sent = 0
    for programme in programmes:
        sent += send_one(programme=programme, month=month, now=now)
    return sent


def send_one(*, programme: Programme, month: date, now: datetime) -> int:
    """Claim this month's report of the programme, send it; 1 if this call sent it."""
    with transaction.atomic():
        claimed = SponsorReport.objects.filter(
            programme=programme, month=month, sent_at__isnull=True
        ).update(sent_at=now, sponsor=programme.sponsor)
    if not claimed:
        return 0
    try:
        message(programme, month, now).send()
    except Exception:
        SponsorReport.objects.filter(programme=programme, month=month).update(sent_at=None)
        logger.exception("The monthly report of %s could not be sent.", programme.slug)
        raise
    return 1


def message(programme: Programme, month: date, now: datetime):
    """The email with the PDF attached, in the sponsor's language."""
    sponsor = programme.sponsor
    with translation.override(sponsor.preferred_language):
        [report], participations = read([programme], now=now)
        participation = participations[programme.pk]
        data = charts.chart_data(report, participation)
        pdf = report_pdf.render(report, data, printed_at=now)
        figures = [
            (str(label), value)
            for label, value in [
                (translation.gettext("Published pairs"), figure_text(report.pairs["total"])),
                (translation.gettext("Sessions held"), figure_text(report.sessions_held)),
                (
                    translation.gettext("Held against due to date"),
                    percent_text(report.held_rate),
                ),
                (
                    translation.gettext("Average session rating"),
                    figure_text(report.rating, 1, " / 5"),
                ),
            ]
        ]
    email = make_message(
        "evaluation/emails/monthly",
        to=sponsor,
        context={
            "programme": programme,
            "month": month,
            "figures": figures,
            "link": settings.SITE_URL + reverse("evaluation:programme", args=[programme.code]),
            "opt_out_link": settings.SITE_URL + reverse("evaluation:monthly_report"),
        },
    )
    email.attach(report_pdf.filename(report, now), pdf, "application/pdf")
    return email
