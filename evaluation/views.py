from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from meetings.models import Meeting
from pairing.models import Pair, at_risk_cutoff
from people.access import is_hr_admin, require_hr_admin
from programmes.models import Programme

from . import access, certificates, exports
from .charts import chart_data
from .forms import QuestionForm, SettingsForm, SurveyForm
from .models import Completion, Survey, Testimonial
from .reports.cache import reports
from .reports.gathering import comments_for
from .reports.pooled import pooled_report
from .services import surveys as services

PAIRS_PER_PAGE = 100
PAIR_STATES = {
    "on_track": gettext_lazy("Active"),
    "at_risk": gettext_lazy("At risk"),
    "ended": gettext_lazy("Ended"),
}


# --- Dashboards -------------------------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    """Every programme the reader may see, pooled, with one line per programme."""
    programmes = list(access.measured_programmes_for(request.user).order_by("-start_on", "name"))
    per_programme = reports(programmes, cached=True)
    pooled = pooled_report(per_programme)
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "report": pooled,
            "lines": per_programme,
            "charts": chart_data(pooled),
            "is_hr": is_hr_admin(request.user),
        },
    )


def programme_dashboard(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code)
    report = reports([programme], cached=True)[0]
    is_hr = is_hr_admin(request.user)
    return render(
        request,
        "evaluation/programme.html",
        {
            "programme": programme,
            "report": report,
            "charts": chart_data(report),
            "is_hr": is_hr,
            "comments": comments_for(programme) if is_hr else [],
        },
    )


def printable_report(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code)
    report = reports([programme], cached=True)[0]
    return render(
        request,
        "evaluation/report.html",
        {"programme": programme, "report": report, "printed_at": timezone.now()},
    )


def _csv_response(content: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def indicators_csv(request: HttpRequest) -> HttpResponse:
    programmes = list(access.measured_programmes_for(request.user).order_by("-start_on", "name"))
    per_programme = reports(programmes, cached=True)
    content = exports.indicators_csv([pooled_report(per_programme), *per_programme])
    return _csv_response(content, "tandem-indicators.csv")


def programme_indicators_csv(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code)
    content = exports.indicators_csv(reports([programme], cached=True))
    return _csv_response(content, f"tandem-indicators-{programme.slug}.csv")


# --- HR's drill-down to pairs -------------------------------------------------------------


def _pairs(programme: Programme, state: str = "") -> tuple[QuerySet, datetime]:
    """The programme's published pairs in this state, by names: a plain query, so that a
    page of them is cheap; their counts come from `_lines`."""
    cutoff = at_risk_cutoff(timezone.now())
    recent = Meeting.objects.filter(
        pair=OuterRef("pk"), status=Meeting.Status.HELD, starts_at__gte=cutoff
    )
    pairs = (
        Pair.objects.published()
        .filter(programme=programme)
        .select_related("mentor_person", "mentee_person")
        .order_by("mentor_person__name", "mentee_person__name", "pk")
    )
    quiet = Q(status=Pair.Status.ACTIVE, recent=False, published_at__lte=cutoff)
    running = programme.status == Programme.Status.RUNNING
    if state == "ended":
        pairs = pairs.filter(status=Pair.Status.ENDED)
    elif state == "at_risk":
        pairs = pairs.alias(recent=Exists(recent)).filter(quiet) if running else pairs.none()
    elif state == "on_track":
        pairs = pairs.filter(status=Pair.Status.ACTIVE)
        if running:
            pairs = pairs.alias(recent=Exists(recent)).exclude(quiet)
    return pairs, cutoff


def _lines(programme: Programme, pairs: Iterable[Pair], cutoff: datetime) -> list[dict]:
    """Each pair with its state and counts of sessions (one grouped query): never notes,
    feedback or ratings."""
    pairs = list(pairs)
    held = Q(status=Meeting.Status.HELD)
    counts = {
        row["pair_id"]: row
        for row in Meeting.objects.filter(pair__in=[pair.pk for pair in pairs])
        .order_by()
        .values("pair_id")
        .annotate(
            held=Count("pk", filter=held),
            planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
            cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
            last_held=Max("starts_at", filter=held),
        )
    }
    running = programme.status == Programme.Status.RUNNING
    lines = []
    for pair in pairs:
        row = counts.get(pair.pk, {"held": 0, "planned": 0, "cancelled": 0, "last_held": None})
        last_held = row["last_held"]
        at_risk = (
            running
            and pair.status == Pair.Status.ACTIVE
            and pair.published_at <= cutoff
            and (last_held is None or last_held < cutoff)
        )
        if pair.status == Pair.Status.ENDED:
            state = PAIR_STATES["ended"]
        else:
            state = PAIR_STATES["at_risk" if at_risk else "on_track"]
        lines.append(
            {
                "pair": pair,
                "state": str(state),
                "held": row["held"],
                "planned": row["planned"],
                "cancelled": row["cancelled"],
                "last_held": last_held,
                "at_risk": at_risk,
            }
        )
    return lines


def programme_pairs(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code, manage=True)
    state = request.GET.get("state", "")
    state = state if state in PAIR_STATES else ""
    pairs, cutoff = _pairs(programme, state)
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/pairs.html",
        {
            "programme": programme,
            "page": page,
            "lines": _lines(programme, page, cutoff),
            "state": state,
            "states": PAIR_STATES.items(),
        },
    )


def programme_pairs_csv(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code, manage=True)
    pairs, cutoff = _pairs(programme)
    content = exports.pairs_csv(_lines(programme, pairs, cutoff))
    return _csv_response(content, f"tandem-pairs-{programme.slug}.csv")


# --- HR's set-up: questions and the certificate rule ---------------------------------------


def setup(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.managed_programme_for(request.user, code)
    surveys = services.ensure_surveys(programme)
    current = services.settings_for(programme)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                programme=programme,
                by=request.user,
                target_population=form.cleaned_data["target_population"],
                certificate_min_sessions=form.cleaned_data["certificate_min_sessions"],
                certificate_needs_final_review=form.cleaned_data["certificate_needs_final_review"],
            )
        except services.SurveyRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("The evaluation settings are saved."))
            return redirect("evaluation:setup", programme.code)
    survey_list = [
        (survey, list(survey.questions.all()))
        for survey in sorted(surveys.values(), key=lambda s: Survey.Kind.values.index(s.kind))
    ]
    return render(
        request,
        "evaluation/setup.html",
        {
            "programme": programme,
            "form": form,
            "question_form": QuestionForm(),
            "surveys": survey_list,
        },
    )


@require_POST
def add_question(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.managed_programme_for(request.user, code)
    form = QuestionForm(request.POST)
    if form.is_valid():
        surveys = services.ensure_surveys(programme)
        try:
            services.add_question(
                survey=surveys[form.cleaned_data["survey"]],
                by=request.user,
                text_en=form.cleaned_data["text_en"],
                text_fr=form.cleaned_data["text_fr"],
                kind=form.cleaned_data["kind"],
                audience=form.cleaned_data["audience"],
            )
        except services.SurveyRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The question is added."))
            return redirect("evaluation:setup", programme.code)
    surveys = services.ensure_surveys(programme)
    return render(
        request,
        "evaluation/setup.html",
        {
            "programme": programme,
            "form": SettingsForm(instance=services.settings_for(programme)),
            "question_form": form,
            "surveys": [
                (survey, list(survey.questions.all()))
                for survey in sorted(
                    surveys.values(), key=lambda s: Survey.Kind.values.index(s.kind)
                )
            ],
        },
        status=400,
    )


@require_POST
def remove_question(request: HttpRequest, code: UUID) -> HttpResponse:
    question = access.question_for(request.user, code)
    programme = question.survey.programme
    try:
        services.remove_question(question=question, by=request.user)
    except services.SurveyRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The question is removed."))
    return redirect("evaluation:setup", programme.code)


# --- The person's surveys and certificates ------------------------------------------------


def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evaluation/mine.html",
        {
            "pending": services.pending_surveys(request.user),
            "certificates": Completion.objects.filter(
                enrolment__person=request.user, earned_certificate=True
            ).select_related("programme", "enrolment"),
        },
    )


def answer(request: HttpRequest, code: UUID) -> HttpResponse:
    response = access.response_for(request.user, code)
    survey = response.survey
    if response.is_answered or not services.is_open(response):
        return render(request, "evaluation/answered.html", {"response": response}, status=200)
    lines = services.questions_for(response)
    final = survey.kind == Survey.Kind.FINAL
    form = SurveyForm(request.POST or None, lines=lines, final=final)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(
                response=response,
                by=request.user,
                answers=form.answers(),
                testimonial=form.cleaned_data.get("testimonial", ""),
                consent=form.cleaned_data.get("consent", False),
            )
        except services.SurveyRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("evaluation:mine")
    return render(
        request,
        "evaluation/answer.html",
        {"response": response, "survey": survey, "programme": survey.programme, "form": form},
    )


def certificate(request: HttpRequest, code: UUID) -> HttpResponse:
    completion = access.certificate_for(request.user, code)
    pdf = certificates.render(completion)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(certificates.filename(completion).removesuffix(".pdf")) + ".pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Testimonials -------------------------------------------------------------------------


def testimonials(request: HttpRequest) -> HttpResponse:
    published = Testimonial.objects.approved().select_related(
        "response__enrolment__person", "response__survey__programme"
    )
    page = Paginator(published, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/testimonials.html",
        {"page": page, "can_review": is_hr_admin(request.user)},
    )


def review_testimonials(request: HttpRequest) -> HttpResponse:
    require_hr_admin(request.user)
    rows = Testimonial.objects.select_related(
        "response__enrolment__person", "response__survey__programme", "decided_by"
    ).order_by("status", "-consented_at", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "evaluation/review_testimonials.html", {"page": page})


@require_POST
def decide_testimonial(request: HttpRequest, code: UUID) -> HttpResponse:
    testimonial = access.testimonial_for_review(request.user, code)
    approve = request.POST.get("decision") == "approve"
    services.decide_testimonial(testimonial=testimonial, approve=approve, by=request.user)
    if approve:
        messages.success(request, _("The testimonial is published."))
    else:
        messages.success(request, _("The testimonial will not be published."))
    return redirect("evaluation:review_testimonials")
