from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.access import require_hr_admin
from programmes import access as programme_access
from programmes.models import Programme

from . import access, planning, services
from .forms import DaysBeforeForm, PreferencesForm
from .models import DAYS_BEFORE_DEFAULT, ProgrammeReminderSettings

FAILED_PER_PAGE = 50


def preferences(request: HttpRequest) -> HttpResponse:
    """The reminders meant for the person, each of which they may turn off."""
    form = PreferencesForm(request.POST or None, instance=services.preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings have been saved."))
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})


def hr(request: HttpRequest) -> HttpResponse:
    """HR's reminders page: reminders that could not be sent, and N for each programme."""
    failed = access.failed_reminders_for(request.user).order_by("-updated_at", "-pk")
    page = Paginator(failed, FAILED_PER_PAGE).get_page(request.GET.get("page"))
    days = ProgrammeReminderSettings.objects.filter(programme=OuterRef("pk")).values("days_before")
    programmes = (
        programme_access.programmes_for(request.user)
        .exclude(status=Programme.Status.ARCHIVED)
        .annotate(days_before=Subquery(days))
        .order_by("-start_on", "name")
    )
    return render(
        request,
        "reminders/hr.html",
        {
            "page": page,
            "programmes": programmes,
            "default_days": DAYS_BEFORE_DEFAULT,
            "managed": set(request.user.managed_programmes.values_list("pk", flat=True)),
        },
    )


def programme_settings(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = programme_access.programme_for(request.user, code, manage=True)
    instance = ProgrammeReminderSettings.objects.filter(programme=programme).first()
    form = DaysBeforeForm(
        request.POST or None, instance=instance or ProgrammeReminderSettings(programme=programme)
    )
    if request.method == "POST" and form.is_valid():
        planning.set_days_before(
            programme=programme, days=form.cleaned_data["days_before"], by=request.user
        )
        messages.success(request, _("The reminders of this programme have been updated."))
        return redirect("reminders:hr")
    return render(request, "reminders/programme.html", {"programme": programme, "form": form})


@require_POST
def retry(request: HttpRequest, code: UUID) -> HttpResponse:
    require_hr_admin(request.user)
    reminder = access.failed_reminder_for(request.user, code)
    if services.retry(reminder=reminder, by=request.user):
        messages.success(request, _("The reminder will be sent again within a few minutes."))
    return redirect("reminders:hr")
