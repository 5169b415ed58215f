from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from audit.models import Entry
from audit.recording import record
from evaluation import access as evaluation_access

from . import certificates


def register(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = evaluation_access.managed_programme_for(request.user, code)
    lines = certificates.register(programme)
    return render(
        request,
        "hr/certificates.html",
        {
            "programme": programme,
            "lines": lines,
            "earned": sum(1 for line in lines if line.earned),
            "completed": any(line.completion for line in lines),
            "rule": certificates.settings_for(programme),
        },
    )


def download_one(request: HttpRequest, code: UUID, completion: UUID) -> HttpResponse:
    programme = evaluation_access.managed_programme_for(request.user, code)
    found = certificates.earned_completions(programme).filter(code=completion).first()
    if found is None:
        raise Http404
    name, pdf = certificates.pdf_for(found)
    record(
        Entry.Kind.EXPORT_DOWNLOADED,
        by=request.user,
        programme=programme,
        person=found.enrolment.person,
        target=found,
        details={"export": "certificate.pdf"},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name[:-4])}.pdf"'
    return response


def download_all(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = evaluation_access.managed_programme_for(request.user, code)
    completions = list(certificates.earned_completions(programme))
    if not completions:
        raise Http404
    name = f"tandem-certificates-{programme.slug}.zip"
    record(
        Entry.Kind.EXPORT_DOWNLOADED,
        by=request.user,
        programme=programme,
        details={"export": name, "certificates": len(completions)},
    )
    response = HttpResponse(certificates.zip_of(completions), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
