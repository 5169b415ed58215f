from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Tandem")


class TandemAdminConfig(AdminConfig):
    default_site = "mentoring.admin_site.TandemAdminSite"
