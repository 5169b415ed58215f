"""HR's pages for provisioning: the tokens (created, shown once, revoked) and their calls."""

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from people.access import require_hr_admin

from . import tokens as token_service
from .forms import TokenForm
from .models import Call, ProvisioningToken


@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    require_hr_admin(request.user)
    form = TokenForm(request.POST or None)
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        created, secret = token_service.create(
            name=form.cleaned_data["name"],
            valid_days=form.cleaned_data["valid_days"] or None,
            by=request.user,
        )
        # Shown in this answer only (never_cache): the secret is stored nowhere.
        form = TokenForm()
    return render(
        request,
        "scim/tokens.html",
        {
            "form": form,
            "secret": secret,
            "created": created,
            "tokens": ProvisioningToken.objects.select_related("created_by", "revoked_by"),
            "base_url": request.build_absolute_uri(reverse("scim:root")).rstrip("/"),
            "now": timezone.now(),
        },
    )


def token(request: HttpRequest, code: UUID) -> HttpResponse:
    require_hr_admin(request.user)
    found = _token(code)
    calls = Call.objects.filter(token=found).select_related("person")
    page = Paginator(calls, 50).get_page(request.GET.get("page"))
    return render(request, "scim/token.html", {"token": found, "page": page, "now": timezone.now()})


@require_POST
def revoke(request: HttpRequest, code: UUID) -> HttpResponse:
    require_hr_admin(request.user)
    found = _token(code)
    token_service.revoke(token=found, by=request.user)
    messages.success(
        request,
        _("The token “%(name)s” is revoked: calls that carry it are refused from now on.")
        % {"name": found.name},
    )
    return redirect("scim:tokens")


def _token(code: UUID) -> ProvisioningToken:
    found = ProvisioningToken.objects.filter(code=code).first()
    if found is None:
        raise Http404
    return found
