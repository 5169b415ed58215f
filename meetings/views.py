from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import access, ics, pages, services
from .forms import (
    AgreementForm,
    CancelForm,
    ExitForm,
    FeedbackForm,
    FutureWhenForm,
    JournalForm,
    LogForm,
)
from .models import Agreement, CalendarFeed, ExitRequest, Meeting

ICS_TYPE = "text/calendar; charset=utf-8"


def _add_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _back_to_pair(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:pair", meeting.pair.code)


def _refuse_if_ended(request: HttpRequest, pair) -> HttpResponse | None:
    if access.can_change(pair):
        return None
    if services.programme_has_ended(pair):
        messages.error(request, _("This programme has ended: its sessions can no longer change."))
    else:
        messages.error(request, _("This pair has ended: its sessions can no longer change."))
    return redirect("meetings:pair", pair.code)


# --- My sessions --------------------------------------------------------------------------


def mine(request: HttpRequest) -> HttpResponse:
    """The user's pairs, each with its next session and what is waiting for them."""
    rows = pages.my_pairs(request.user, timezone.now())
    return render(request, "meetings/mine.html", {"rows": rows})


# --- The pair's page --------------------------------------------------------------------------


def pair_page(request: HttpRequest, code: UUID) -> HttpResponse:
    pair, is_member = access.pair_page_for(request.user, code)
    if not is_member:
        # HR: status and counts, nothing the pair wrote.
        context = {
            "pair": pair,
            "counts": services.counts(pair),
            "exit_requests": list(ExitRequest.objects.open().filter(pair=pair)),
        }
        return render(request, "meetings/pair_hr.html", context)
    page = pages.PairPage.build(pair, request.user, timezone.now())
    return render(request, "meetings/pair.html", page.context())


def agreement(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = access.pair_for_member(request.user, code)
    if refused := _refuse_if_ended(request, pair):
        return refused
    instance = Agreement.objects.filter(pair=pair).first()
    form = AgreementForm(request.POST or None, instance=instance, pair=pair)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.AGREEMENT_FIELDS}
        services.save_agreement(pair=pair, by=request.user, **fields)
        messages.success(request, _("Your agreement is saved. Both of you can change it."))
        return redirect("meetings:pair", pair.code)
    return render(request, "meetings/agreement.html", {"pair": pair, "form": form})


def add(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = access.pair_for_member(request.user, code)
    if refused := _refuse_if_ended(request, pair):
        return refused
    form = FutureWhenForm(
        request.POST or None,
        person=request.user,
        initial={"duration_minutes": pair.programme.session_minutes, "place": pair.programme.place},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_meeting(pair=pair, by=request.user, **form.session())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The session is added and %(name)s is told by email. "
                    "Download its invitation below."
                )
                % {"name": pair.other_member(request.user).name},
            )
            return redirect("meetings:pair", pair.code)
    context = {"pair": pair, "form": form, "adding": True, "other": pair.other_member(request.user)}
    return render(request, "meetings/when.html", context)


def log_new(request: HttpRequest, code: UUID) -> HttpResponse:
    """Log a session the pair held without planning it."""
    pair = access.pair_for_member(request.user, code)
    return _log(request, pair, None)


# --- A session ----------------------------------------------------------------------------


def detail(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = access.meeting_page_for(request.user, code)
    page = pages.SessionPage.build(meeting, request.user, timezone.now())
    journal = page.journal
    context = {
        **page.context(),
        "journal_form": JournalForm(initial={"text": journal.text if journal else ""}),
    }
    return render(request, "meetings/detail.html", context)


def reschedule(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = access.meeting_for(request.user, code)
    if refused := _refuse_if_ended(request, meeting.pair):
        return refused
    if not meeting.is_planned:
        messages.error(request, _("Only a planned session can be moved."))
        return _back_to_pair(meeting)
    form = FutureWhenForm(request.POST or None, person=request.user)
    if request.method == "GET":
        form.initial = {
            **form.initial_from(meeting.starts_at),
            "duration_minutes": meeting.duration_minutes,
            "mode": meeting.mode,
            "place": meeting.shown_place,
            "video_link": meeting.video_link,
        }
    if request.method == "POST" and form.is_valid():
        try:
            services.reschedule_meeting(meeting=meeting, by=request.user, **form.session())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The session is moved and %(name)s is told by email. "
                    "Download the new invitation for your calendar."
                )
                % {"name": meeting.pair.other_member(request.user).name},
            )
            return _back_to_pair(meeting)
    context = {
        "pair": meeting.pair,
        "meeting": meeting,
        "form": form,
        "other": meeting.pair.other_member(request.user),
    }
    return render(request, "meetings/when.html", context)


def cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = access.meeting_for(request.user, code)
    if refused := _refuse_if_ended(request, meeting.pair):
        return refused
    if not meeting.is_planned:
        messages.error(request, _("Only a planned session can be cancelled."))
        return _back_to_pair(meeting)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The session is cancelled and %(name)s is told by email.")
                % {"name": meeting.pair.other_member(request.user).name},
            )
            return _back_to_pair(meeting)
    context = {
        "pair": meeting.pair,
        "meeting": meeting,
        "form": form,
        "other": meeting.pair.other_member(request.user),
    }
    return render(request, "meetings/cancel.html", context)


def log(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = access.meeting_for(request.user, code)
    if meeting.is_cancelled:
        messages.error(request, _("This session was cancelled: add a new one instead."))
        return _back_to_pair(meeting)
    return _log(request, meeting.pair, meeting)


def _log(request: HttpRequest, pair, meeting: Meeting | None) -> HttpResponse:
    if refused := _refuse_if_ended(request, pair):
        return refused
    form = LogForm(request.POST or None, person=request.user, pair=pair)
    if request.method == "GET":
        form.initial = _log_initial(form, request, pair, meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.log_meeting(
                pair=pair,
                by=request.user,
                meeting=meeting,
                held_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                mode=data["mode"],
                topics=list(data["topics"]),
                takeaways=data["takeaways"],
                next_steps=data["next_steps"],
                journal=data["journal"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The session is logged. Now tell us how it went."))
            return redirect("meetings:detail", meeting.code)
    return render(request, "meetings/log.html", {"pair": pair, "meeting": meeting, "form": form})


def _log_initial(form: LogForm, request: HttpRequest, pair, meeting: Meeting | None) -> dict:
    if meeting is None:
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        return {
            **form.initial_from(now),
            "duration_minutes": pair.programme.session_minutes,
            "mode": pair.programme.meeting_mode,
        }
    journal = access.journal_for(request.user, meeting)
    return {
        **form.initial_from(meeting.starts_at),
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "topics": list(meeting.topics.all()) if meeting.is_held else [],
        "takeaways": meeting.takeaways,
        "next_steps": meeting.next_steps,
        "journal": journal.text if journal else "",
    }


@require_POST
def journal(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = access.meeting_for_journal(request.user, code)
    form = JournalForm(request.POST)
    if form.is_valid():
        try:
            services.save_journal(meeting=meeting, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your journal is saved. Only you can read it."))
    else:
        messages.error(request, " ".join(form.errors.get("text", [])))
    return redirect("meetings:detail", meeting.code)


def feedback(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = access.meeting_for(request.user, code)
    if services.programme_has_ended(meeting.pair):
        return _refuse_if_ended(request, meeting.pair)
    own, _other = access.feedback_for(request.user, meeting)
    if own is not None:
        messages.info(request, _("You have already given your feedback on this session."))
        return redirect("meetings:detail", meeting.code)
    if not meeting.is_held:
        messages.error(request, _("Feedback comes after the session has been logged."))
        return redirect("meetings:detail", meeting.code)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("meetings:detail", meeting.code)
    return render(
        request, "meetings/feedback.html", {"pair": meeting.pair, "meeting": meeting, "form": form}
    )


@require_GET
def invitation(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = access.meeting_for(request.user, code)
    method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    response = HttpResponse(
        ics.invitation(meeting, method=method, recipient=request.user), content_type=ICS_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{ics.filename(meeting, request.user)}"'
    )
    return response


def exit_request(request: HttpRequest, code: UUID) -> HttpResponse:
    """Ask HR, without blame, to end the pair; only HR reads the reason."""
    pair = access.pair_for_member(request.user, code)
    if refused := _refuse_if_ended(request, pair):
        return refused
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_exit(pair=pair, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("HR has your request and will contact you. Your partner is not shown it."),
            )
            return redirect("meetings:pair", pair.code)
    return render(request, "meetings/exit.html", {"pair": pair, "form": form})


# --- Calendar feed ----------------------------------------------------------------------------


def calendar(request: HttpRequest) -> HttpResponse:
    """The person's private calendar address: show it, make a new one, or switch it off."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "regenerate":
            services.regenerate_feed(person=request.user)
            messages.success(
                request, _("Your new calendar address is ready. The old one no longer works.")
            )
        elif action == "revoke":
            services.revoke_feed(person=request.user)
            messages.success(request, _("Your calendar address is switched off."))
        return redirect("meetings:calendar")
    feed = CalendarFeed.objects.filter(person=request.user).first()
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token])) if feed else ""
    return render(request, "meetings/calendar.html", {"feed": feed, "feed_url": url})


# Public on purpose: calendar applications (Outlook, Google) fetch it without a session.
# The secret token in the address is the credential; any other token is a 404.
@login_not_required
@never_cache
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    person = access.feed_for_token(token).person
    response = HttpResponse(ics.feed(person, services.feed_meetings(person)), content_type=ICS_TYPE)
    response["Content-Disposition"] = 'inline; filename="tandem.ics"'
    return response
