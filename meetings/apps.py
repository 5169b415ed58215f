from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    # "sessions" is django.contrib.sessions' label; the interface says "sessions".
    name = "meetings"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        from people.leavers import person_left

        from .leavers import cancel_future_sessions

        person_left.connect(cancel_future_sessions, dispatch_uid="meetings.cancel_future_sessions")
