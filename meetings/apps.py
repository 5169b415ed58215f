from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    # "sessions" is django.contrib.sessions' label; the interface says "sessions".
    name = "meetings"
    verbose_name = _("Sessions")
