"""Calendars: each person's secret feed address, and the days a programme does not meet."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar address: whoever holds the token reads their sessions'
    times (never their content). Regenerating replaces the token; revoking deletes the row."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    # Kept readable (not hashed) so that the person can copy their address again, as
    # Google and Outlook show theirs; it unlocks times and names only.
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"


class ClosurePeriodQuerySet(models.QuerySet):
    def spans(self) -> list[tuple]:
        """(first day, last day) of each period, as the planner reads them."""
        return list(self.order_by("first_day").values_list("first_day", "last_day"))


class ClosurePeriod(models.Model):
    """Days HR closes on a programme (24 December to 1 January, a company shutdown): no
    session is planned on them, and sessions already planned there are moved."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="closure_periods",
    )
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to (included)"))
    label = models.CharField(_("what it is"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClosurePeriodQuerySet.as_manager()

    class Meta:
        ordering = ["first_day", "pk"]
        verbose_name = _("closure period")
        verbose_name_plural = _("closure periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="closure_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_day:%Y-%m-%d} – {self.last_day:%Y-%m-%d}"
