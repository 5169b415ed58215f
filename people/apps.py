from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from .deactivation import end_sessions_when_deactivated

        post_save.connect(end_sessions_when_deactivated, sender=self.get_model("User"))
