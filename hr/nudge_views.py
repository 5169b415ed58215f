"""HR nudges the pairs at risk: one pair, or every pair at risk of a programme.

GET shows the confirmation page (how many pairs and emails, the emails as each member
will read them); "Show the emails with my line" shows them again with HR's line; a send
button, once the box is ticked, sends and returns to the page of pairs that need HR.
"""

import uuid
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pairing import access as pairing_access
from programmes import access as programme_access

from . import nudges
from .forms import NudgeForm

SEND_FRESH, SEND_ALL = "fresh", "all"


def nudge_pair(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = pairing_access.pair_for(request.user, code, manage=True)
    return _confirm(request, nudges.plan_for_pair(pair), one_per_language=False)


def nudge_programme(request: HttpRequest, code: UUID) -> HttpResponse:
    programme = programme_access.programme_for(request.user, code, manage=True)
    return _confirm(request, nudges.plan_for_programme(programme), one_per_language=True)


def _confirm(request: HttpRequest, plan: nudges.Plan, *, one_per_language: bool) -> HttpResponse:
    posted = request.method == "POST"
    choice = request.POST.get("send") if posted else None
    sending = choice in (SEND_FRESH, SEND_ALL)
    form = NudgeForm(
        request.POST if posted else None, initial={"batch": uuid.uuid4()}, sending=sending
    )
    valid = posted and form.is_valid()
    again = choice == SEND_ALL
    if valid and sending and not plan.to_send(again):
        form.add_error(None, _("There is no pair to nudge here any more."))
    elif valid and sending:
        try:
            outcome = nudges.nudge(
                pairs=plan.to_send(again),
                by=request.user,
                batch=form.cleaned_data["batch"],
                note=form.cleaned_data["note"],
                again=again,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _tell(request, outcome)
            return redirect(reverse("hr:attention") + "#at-risk")
    note = form.cleaned_data.get("note", "") if valid else ""
    batch = form.cleaned_data["batch"] if valid else str(form.initial["batch"])
    context = {
        "plan": plan,
        "form": form,
        "days": nudges.NUDGE_AGAIN_AFTER_DAYS,
        "days_at_risk": settings.PAIRS_AT_RISK_AFTER_DAYS,
        "emails_fresh": len(plan.fresh) * nudges.EMAILS_PER_PAIR,
        "emails_all": len(plan.pairs) * nudges.EMAILS_PER_PAIR,
        "samples": nudges.samples(
            plan, by=request.user, note=note, batch=batch, one_per_language=one_per_language
        )
        if plan.pairs
        else [],
        "one_per_language": one_per_language,
    }
    status = 400 if posted and (form.errors or not plan.pairs) else 200
    return render(request, "hr/nudge.html", context, status=status)


def _tell(request: HttpRequest, outcome: nudges.Outcome) -> None:
    if outcome.nudged:
        messages.success(
            request,
            ngettext(
                "%(count)d pair nudged: %(emails)d emails will be sent within a few minutes, "
                "each in its reader's language.",
                "%(count)d pairs nudged: %(emails)d emails will be sent within a few minutes, "
                "each in its reader's language.",
                len(outcome.nudged),
            )
            % {"count": len(outcome.nudged), "emails": outcome.emails},
        )
    elif outcome.repeated:
        messages.info(request, _("These emails were already written: nothing was written twice."))
    if outcome.waiting:
        messages.info(
            request,
            ngettext(
                "A nudge to %(count)d pair is already waiting to be sent: no other was written.",
                "Nudges to %(count)d pairs are already waiting to be sent: no others were written.",
                outcome.waiting,
            )
            % {"count": outcome.waiting},
        )
    if outcome.asking_to_end:
        messages.warning(
            request,
            ngettext(
                "%(count)d pair has asked HR to end it and was not nudged.",
                "%(count)d pairs have asked HR to end them and were not nudged.",
                outcome.asking_to_end,
            )
            % {"count": outcome.asking_to_end},
        )
    if outcome.left_out_recent:
        messages.info(
            request,
            ngettext(
                "%(count)d pair nudged in the last %(days)d days was left out.",
                "%(count)d pairs nudged in the last %(days)d days were left out.",
                outcome.left_out_recent,
            )
            % {"count": outcome.left_out_recent, "days": nudges.NUDGE_AGAIN_AFTER_DAYS},
        )
    if outcome.no_longer:
        messages.warning(
            request,
            ngettext(
                "%(count)d pair is no longer at risk (it met, ended or lost a member) and was "
                "left out.",
                "%(count)d pairs are no longer at risk (they met, ended or lost a member) and "
                "were left out.",
                outcome.no_longer,
            )
            % {"count": outcome.no_longer},
        )
