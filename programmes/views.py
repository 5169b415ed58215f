from datetime import date
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, pages, services, templates_catalogue
from .forms import ProgrammeForm, SchedulePreviewForm, TopicForm, objective_formset
from .schedule import planned_session_dates


def programme_list(request: HttpRequest) -> HttpResponse:
    context = pages.programme_list(
        access.programmes_for(request.user),
        status=request.GET.get("status", ""),
        page_number=request.GET.get("page"),
        closing=request.GET.get("closing", ""),
    )
    context["can_manage"] = access.can_manage(request.user)
    return render(request, "programmes/list.html", context)


def programme_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_for(request.user, code)
    context = pages.programme_detail(
        programme, can_manage=access.can_manage(request.user), user=request.user
    )
    return render(request, "programmes/detail.html", context)


def choose_template(request: HttpRequest) -> HttpResponse:
    access.require_hr_admin(request.user)
    return render(
        request,
        "programmes/choose_template.html",
        {"templates": templates_catalogue.TEMPLATES.values()},
    )


def programme_create(request: HttpRequest, template: str) -> HttpResponse:
    access.require_hr_admin(request.user)
    if template == "blank":
        blueprint = None
    elif template in templates_catalogue.TEMPLATES:
        blueprint = templates_catalogue.TEMPLATES[template]
    else:
        raise Http404
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        formset = objective_formset(request.POST)
        if "preview" not in request.POST and form.is_valid() and formset.is_valid():
            try:
                programme = services.create_programme(
                    by=request.user,
                    fields=form.programme_fields(),
                    managers=form.cleaned_data["managers"],
                    topics=form.cleaned_data["topics"],
                    objectives=formset.objectives(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The programme “%(name)s” has been created as a draft.")
                    % {"name": programme.name},
                )
                return redirect("programmes:detail", programme.code)
    else:
        if blueprint:
            initial = templates_catalogue.programme_initial(blueprint, manager=request.user)
            objectives = templates_catalogue.objectives_initial(blueprint)
        else:
            initial = templates_catalogue.blank_initial(manager=request.user)
            objectives = []
        form = ProgrammeForm(initial=initial)
        formset = objective_formset(initial=objectives)
    return render(
        request,
        "programmes/form.html",
        {
            "form": form,
            "formset": formset,
            "blueprint": blueprint,
            "preview": _schedule_preview(request, form),
        },
    )


def programme_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_for(request.user, code, manage=True)
    if not programme.is_editable:
        messages.error(request, _("A completed or archived programme can no longer be edited."))
        return redirect("programmes:detail", programme.code)
    if request.method == "POST":
        form = ProgrammeForm(request.POST, instance=programme)
        formset = objective_formset(request.POST, instance=programme)
        if "preview" not in request.POST and form.is_valid() and formset.is_valid():
            try:
                services.update_programme(
                    programme=programme,
                    by=request.user,
                    fields=form.programme_fields(),
                    managers=form.cleaned_data["managers"],
                    topics=form.cleaned_data["topics"],
                    objectives=formset.objectives(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect("programmes:detail", programme.code)
    else:
        form = ProgrammeForm(instance=programme)
        formset = objective_formset(instance=programme, blank_forms=1)
    return render(
        request,
        "programmes/form.html",
        {
            "form": form,
            "formset": formset,
            "programme": programme,
            "preview": _schedule_preview(request, form),
        },
    )


def _schedule_preview(request: HttpRequest, form: ProgrammeForm) -> list[date] | None:
    """The schedule for the dates in the form: submitted ones after a preview, else initial ones."""
    if request.method == "POST":
        preview = SchedulePreviewForm(request.POST)
        if not preview.is_valid():
            return None
        data = preview.cleaned_data
        return planned_session_dates(data["start_on"], data["cadence"], data["duration_months"])
    start = form.initial.get("start_on") or (form.instance.start_on if form.instance.pk else None)
    if not start:
        return None
    cadence = form.initial.get("cadence") or form.instance.cadence
    duration = form.initial.get("duration_months") or form.instance.duration_months
    return planned_session_dates(start, cadence, duration)


@require_POST
def programme_duplicate(request: HttpRequest, code: UUID) -> HttpResponse:
    source = access.programme_for(request.user, code, manage=True)
    try:
        copy = services.duplicate_programme(source=source, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("programmes:detail", source.code)
    messages.success(
        request,
        _("This is a draft copy of “%(name)s”. Adjust its dates before opening enrolment.")
        % {"name": source.name},
    )
    return redirect("programmes:edit", copy.code)


@require_POST
def programme_change_status(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_for(request.user, code, manage=True)
    target = request.POST.get("to", "")
    try:
        programme = services.change_status(programme=programme, to=target, by=request.user)
    except services.TransitionRefused as refusal:
        messages.error(
            request,
            _("The programme cannot move on yet: %(reasons)s")
            % {"reasons": " ".join(refusal.reasons)},
        )
    else:
        messages.success(
            request,
            _("The programme is now “%(status)s”.") % {"status": programme.get_status_display()},
        )
    return redirect("programmes:detail", programme.code)


# --- The topic catalogue ------------------------------------------------------


def topic_list(request: HttpRequest) -> HttpResponse:
    topics = access.topics_for(request.user).with_programme_count()
    return render(
        request,
        "programmes/topic_list.html",
        {
            "active": [topic for topic in topics if not topic.is_retired],
            "retired": [topic for topic in topics if topic.is_retired],
        },
    )


def topic_create(request: HttpRequest) -> HttpResponse:
    access.require_hr_admin(request.user)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        topic = services.create_topic(by=request.user, **form.cleaned_data)
        messages.success(request, _("The topic “%(name)s” has been added.") % {"name": topic})
        return redirect("programmes:topics")
    return render(request, "programmes/topic_form.html", {"form": form})


def topic_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    topic = access.topic_for(request.user, code)
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        services.rename_topic(topic=topic, by=request.user, **form.cleaned_data)
        messages.success(request, _("The topic “%(name)s” has been saved.") % {"name": topic})
        return redirect("programmes:topics")
    return render(request, "programmes/topic_form.html", {"form": form, "topic": topic})


@require_POST
def topic_retire(request: HttpRequest, code: UUID) -> HttpResponse:
    topic = services.retire_topic(topic=access.topic_for(request.user, code), by=request.user)
    messages.success(
        request,
        _("“%(name)s” is retired: it stays on the programmes that use it.") % {"name": topic},
    )
    return redirect("programmes:topics")


@require_POST
def topic_restore(request: HttpRequest, code: UUID) -> HttpResponse:
    topic = services.restore_topic(topic=access.topic_for(request.user, code), by=request.user)
    messages.success(request, _("“%(name)s” can be picked again.") % {"name": topic})
    return redirect("programmes:topics")
