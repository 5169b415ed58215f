from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.access import require_hr_admin

from . import services
from .forms import EmailDomainForm
from .models import EmailDomain


def settings_page(request: HttpRequest) -> HttpResponse:
    """HR's page: the identity providers configured, and the email domains they serve."""
    require_hr_admin(request.user)
    form = _form(request, instance=None)
    if request.method == "POST" and form.is_valid():
        domain = services.save_domain(form=form, by=request.user)
        messages.success(request, _("The domain %(domain)s was added.") % {"domain": domain})
        return redirect("sso:settings")
    return render(
        request,
        "sso/settings.html",
        {"form": form, "providers": _providers(), "domains": EmailDomain.objects.all()},
    )


def edit_domain(request: HttpRequest, code: UUID) -> HttpResponse:
    require_hr_admin(request.user)
    domain = _domain(code)
    form = _form(request, instance=domain)
    if request.method == "POST" and form.is_valid():
        services.save_domain(form=form, by=request.user)
        messages.success(request, _("The domain %(domain)s was saved.") % {"domain": domain})
        return redirect("sso:settings")
    return render(request, "sso/domain.html", {"form": form, "domain": domain})


@require_POST
def delete_domain(request: HttpRequest, code: UUID) -> HttpResponse:
    require_hr_admin(request.user)
    domain = _domain(code)
    services.delete_domain(domain=domain, by=request.user)
    messages.success(request, _("The domain %(domain)s was removed.") % {"domain": domain})
    return redirect("sso:settings")


def _domain(code: UUID) -> EmailDomain:
    domain = EmailDomain.objects.filter(code=code).first()
    if domain is None:
        raise Http404
    return domain


def _form(request: HttpRequest, *, instance: EmailDomain | None) -> EmailDomainForm:
    choices = list(services.provider_names().items())
    if instance is not None and instance.provider_id not in dict(choices):
        choices.append((instance.provider_id, instance.provider_id))
    data = request.POST if request.method == "POST" else None
    return EmailDomainForm(data, instance=instance, providers=choices)


def _providers() -> list[dict]:
    """What IT gives the identity provider: the addresses Tandem answers at, per provider."""
    rows = []
    for protocol, config in settings.SOCIALACCOUNT_PROVIDERS.items():
        for app in config.get("APPS", []):
            provider_id = app["provider_id"]
            if protocol == "openid_connect":
                urls = [
                    (
                        _("Redirect URI"),
                        reverse("openid_connect_callback", kwargs={"provider_id": provider_id}),
                    )
                ]
                label = "OpenID Connect"
            else:
                slug = {"organization_slug": app["client_id"]}
                urls = [
                    (_("Assertion consumer service (reply URL)"), reverse("saml_acs", kwargs=slug)),
                    (_("Service provider metadata"), reverse("saml_metadata", kwargs=slug)),
                ]
                label = "SAML 2.0"
            rows.append(
                {
                    "id": provider_id,
                    "name": app["name"],
                    "protocol": label,
                    "urls": [(name, settings.SITE_URL + path) for name, path in urls],
                    "entity_id": app["settings"].get("sp", {}).get("entity_id", ""),
                }
            )
    return rows
