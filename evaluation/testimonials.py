"""The model of testimonials (imported by evaluation/models.py): a participant's words from
the final review, kept only with their consent to publish them.

A testimonial knows the language it was written in. Its author may also consent, apart
and optionally, to a translation into the other language; only then may HR write one, and
a reader of that language reads it. Without it, everyone reads the words as written, with
a mark that says in which language (`read_in`, shown by evaluation_tags.testimonial_text).
The database refuses a translation without the consent.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.bilingual import Text, choose
from people.models import User

TESTIMONIAL_MAX_LENGTH = 600
# A translation may run longer than the words it translates (French, by about a fifth).
TRANSLATION_MAX_LENGTH = 900


class TestimonialQuerySet(models.QuerySet):
    def approved(self) -> "TestimonialQuerySet":
        return self.filter(status=Testimonial.Status.APPROVED)

    def pending(self) -> "TestimonialQuerySet":
        return self.filter(status=Testimonial.Status.PENDING)


class Testimonial(models.Model):
    """A quote from a final review, kept only with its author's consent to publish it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for HR")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not published")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.OneToOneField(
        "evaluation.Response",
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="testimonial",
    )
    text = models.TextField(_("testimonial"), max_length=TESTIMONIAL_MAX_LENGTH)
    language = models.CharField(
        _("written in"), max_length=2, choices=User.Language, default=User.Language.ENGLISH
    )
    consented_at = models.DateTimeField(_("consent to publish given at"))
    translation_consented_at = models.DateTimeField(
        _("consent to a translation given at"), null=True, blank=True
    )
    translation = models.TextField(_("translation"), blank=True, max_length=TRANSLATION_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = TestimonialQuerySet.as_manager()

    class Meta:
        ordering = ["-consented_at", "-pk"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]),
                name="testimonial_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="testimonial_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr"]), name="testimonial_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(translation="") | Q(translation_consented_at__isnull=False),
                name="testimonial_translation_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"testimonial {self.pk}"

    @property
    def may_be_translated(self) -> bool:
        """Whether the author consented to a translation."""
        return self.translation_consented_at is not None

    @property
    def translation_language(self) -> str:
        """The language a translation is written in: the other one."""
        return "en" if self.language == "fr" else "fr"

    def read_in(self, language: str | None = None) -> Text:
        """The words as a reader of `language` (the active one) reads them: as written when
        it is theirs, the consented translation into it when there is one, otherwise as
        written, marked as a fallback."""
        shown = self.translation if self.may_be_translated else ""
        english, french = (self.text, shown) if self.language == "en" else (shown, self.text)
        return choose(english, french, language)
