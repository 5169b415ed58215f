"""HR's page for a programme's schedule: closure periods, and re-planning the coming
sessions around them (every member of a moved session is told at once)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.formatting import number

from . import access, planning
from .forms import ClosureForm
from .models import ClosurePeriod


def _moved_message(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s session moved; its two members are told by email, with the new "
                "invitation.",
                "%(count)s sessions moved; their members are told by email, with the new "
                "invitations.",
                count,
            )
            % {"count": number(count)},
        )
    else:
        messages.success(request, _("No session had to move."))


def schedule(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_schedule_for(request.user, code)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _period, moved = planning.add_closure(
                programme=programme, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _moved_message(request, len(moved))
            return redirect("meetings:schedule", programme.code)
    context = {
        "programme": programme,
        "form": form,
        "closures": ClosurePeriod.objects.filter(programme=programme),
    }
    return render(request, "meetings/schedule.html", context)


@require_POST
def replan(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_schedule_for(request.user, code)
    moved = planning.replan_programme(programme=programme, by=request.user)
    _moved_message(request, len(moved))
    return redirect("meetings:schedule", programme.code)


@require_POST
def remove_closure(request: HttpRequest, code: UUID) -> HttpResponse:
    period = access.closure_for(request.user, code)
    planning.remove_closure(period=period, by=request.user)
    messages.success(
        request, _("The closure period is removed. Sessions already moved stay where they are.")
    )
    return redirect("meetings:schedule", period.programme.code)
