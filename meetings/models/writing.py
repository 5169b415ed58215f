"""What members write about their sessions: personal journals, feedback, the agreement.

- A journal entry is its author's alone: not the partner, not HR, not an executive, not
  the Django admin (it is registered nowhere), not an export or a report. It is read only
  through meetings.access.journal_for, and is in its author's own data download.
- Feedback is each member's; each sees the other's once both have given theirs
  (Feedback.objects.visible_to).
- The agreement is shared by the two members only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from pairing.models import Pair

from .sessions import RATING_MAX, RATING_MIN, TEXT_MAX_LENGTH, Meeting, Mode


class JournalEntryQuerySet(models.QuerySet):
    def of_author(self, user: models.Model) -> "JournalEntryQuerySet":
        """The only read there is: a person's own entries."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(author=user)


class JournalEntry(models.Model):
    """A member's personal journal on a session: its author reads it, nobody else, ever.

    Not the partner, not HR, not an executive, not the Django admin (registered nowhere),
    not an export or a report: read it only through meetings.access.journal_for. It is in
    its author's own data download and purged with the retention of privacy.services.
    """

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="journal_entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("personal journal"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="journal_entry_one_per_author"
            )
        ]

    def __str__(self) -> str:
        # Never the text: a journal must not leak through a log line or a repr.
        return f"journal entry {self.pk}"


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user: models.Model) -> "FeedbackQuerySet":
        """The user's own feedback, and the other member's once the user has given theirs."""
        own = Feedback.objects.filter(meeting=OuterRef("meeting"), author=user)
        return self.alias(own_given=Exists(own)).filter(
            Q(author=user)
            | Q(own_given=True, meeting__pair__in=Pair.objects.published().of_person(user))
        )


class Feedback(models.Model):
    """A member's feedback after a held session."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    learned = models.TextField(_("what I learned"), blank=True, max_length=TEXT_MAX_LENGTH)
    taught = models.TextField(_("what I taught"), blank=True, max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="feedback_once_per_author"),
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="feedback_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"feedback {self.pk}"


class Agreement(models.Model):
    """What the pair agreed at its first session, both ways: who wants to learn and teach
    what, how often they meet, and how."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        EVERY_TWO_WEEKS = "every_2_weeks", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")
        EVERY_SIX_WEEKS = "every_6_weeks", _("Every six weeks")

    pair = models.OneToOneField(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="agreement"
    )
    mentor_learns = models.TextField(
        _("what the mentor wants to learn"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    mentor_teaches = models.TextField(
        _("what the mentor will teach"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    mentee_learns = models.TextField(
        _("what the mentee wants to learn"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    mentee_teaches = models.TextField(
        _("what the mentee will teach"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    cadence = models.CharField(
        _("how often"), max_length=16, choices=Cadence, default=Cadence.MONTHLY
    )
    channel = models.CharField(_("how you meet"), max_length=10, choices=Mode, default=Mode.VIDEO)
    channel_details = models.CharField(
        _("where, or which tool"),
        max_length=200,
        blank=True,
        help_text=_("A room, Teams, a phone number…"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"agreement {self.pk}"
