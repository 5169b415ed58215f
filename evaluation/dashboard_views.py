"""The dashboards, their exports, the PDF report, the comparison of two programmes and
the sponsor's monthly report setting. Each page builds its figures once
(`dashboards.view_for`) and renders them; the CSV and the PDF read the same objects."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import Entry
from audit.recording import record
from people.access import is_hr_admin
from programmes.models import Programme

from . import access, dashboards, exports, report_pdf
from .models import MonthlyReportOptOut
from .reports.gathering import comments_for


def dashboard(request: HttpRequest) -> HttpResponse:
    """Every programme the reader may see, pooled, with one line per programme."""
    programmes = list(access.measured_programmes_for(request.user).order_by("-start_on", "name"))
    view = dashboards.view_for(programmes)
    return render(
        request,
        "evaluation/dashboard.html",
        {**view.context(), "is_hr": is_hr_admin(request.user), "programmes": programmes},
    )


def programme_dashboard(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code)
    view = dashboards.view_for([programme], focus=programme)
    is_hr = is_hr_admin(request.user)
    return render(
        request,
        "evaluation/programme.html",
        {
            **view.context(),
            "programme": programme,
            "is_hr": is_hr,
            "comments": comments_for(programme) if is_hr else [],
        },
    )


def printable_report(request: HttpRequest, code: UUID) -> HttpResponse:
    """The programme's report as a PDF, with its charts, in the reader's language."""
    programme = access.measured_programme_for(request.user, code)
    view = dashboards.view_for([programme], focus=programme)
    printed_at = timezone.now()
    pdf = report_pdf.render(view.report, view.charts, printed_at=printed_at)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = report_pdf.filename(view.report, printed_at)
    record_download(request, name, programme)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def compare(request: HttpRequest) -> HttpResponse:
    """Two programmes (two editions of one, often) side by side."""
    programmes = list(access.measured_programmes_for(request.user).order_by("-start_on", "name"))
    by_code = {str(programme.code): programme for programme in programmes}
    chosen = [by_code.get(request.GET.get(key, "")) for key in ("first", "second")]
    if not all(chosen):
        chosen = dashboards.default_pair(programmes)
    views = [dashboards.view_for([p], focus=p) for p in chosen] if all(chosen) else []
    return render(
        request,
        "evaluation/compare.html",
        {
            "programmes": programmes,
            "chosen": chosen,
            "rows": dashboards.comparison_rows(views) if views else [],
        },
    )


def record_download(request: HttpRequest, name: str, programme: Programme | None = None) -> None:
    """An export leaves Tandem: the audit trail says who took which file (issue 15)."""
    record(
        Entry.Kind.EXPORT_DOWNLOADED, by=request.user, programme=programme, details={"export": name}
    )


def csv_response(content: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def indicators_csv(request: HttpRequest) -> HttpResponse:
    programmes = list(access.measured_programmes_for(request.user).order_by("-start_on", "name"))
    view = dashboards.view_for(programmes)
    name = "tandem-indicators.csv"
    content = exports.indicators_csv(view.exports())
    record_download(request, name)
    return csv_response(content, name)


def programme_indicators_csv(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code)
    view = dashboards.view_for([programme], focus=programme)
    content = exports.indicators_csv(view.exports())
    name = f"tandem-indicators-{programme.slug}.csv"
    record_download(request, name, programme)
    return csv_response(content, name)


def monthly_report(request: HttpRequest) -> HttpResponse:
    """The sponsor's setting: receive the monthly report of the programmes they sponsor."""
    access.require_dashboard_reader_or_sponsor(request.user)
    return render(
        request,
        "evaluation/monthly_report.html",
        {
            "receives": not MonthlyReportOptOut.objects.filter(person=request.user).exists(),
            "sponsored": access.sponsored_programmes(request.user),
        },
    )


@require_POST
def set_monthly_report(request: HttpRequest) -> HttpResponse:
    access.require_dashboard_reader_or_sponsor(request.user)
    if request.POST.get("receive") == "yes":
        MonthlyReportOptOut.objects.filter(person=request.user).delete()
        messages.success(request, _("You will receive the monthly report again."))
    else:
        MonthlyReportOptOut.objects.get_or_create(person=request.user)
        messages.success(request, _("You will no longer receive the monthly report."))
    return redirect("evaluation:monthly_report")
