"""Proposals a round of everyone replaced, kept to compare the round with and to go back to
(pairing.services.comparison). A model of the pairing app, in a module of its own."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scoring import SCORE_MAX


class ReplacedProposal(models.Model):
    """A proposal that a round of everyone replaced: what HR compares the round with, and
    may go back to (pairing.services.comparison)."""

    round = models.ForeignKey(
        "pairing.PairingRound",
        verbose_name=_("replaced by the round"),
        on_delete=models.CASCADE,
        related_name="replaced",
    )
    proposed_by = models.ForeignKey(
        "pairing.PairingRound",
        verbose_name=_("proposed by the round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mentor = models.ForeignKey(
        "enrolments.Enrolment", verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+"
    )
    mentee = models.ForeignKey(
        "enrolments.Enrolment", verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )
    parts = models.JSONField(_("points by part"), default=dict, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    locked = models.BooleanField(_("locked by HR"), default=False)
    set_by_hand = models.BooleanField(_("set by hand"), default=False)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("replaced proposal")
        verbose_name_plural = _("replaced proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mentee"], name="replaced_proposal_once_per_mentee"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=SCORE_MAX),
                name="replaced_proposal_score_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.mentee_id} · {self.round_id}"
