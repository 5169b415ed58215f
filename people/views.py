from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import access
from .forms import ProfileForm
from .models import Department


def directory(request: HttpRequest) -> HttpResponse:
    people = access.directory_for(request.user)
    query = request.GET.get("q", "").strip()
    department = request.GET.get("department", "")
    people = people.search(query)
    if department:
        people = (
            people.filter(department__code=department) if _is_uuid(department) else people.none()
        )
    page = Paginator(people.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
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
    # Placeholder replaced by the directory-import work.
    access.require_hr_admin(request.user)
    return render(request, "people/import.html", {})
