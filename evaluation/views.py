from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.access import is_hr_admin, require_hr_admin
from programmes.models import Programme

from . import access, certificates, exports, pages
from .dashboard_views import csv_response, record_download
from .forms import QuestionForm, SettingsForm, SurveyForm, TestimonialDecisionForm
from .models import Completion, Survey, Testimonial
from .services import surveys
from .services import testimonials as testimonial_services

PAIRS_PER_PAGE = 50  # HR finds a pair by its state and the pages; the CSV has them all


# --- HR's drill-down to pairs -------------------------------------------------------------


def programme_pairs(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code, manage=True)
    state = pages.pair_state(request.GET.get("state", ""))
    pairs = pages.published_pairs(programme, state)
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/pairs.html",
        {
            "programme": programme,
            "page": page,
            "lines": pages.pair_lines(page),
            "state": state,
            "states": pages.PAIR_STATES.items(),
        },
    )


def programme_pairs_csv(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.measured_programme_for(request.user, code, manage=True)
    content = exports.pairs_csv(pages.pair_lines(pages.published_pairs(programme)))
    name = f"tandem-pairs-{programme.slug}.csv"
    record_download(request, name, programme)
    return csv_response(content, name)


# --- HR's set-up: questions and the certificate rule ---------------------------------------


def setup(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.managed_programme_for(request.user, code)
    found = surveys.ensure_surveys(programme)
    form = SettingsForm(request.POST or None, instance=surveys.settings_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            surveys.update_settings(
                programme=programme,
                by=request.user,
                target_population=form.cleaned_data["target_population"],
                certificate_min_sessions=form.cleaned_data["certificate_min_sessions"],
                certificate_needs_final_review=form.cleaned_data["certificate_needs_final_review"],
            )
        except surveys.SurveyRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("The evaluation settings are saved."))
            return redirect("evaluation:setup", programme.code)
    return _render_setup(request, programme, found, form, QuestionForm())


@require_POST
def add_question(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.managed_programme_for(request.user, code)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            surveys.add_question(
                survey=surveys.ensure_surveys(programme)[form.cleaned_data["survey"]],
                by=request.user,
                text_en=form.cleaned_data["text_en"],
                text_fr=form.cleaned_data["text_fr"],
                kind=form.cleaned_data["kind"],
                audience=form.cleaned_data["audience"],
            )
        except surveys.SurveyRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The question is added."))
            return redirect("evaluation:setup", programme.code)
    found = surveys.ensure_surveys(programme)
    settings_form = SettingsForm(instance=surveys.settings_for(programme))
    return _render_setup(request, programme, found, settings_form, form, status=400)


def _render_setup(
    request: HttpRequest,
    programme: Programme,
    found: dict[str, Survey],
    form: SettingsForm,
    question_form: QuestionForm,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "evaluation/setup.html",
        {
            "programme": programme,
            "form": form,
            "question_form": question_form,
            "surveys": pages.survey_questions(found),
            "highlighted": request.GET.getlist("survey"),
        },
        status=status,
    )


@require_POST
def remove_question(request: HttpRequest, code: UUID) -> HttpResponse:
    question = access.question_for(request.user, code)
    programme = question.survey.programme
    try:
        surveys.remove_question(question=question, by=request.user)
    except surveys.SurveyRefused as refused:
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
            "pending": surveys.pending_surveys(request.user),
            "certificates": Completion.objects.certificates_of(request.user).select_related(
                "programme", "enrolment"
            ),
        },
    )


def answer(request: HttpRequest, code: UUID) -> HttpResponse:
    response = access.response_for(request.user, code)
    survey = response.survey
    if response.is_answered or not surveys.is_open(response):
        return render(request, "evaluation/answered.html", {"response": response}, status=200)
    lines = surveys.questions_for(response)
    final = survey.kind == Survey.Kind.FINAL
    form = SurveyForm(request.POST or None, lines=lines, final=final)
    if request.method == "POST" and form.is_valid():
        try:
            surveys.answer_survey(
                response=response,
                by=request.user,
                answers=form.answers(),
                testimonial=form.cleaned_data.get("testimonial", ""),
                consent=form.cleaned_data.get("consent", False),
                testimonial_language=form.cleaned_data.get("testimonial_language", ""),
                translation_consent=form.cleaned_data.get("translation_consent", False),
            )
        except surveys.SurveyRefused as refused:
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


def review_testimonials(
    request: HttpRequest, bound: TestimonialDecisionForm | None = None
) -> HttpResponse:
    """Every testimonial with its decision form; `bound` is the one HR just sent back with
    its errors."""
    require_hr_admin(request.user)
    rows = Testimonial.objects.select_related(
        "response__enrolment__person", "response__survey__programme", "decided_by"
    ).order_by("status", "-consented_at", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for testimonial in page:
        if bound is not None and bound.testimonial.pk == testimonial.pk:
            testimonial.form = bound
        else:
            testimonial.form = TestimonialDecisionForm(testimonial=testimonial)
    return render(request, "evaluation/review_testimonials.html", {"page": page})


@require_POST
def decide_testimonial(request: HttpRequest, code: UUID) -> HttpResponse:
    testimonial = access.testimonial_for_review(request.user, code)
    form = TestimonialDecisionForm(request.POST, testimonial=testimonial)
    if form.is_valid():
        try:
            testimonial_services.decide_testimonial(
                testimonial=testimonial,
                approve=form.approve,
                by=request.user,
                translation=form.translation_to_save(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.approve:
                messages.success(request, _("The testimonial is published."))
            else:
                messages.success(request, _("The testimonial will not be published."))
            return redirect("evaluation:review_testimonials")
    return review_testimonials(request, bound=form)
