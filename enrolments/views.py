from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.formatting import number
from programmes.models import Programme

from . import access, eligibility, importing, pages
from .forms import (
    BulkDecisionForm,
    DecisionForm,
    EnrolmentImportForm,
    ReviewFilterForm,
    VolunteerForm,
    WithdrawForm,
)
from .models import Enrolment
from .services import decisions, imports, reading, volunteering, withdrawal
from .services.errors import EnrolmentRefused

Role = Enrolment.Role
Status = Enrolment.Status
PAGE_SIZE = 50
# Service error keys that are not form fields, and the field that shows them.
ERROR_FIELDS = {"availability": "flexible"}


# --- Volunteers ------------------------------------------------------------------------


def open_programmes(request: HttpRequest) -> HttpResponse:
    """The programmes a person can volunteer for today, and where they stand in each."""
    return render(request, "enrolments/open.html", {"cards": pages.open_programmes(request.user)})


def my_programmes(request: HttpRequest) -> HttpResponse:
    enrolments = access.enrolments_of(request.user).with_topics().order_by("-submitted_at", "-pk")
    return render(request, "enrolments/mine.html", {"enrolments": enrolments})


def volunteer(request: HttpRequest, code: UUID, role: str) -> HttpResponse:
    if role not in Role.values:
        raise Http404
    user = request.user
    programme = access.programme_to_join(user, code)
    existing = access.enrolments_of(user).filter(programme=programme).first()
    if existing is not None:
        messages.info(request, _("You have already volunteered for this programme."))
        return redirect("enrolments:detail", existing.code)
    # Told why before filling anything in.
    closed = eligibility.enrolment_closed(programme)
    refusals = [refusal.to_volunteer for refusal in eligibility.refusals(programme, user, role)]
    if closed or refusals:
        return _cannot_volunteer(request, programme, role, [closed] if closed else refusals)

    form = VolunteerForm(request.POST or None, programme=programme, person=user, role=role)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = volunteering.volunteer(
                programme=programme,
                person=user,
                role=role,
                answers=form.answers(),
                charter_accepted=form.cleaned_data.get("accept_charter", False),
            )
        except volunteering.AlreadyEnrolled as refusal:
            # Most likely a second tab or a double click that lost the race: show the winner.
            messages.info(request, refusal.reasons[0])
            existing = access.enrolments_of(user).filter(programme=programme).first()
            if existing is None:
                return redirect("enrolments:mine")
            return redirect("enrolments:detail", existing.code)
        except EnrolmentRefused as refusal:
            return _cannot_volunteer(request, programme, role, refusal.reasons)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you for volunteering for “%(name)s”. HR will review your enrolment "
                    "and email you their decision."
                )
                % {"name": programme.name},
            )
            return redirect("enrolments:detail", enrolment.code)
    return render(
        request,
        "enrolments/volunteer.html",
        {"programme": programme, "role": Role(role), "form": form},
    )


def _cannot_volunteer(
    request: HttpRequest, programme: Programme, role: str, reasons: list[str]
) -> HttpResponse:
    return render(
        request,
        "enrolments/cannot_volunteer.html",
        {"programme": programme, "role": Role(role), "reasons": reasons},
    )


def _add_errors(form: VolunteerForm | DecisionForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        name = ERROR_FIELDS.get(name, name)
        form.add_error(name if name in form.fields else None, messages_)


def enrolment_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    enrolment = access.enrolment_for(request.user, code)
    is_own = enrolment.person_id == request.user.pk
    can_review = access.can_review(request.user)
    context: dict[str, Any] = {
        "enrolment": enrolment,
        "programme": enrolment.programme,
        "is_own": is_own,
        "can_review": can_review,
        "withdraw_form": WithdrawForm() if is_own and enrolment.can_withdraw else None,
    }
    if can_review:
        context["decision_form"] = DecisionForm()
    context["rather_not"] = list(enrolment.rather_not.all())
    return render(request, "enrolments/detail.html", context)


@require_POST
def withdraw(request: HttpRequest, code: UUID) -> HttpResponse:
    enrolment = _own_enrolment(request, code)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        withdrawal.withdraw(enrolment=enrolment, by=request.user, reason=reason)
    except EnrolmentRefused as refusal:
        messages.error(request, refusal.reasons[0])
    else:
        messages.success(
            request,
            _("You have withdrawn from “%(name)s”. HR has been told.")
            % {"name": enrolment.programme.name},
        )
    return redirect("enrolments:mine")


@require_POST
def accept_charter(request: HttpRequest, code: UUID) -> HttpResponse:
    enrolment = _own_enrolment(request, code)
    volunteering.accept_charter(enrolment=enrolment, by=request.user)
    messages.success(request, _("Thank you: you have accepted the charter."))
    return redirect("enrolments:detail", enrolment.code)


def _own_enrolment(request: HttpRequest, code: UUID) -> Enrolment:
    try:
        return access.enrolments_of(request.user).select_related("programme").get(code=code)
    except Enrolment.DoesNotExist as exc:
        raise Http404 from exc


# --- HR's review ---------------------------------------------------------------------------


def review_index(request: HttpRequest) -> HttpResponse:
    """Every programme HR may review, with its volunteers counted by role and status."""
    access.require_hr_admin(request.user)
    lines = pages.review_lines(request.user)
    return render(request, "enrolments/review_index.html", {"lines": lines})


def review(request: HttpRequest, code: UUID) -> HttpResponse:
    """HR's queue for one programme: filter, then approve, waitlist or decline the ticked ones."""
    programme = access.programme_to_review(request.user, code)
    candidates = access.enrolments_to_review(request.user, programme)
    filters = ReviewFilterForm(request.GET or None, programme=programme)
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    back = reverse("enrolments:review", args=[programme.code]) + (f"?{query}" if query else "")

    form = BulkDecisionForm(request.POST or None, enrolments=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            decided = decisions.decide(
                programme=programme,
                enrolments=form.cleaned_data["enrolments"],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except EnrolmentRefused as refusal:
            messages.error(request, " ".join(refusal.reasons))
            return redirect(back)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _decision_messages(request, decided, form.cleaned_data["decision"])
            return redirect(back)

    enrolments = filters.filter(candidates).for_queue().in_review_order()
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    ticked = set(request.POST.getlist("enrolments")) if request.method == "POST" else set()
    return render(
        request,
        "enrolments/review.html",
        {
            "programme": programme,
            "filters": filters,
            "form": form,
            "page": page,
            "ticked": ticked,
            "query": query,
            "counts": reading.count_rows(reading.enrolment_counts(programme)),
        },
    )


@require_POST
def decide(request: HttpRequest, code: UUID) -> HttpResponse:
    """One decision, from the enrolment's own page."""
    if not access.can_review(request.user):
        raise Http404
    enrolment = access.enrolment_for(request.user, code)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decided = decisions.decide(
                programme=enrolment.programme,
                enrolments=[enrolment],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except EnrolmentRefused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _decision_messages(request, decided, form.cleaned_data["decision"])
            return redirect("enrolments:detail", enrolment.code)
    if form.errors:
        return render(
            request,
            "enrolments/detail.html",
            {
                "enrolment": enrolment,
                "programme": enrolment.programme,
                "is_own": enrolment.person_id == request.user.pk,
                "can_review": True,
                "decision_form": form,
                "rather_not": list(enrolment.rather_not.all()),
            },
        )
    return redirect("enrolments:detail", enrolment.code)


def _decision_messages(request: HttpRequest, decided: decisions.Decided, decision: str) -> None:
    count = len(decided.changed)
    if count:
        text = {
            Status.APPROVED: ngettext(
                "%(count)d volunteer approved.", "%(count)d volunteers approved.", count
            ),
            Status.WAITLISTED: ngettext(
                "%(count)d volunteer put on the waiting list.",
                "%(count)d volunteers put on the waiting list.",
                count,
            ),
            Status.DECLINED: ngettext(
                "%(count)d volunteer declined.", "%(count)d volunteers declined.", count
            ),
        }[decision]
        email = ngettext(
            "An email in their language is on its way.",
            "Each is being emailed in their language.",
            count,
        )
        messages.success(request, f"{text % {'count': count}} {email}")
    if decided.unchanged:
        messages.info(
            request,
            ngettext(
                "%(count)d volunteer already had this decision and was left as is.",
                "%(count)d volunteers already had this decision and were left as they were.",
                len(decided.unchanged),
            )
            % {"count": len(decided.unchanged)},
        )


# --- Import ------------------------------------------------------------------------------


def import_enrolments(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_to_review(request.user, code)
    posted = request.method == "POST"
    form = EnrolmentImportForm(request.POST, request.FILES) if posted else EnrolmentImportForm()
    report = None
    if posted and form.is_valid():
        report = imports.import_enrolments(
            programme=programme, data=form.cleaned_data["file"], by=request.user
        )
        if report.ok:
            messages.success(
                request,
                ngettext(
                    "%(count)s volunteer was imported, waiting for your review.",
                    "%(count)s volunteers were imported, waiting for your review.",
                    report.created,
                )
                % {"count": number(report.created)},
            )
            return redirect("enrolments:review", programme.code)
    return render(
        request,
        "enrolments/import.html",
        {
            "programme": programme,
            "form": form,
            "report": report,
            "columns": importing.column_guide(programme),
        },
    )


def import_example(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_to_review(request.user, code)
    # The byte-order mark tells Excel the file is UTF-8.
    response = HttpResponse(
        "\ufeff" + importing.example_csv(programme), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tandem-volunteers-{programme.slug}.csv"'
    )
    return response
