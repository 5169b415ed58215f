from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.formatting import number
from common.importing import ImportReport

from . import access, services
from .forms import DirectoryImportForm, ProfileForm
from .importing import EXAMPLE_CSV, column_guide
from .models import Department

# What the directory's table shows of each person (and of their department and manager).
DIRECTORY_COLUMNS = (
    "code",
    "name",
    "email",
    "job_title",
    "grade",
    "site",
    "department__name",
    "manager__name",
    "manager__email",
)


def directory(request: HttpRequest) -> HttpResponse:
    people = access.directory_for(request.user)
    query = request.GET.get("q", "").strip()
    department = request.GET.get("department", "")
    people = people.search(query)
    if department:
        people = (
            people.filter(department__code=department) if _is_uuid(department) else people.none()
        )
    people = people.only(*DIRECTORY_COLUMNS).order_by("name", "pk")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/directory.html",
        {
            "page": page,
            "query": query,
            "department": department,
            "departments": Department.objects.all(),
            "total": page.paginator.count,
        },
    )


def person(request: HttpRequest, code: UUID) -> HttpResponse:
    subject = access.person_for(request.user, code)
    return render(request, "people/person.html", {"person": subject})


def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("people:profile")
    return render(request, "people/profile.html", {"form": form, "person": request.user})


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def import_directory(request: HttpRequest) -> HttpResponse:
    access.require_hr_admin(request.user)
    posted = request.method == "POST"
    form = DirectoryImportForm(request.POST, request.FILES) if posted else DirectoryImportForm()
    report = None
    if posted and form.is_valid():
        report = services.import_directory(
            data=form.cleaned_data["file"],
            send_invitations=form.cleaned_data["send_invitations"],
            by=request.user,
            full=form.cleaned_data["full"],
        )
        if report.ok:
            messages.success(
                request, _import_summary(report, form.cleaned_data["send_invitations"])
            )
            return redirect("people:directory")
    return render(
        request,
        "people/import.html",
        {"form": form, "report": report, "columns": column_guide()},
    )


def import_example(request: HttpRequest) -> HttpResponse:
    access.require_hr_admin(request.user)
    # The byte-order mark tells Excel the file is UTF-8, so that “Léa” does not come out garbled.
    response = HttpResponse("\ufeff" + EXAMPLE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tandem-directory-example.csv"'
    return response


def _import_summary(report: ImportReport, invited: bool) -> str:
    summary = _(
        "The directory file was imported: %(created)s added, %(updated)s updated, "
        "%(unchanged)s unchanged."
    ) % {
        "created": number(report.created),
        "updated": number(report.updated),
        "unchanged": number(report.unchanged),
    }
    if grades := getattr(report, "grade_changed", 0):
        summary += " " + ngettext(
            "%(count)s grade change recorded.", "%(count)s grade changes recorded.", grades
        ) % {"count": number(grades)}
    if left := getattr(report, "left", 0):
        summary += " " + ngettext(
            "%(count)s person missing from the file is recorded as having left.",
            "%(count)s people missing from the file are recorded as having left.",
            left,
        ) % {"count": number(left)}
    if returned := getattr(report, "returned", 0):
        summary += " " + ngettext(
            "%(count)s person is back in the directory.",
            "%(count)s people are back in the directory.",
            returned,
        ) % {"count": number(returned)}
    if invited and report.created:
        summary += " " + ngettext(
            "An invitation is on its way to the %(count)s new person.",
            "Invitations are on their way to the %(count)s new people.",
            report.created,
        ) % {"count": number(report.created)}
    return summary
