"""The record of each erasure: who erased whom (by number only) and what was done.

The row names the anonymised account, never who the person was: its number is the n
of “Former employee #n”, and its summary counts rows, never copies them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    class Source(models.TextChoices):
        PAGE = "page", _("HR's page")
        COMMAND = "command", _("Command line")

    # One erasure per account: a second request on the same person is refused.
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anonymised account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure",
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    source = models.CharField(_("requested from"), max_length=8, choices=Source)
    summary = models.JSONField(
        _("what was done"), default=dict, blank=True, help_text=_("{what: number of rows}")
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=["page", "command"]), name="erasure_source_valid"
            )
        ]

    def __str__(self) -> str:
        return f"erasure {self.pk}"

    @property
    def number(self) -> int:
        return self.pk

    @property
    def label(self) -> str:
        """The anonymised account's name: stored data, so the same in every language."""
        return f"Former employee #{self.pk}"
