from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class TandemAdminSite(AdminSite):
    """The Django admin is for superusers only: HR works in the application itself."""

    site_header = _("Tandem administration")
    site_title = _("Tandem administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
