"""HR's cockpit: people and roles, deactivation, the audit trail, the pairs that need HR."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from people import access as people_access

from . import directory, leaving, pages, roles, trail, worklist
from .forms import AuditFilterForm, ConfirmForm, DeactivateForm

AUDIT_PER_PAGE = 50


def _posted(request: HttpRequest):
    """The posted data, even empty (an unticked confirmation is a refusal, not a page)."""
    return request.POST if request.method == "POST" else None


def _person(request: HttpRequest, code: UUID):
    people_access.require_hr_admin(request.user)
    return people_access.person_for(request.user, code)


def edit_person(request: HttpRequest, code: UUID) -> HttpResponse:
    person = _person(request, code)
    form = directory.PersonForm(_posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        changed = directory.update_person(person=person, values=form.values, by=request.user)
        if changed:
            messages.success(
                request,
                _("%(name)s's directory entry has been saved.") % {"name": form.values["name"]},
            )
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("people:person", person.code)
    status = 400 if form.is_bound else 200
    return render(request, "hr/edit_person.html", {"person": person, "form": form}, status=status)


def change_role(request: HttpRequest, code: UUID, role: str, grant: str) -> HttpResponse:
    """Confirm, then give or take a role."""
    person = _person(request, code)
    if role not in roles.ROLES or grant not in ("grant", "revoke"):
        raise Http404
    granted = grant == "grant"
    form = ConfirmForm(_posted(request))
    context = {
        "person": person,
        "role": roles.role_label(role),
        "granted": granted,
        "form": form,
        "already": roles.has_role(person, role) == granted,
    }
    if request.method == "POST" and form.is_valid():
        try:
            roles.set_role(person=person, role=role, granted=granted, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "hr/role.html", context, status=400)
        message = (
            _("%(name)s now has the role of %(role)s.")
            if granted
            else _("%(name)s no longer has the role of %(role)s.")
        )
        messages.success(request, message % {"name": person.name, "role": context["role"]})
        return redirect("people:person", person.code)
    return render(request, "hr/role.html", context, status=400 if form.is_bound else 200)


def deactivate(request: HttpRequest, code: UUID) -> HttpResponse:
    person = _person(request, code)
    pairs = leaving.active_pairs(person)
    refusal = leaving.deactivation_refusal(person=person, by=request.user)
    form = DeactivateForm(_posted(request), pairs=pairs)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            outcome = leaving.deactivate(
                person=person,
                by=request.user,
                end_pairs=form.chosen_pairs(),
                repair_partners=form.cleaned_data.get("repair_partners", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _tell_outcome(request, person, outcome)
            return redirect("people:person", person.code)
    context = {"person": person, "pairs": pairs, "form": form, "refusal": refusal}
    return render(request, "hr/deactivate.html", context, status=400 if form.is_bound else 200)


def _tell_outcome(request: HttpRequest, person, outcome: leaving.Outcome) -> None:
    messages.success(
        request,
        _("%(name)s's account is deactivated; %(count)d pair(s) ended.")
        % {"name": person.name, "count": len(outcome.ended)},
    )
    for partner in outcome.repaired:
        messages.info(
            request,
            _(
                "A new pair is being looked for %(name)s in %(programme)s: review it on the "
                "round page."
            )
            % {"name": partner.person.name, "programme": partner.programme.name},
        )
    for reason in outcome.not_repaired:
        messages.warning(request, reason)


def reactivate(request: HttpRequest, code: UUID) -> HttpResponse:
    person = _person(request, code)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        leaving.reactivate(person=person, by=request.user)
        messages.success(request, _("%(name)s can sign in again.") % {"name": person.name})
        return redirect("people:person", person.code)
    return render(
        request,
        "hr/reactivate.html",
        {"person": person, "form": form},
        status=400 if form.is_bound else 200,
    )


def audit_trail(request: HttpRequest) -> HttpResponse:
    people_access.require_hr_admin(request.user)
    form = AuditFilterForm(request.GET or None)
    page = Paginator(form.entries(), AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    pairs = trail.pairs_of(page)
    lines = [(entry, trail.summary(entry), pairs.get(entry.target)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hr/audit.html",
        {"form": form, "page": page, "lines": lines, "query": query.urlencode()},
    )


def audit_csv(request: HttpRequest) -> HttpResponse:
    people_access.require_hr_admin(request.user)
    form = AuditFilterForm(request.GET or None)
    name = f"tandem-audit-{timezone.localdate():%Y-%m-%d}.csv"
    record(Entry.Kind.EXPORT_DOWNLOADED, by=request.user, details={"export": name})
    response = HttpResponse(trail.as_csv(form.entries()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def short_surveys(request: HttpRequest) -> HttpResponse:
    """The surveys the work list counts as short of answers, each with its rate and closing day."""
    people_access.require_hr_admin(request.user)
    surveys = worklist.short_surveys(timezone.localdate())
    return render(request, "hr/surveys.html", {"surveys": surveys})


def attention(request: HttpRequest) -> HttpResponse:
    """The pairs that need HR: at risk, asking to end, or with a member who has left."""
    people_access.require_hr_admin(request.user)
    return render(request, "hr/attention.html", pages.attention(timezone.now()))
