import logging
from collections.abc import Iterator
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enrolments.models import Enrolment
from pairing.models import Pair
from people.models import User

from . import access, export, services
from .forms import ErasureForm
from .models import Erasure

logger = logging.getLogger(__name__)


def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data.html")


def my_data_download(request: HttpRequest) -> StreamingHttpResponse:
    logger.info("Personal data downloaded by %s.", request.user.email)
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), request.user),
        content_type="application/json; charset=utf-8",
    )
    filename = f"tandem-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _in_language(language: str, person: User) -> Iterator[str]:
    # The body is written after the view returns: keep the request's language for it.
    with translation.override(language):
        yield from export.stream(person)


def erasures(request: HttpRequest) -> HttpResponse:
    rows = access.erasures_for(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/erasures.html", {"page": page})


def erase(request: HttpRequest, code: UUID) -> HttpResponse:
    person = access.person_to_erase(request.user, code)
    try:
        services.check_erasable(person=person, by=request.user)
        refusal = None
    except services.ErasureRefused as exc:
        refusal = exc.message
    form = ErasureForm(request.POST or None, person=person)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            erasure = services.erase_person(
                person=person, by=request.user, source=Erasure.Source.PAGE
            )
        except services.ErasureRefused as exc:  # erased by a colleague a moment ago
            messages.error(request, exc.message)
            return redirect("privacy:erasures")
        messages.success(
            request,
            _("The person's data has been erased. Their account is now %(label)s.")
            % {"label": erasure.label},
        )
        return redirect("privacy:erasures")
    return render(
        request,
        "privacy/erase.html",
        {"person": person, "form": form, "refusal": refusal, "preview": _preview(person)},
    )


def _preview(person: User) -> dict[str, int]:
    """What HR is told before erasing: counts only, never what the person wrote."""
    return {
        "enrolments": Enrolment.objects.filter(person=person).count(),
        "published_pairs": Pair.objects.published().of_person(person).count(),
        "active_pairs": Pair.objects.ongoing().of_person(person).count(),
    }
