"""A member's no-fault request to end their pair: the reason is for HR only.

The partner is not shown the request or its reason; HR reads it in its work list
(`ExitRequest.objects.open()`), ends the pair from pairing's page and re-pairs from there.
A request is open while its pair is active; ending the pair answers it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pairing.models import Pair

from .sessions import REASON_MAX_LENGTH


class ExitRequestQuerySet(models.QuerySet):
    def open(self) -> "ExitRequestQuerySet":
        """Requests HR has still to act on: their pair is still active. For HR's work list."""
        return (
            self.filter(pair__status=Pair.Status.ACTIVE, withdrawn_at__isnull=True)
            .select_related("pair__programme", "pair__mentor_person", "pair__mentee_person", "by")
            .order_by("created_at", "pk")
        )

    def of_programmes(self, programmes: models.QuerySet) -> "ExitRequestQuerySet":
        return self.filter(pair__programme__in=programmes)


class ExitRequest(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="exit_requests"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Read by HR only: never shown to the partner, never in a report.
    reason = models.TextField(_("reason, for HR only"), max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ExitRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("exit request")
        verbose_name_plural = _("exit requests")
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "by"],
                condition=Q(withdrawn_at__isnull=True),
                name="exit_request_one_open_per_member",
            )
        ]

    def __str__(self) -> str:
        # Never the reason.
        return f"exit request {self.pk}"
