"""The models of the sponsor's monthly report (evaluation/services/monthly.py); imported by
evaluation/models.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme


class SponsorReport(models.Model):
    """A programme's monthly report to its sponsor: one row per programme and month,
    claimed by a conditional update on `sent_at` so that it goes out once."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="sponsor_reports",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sponsor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "programme"]
        verbose_name = _("monthly sponsor report")
        verbose_name_plural = _("monthly sponsor reports")
        constraints = [
            models.UniqueConstraint(fields=["programme", "month"], name="one_report_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.month:%Y-%m}"


class MonthlyReportOptOut(models.Model):
    """A sponsor who asked not to receive the monthly report any more."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="monthly_report_opt_out",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly report opt-out")
        verbose_name_plural = _("monthly report opt-outs")

    def __str__(self) -> str:
        return str(self.person_id)
