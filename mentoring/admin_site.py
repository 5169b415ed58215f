from django.contrib.admin import AdminSite
from django.contrib.admin.widgets import AutocompleteMixin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class TandemAdminSite(AdminSite):
    """The Django admin is for superusers only: HR works in the application itself."""

    site_header = _("Tandem administration")
    site_title = _("Tandem administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    # Django's own admin sign-in form would be a second door without allauth's
    # rate limits and email verification: everyone signs in through allauth.
    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if not self.has_permission(request):
            raise PermissionDenied
        return redirect(next_url)


# Django's autocomplete widget looks the selected values up again to show them on a form sent
# back with errors; a value that is no key of the model (tampered data) raised a ValueError
# there, a server error instead of the field's own "Select a valid choice" (found by
# mentoring/tests/trust/test_fuzz_every_url.py). Such values are shown as nothing selected.
_django_optgroups = AutocompleteMixin.optgroups


def _optgroups_of_keys(self: AutocompleteMixin, name: str, value: list, attr: dict | None = None):
    remote = self.field.remote_field
    opts = remote.model._meta
    key = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)

    def is_key(item: object) -> bool:
        try:
            key.to_python(item)
        except ValidationError:
            return False
        return True

    return _django_optgroups(self, name, [item for item in value if is_key(item)], attr)


AutocompleteMixin.optgroups = _optgroups_of_keys
