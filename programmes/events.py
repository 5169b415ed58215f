"""The audit trail's rows: who changed what in a programme, and when.

Beside models.py (which re-exports AuditEvent) so that the programme models stay one
readable module; `audit.py` turns these rows into lines a person reads.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who changed what in a programme, and when. Written by services only."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Edited")
        DUPLICATED = "duplicated", _("Created as a copy")
        STATUS_CHANGED = "status_changed", _("Status changed")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=16, choices=Action)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("{field: [old, new]}")
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["programme", "-at"], name="programme_audit_recent")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.programme}"
