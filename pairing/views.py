from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.formatting import number
from enrolments.models import Enrolment
from programmes.models import Programme

from . import access, pages, services
from .confirmation import PublishSummary
from .exchange import exchange
from .forms import EndPairForm, PublishForm, RunRoundForm, SetByHandForm
from .models import Pair, PairingRound


def _refused(request: HttpRequest, refusal: services.PairingRefused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


# --- HR: the programmes to pair ------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    access.require_hr_admin(request.user)
    return render(request, "pairing/index.html", {"programmes": pages.programmes_to_pair()})


# --- HR: the round page ---------------------------------------------------------------------


def round_page(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_to_pair(request.user, code)
    return _render_round(request, programme)


def _render_round(
    request: HttpRequest,
    programme: Programme,
    *,
    run_form: RunRoundForm | None = None,
    set_form: SetByHandForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = pages.RoundPage.build(programme, request.GET)
    context = {
        **page.context(),
        "run_form": run_form or RunRoundForm(initial=page.defaults),
        "set_form": set_form or SetByHandForm(programme=programme, counts=page.volunteers),
    }
    return render(request, "pairing/round.html", context, status=status)


@require_POST
def run(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_to_pair(request.user, code)
    form = RunRoundForm(request.POST)
    if not form.is_valid():
        return _render_round(request, programme, run_form=form, status=400)
    try:
        data = form.cleaned_data
        pairing_round = services.start_round(
            programme=programme,
            by=request.user,
            weights={name: data[name] for name in services.DEFAULT_WEIGHTS},
            goal=data["goal"],
            min_score=data["min_score"],
        )
    except services.PairingRefused as refusal:
        _refused(request, refusal)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_round(request, programme, run_form=form, status=400)
    else:
        if pairing_round.status == PairingRound.Status.DONE:
            messages.success(
                request,
                _("The round proposed %(pairs)s pairs; %(unpaired)s mentees are left unpaired.")
                % {
                    "pairs": number(pairing_round.paired_count),
                    "unpaired": number(pairing_round.unpaired_count),
                },
            )
        elif pairing_round.is_at_work:
            messages.info(request, _("The round is running: this page follows its progress."))
    return redirect("pairing:round", programme.code)


def publish(request: HttpRequest, code: UUID) -> HttpResponse:
    """What publishing will do (pairs, emails, who stays unpaired), then HR confirms."""
    programme = access.programme_to_pair(request.user, code)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pairs = services.publish(programme=programme, by=request.user)
        except services.PairingRefused as refusal:
            _refused(request, refusal)
            return redirect("pairing:round", programme.code)
        message = ngettext(
            "%(count)s pair is published: each member receives an introduction to the other.",
            "%(count)s pairs are published: each member receives an introduction to the other.",
            len(pairs),
        ) % {"count": number(len(pairs))}
        if programme.status == Programme.Status.PAIRING:
            message += " " + _("You can now start the programme from its page.")
        messages.success(request, message)
        return redirect("pairing:published", programme.code)
    summary = PublishSummary.build(programme)
    if not summary.pairs:
        messages.info(request, _("There is nothing to publish: run a round first."))
        return redirect("pairing:round", programme.code)
    return render(
        request,
        "pairing/publish.html",
        {"summary": summary, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def go_back(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_to_pair(request.user, code)
    try:
        count = services.go_back(programme=programme, by=request.user)
    except services.PairingRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(
            request,
            ngettext(
                "You went back to the earlier proposals: %(count)s pair is proposed again.",
                "You went back to the earlier proposals: %(count)s pairs are proposed again.",
                count,
            )
            % {"count": number(count)},
        )
    return redirect("pairing:round", programme.code)


@require_POST
def lock(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = access.pair_for(request.user, code, manage=True)
    locked = request.POST.get("locked") != "0"
    try:
        services.lock_pair(pair=pair, by=request.user, locked=locked)
    except services.PairingRefused as refusal:
        _refused(request, refusal)
    else:
        names = {"mentor": pair.mentor_person.name, "mentee": pair.mentee_person.name}
        if locked:
            messages.success(
                request, _("%(mentor)s and %(mentee)s are locked: the next run keeps them.") % names
            )
        else:
            messages.success(request, _("%(mentor)s and %(mentee)s are unlocked.") % names)
    return _back_to_round(request, pair.programme)


@require_POST
def forbid(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = access.pair_for(request.user, code, manage=True)
    try:
        services.forbid_pair(pair=pair, by=request.user)
    except services.PairingRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(
            request,
            _(
                "%(mentor)s and %(mentee)s will never be paired in this programme. Run the round "
                "again to find %(mentee)s another mentor."
            )
            % {"mentor": pair.mentor_person.name, "mentee": pair.mentee_person.name},
        )
    return _back_to_round(request, pair.programme)


@require_POST
def allow(request: HttpRequest, code: UUID) -> HttpResponse:
    constraint = access.constraint_for(request.user, code)
    try:
        services.allow_pair(constraint=constraint, by=request.user)
    except services.PairingRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The pair is allowed again: the next run may propose it."))
    return _back_to_round(request, constraint.programme)


@require_POST
def set_by_hand(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_to_pair(request.user, code)
    form = SetByHandForm(
        request.POST, programme=programme, counts=services.approved_counts(programme)
    )
    if not form.is_valid():
        return _render_round(request, programme, set_form=form, status=400)
    try:
        pair = services.set_pair_by_hand(
            programme=programme,
            mentor=form.cleaned_data["mentor"],
            mentee=form.cleaned_data["mentee"],
            by=request.user,
        )
    except services.PairingRefused as refusal:
        for reason in refusal.reasons:
            form.add_error(None, reason)
        return _render_round(request, programme, set_form=form, status=400)
    messages.success(
        request,
        _("%(mentor)s and %(mentee)s are paired by hand and locked: the next run keeps them.")
        % {"mentor": pair.mentor_person.name, "mentee": pair.mentee_person.name},
    )
    return redirect("pairing:round", programme.code)


def _back_to_round(request: HttpRequest, programme: Programme) -> HttpResponse:
    """To the round page, on the page of proposals and with the search HR was on."""
    response = redirect("pairing:round", programme.code)
    asked = QueryDict(request.POST.get("return_query", ""))
    kept = {key: asked[key] for key in ("q", "sort", "page") if asked.get(key)}
    if kept:
        response["Location"] += "?" + urlencode(kept)
    return response


# --- HR: published pairs, ending, re-pairing -------------------------------------------------


def published(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = access.programme_to_pair(request.user, code)
    page = pages.PublishedPage.build(programme, request.GET)
    return render(request, "pairing/published.html", page.context())


def end(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = access.pair_for(request.user, code, manage=True)
    if not pair.can_end:
        messages.info(request, _("This pair is not active."))
        return redirect("pairing:published", pair.programme.code)
    # ?reason=left: from the pairs page's "Someone left the company".
    form = EndPairForm(request.POST or None, initial={"reason": request.GET.get("reason", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_pair(
                pair=pair,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except services.PairingRefused as refusal:
            _refused(request, refusal)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "pairing/end.html", {"pair": pair, "form": form}, status=400)
        else:
            messages.success(
                request,
                _(
                    "The pair of %(mentor)s and %(mentee)s has ended. Whoever is left alone can "
                    "be re-paired below."
                )
                % {"mentor": pair.mentor_person.name, "mentee": pair.mentee_person.name},
            )
        return redirect("pairing:published", pair.programme.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "pairing/end.html", {"pair": pair, "form": form}, status=status)


@require_POST
def repair(request: HttpRequest, code: UUID, enrolment: UUID) -> HttpResponse:
    programme = access.programme_to_pair(request.user, code)
    person = (
        Enrolment.objects.select_related("person", "programme")
        .filter(programme=programme, code=enrolment)
        .first()
    )
    if person is None:
        messages.error(request, _("This person is not a volunteer of this programme."))
        return redirect("pairing:published", programme.code)
    try:
        pairing_round = services.repair(enrolment=person, by=request.user)
    except services.PairingRefused as refusal:
        _refused(request, refusal)
        return redirect("pairing:published", programme.code)
    if pairing_round.status == PairingRound.Status.DONE and pairing_round.paired_count:
        messages.success(
            request,
            _("A new pair is proposed for %(name)s: review it below, then publish it.")
            % {"name": person.person.name},
        )
    elif pairing_round.status == PairingRound.Status.DONE:
        messages.warning(
            request,
            _("No compatible pair is free for %(name)s now; the reasons are below.")
            % {"name": person.person.name},
        )
    return redirect("pairing:round", programme.code)


# --- Members (and HR): a pair --------------------------------------------------------------


def pair_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = access.pair_for(request.user, code)
    is_member = pair.is_member(request.user) and pair.status != Pair.Status.PROPOSED
    context: dict[str, Any] = {"pair": pair, "is_member": is_member}
    if is_member:
        context |= {
            "is_mentor": request.user.pk == pair.mentor_person_id,
            "other": pair.other_member(request.user),
            "exchange": exchange(pair),
        }
    return render(request, "pairing/pair.html", context)
