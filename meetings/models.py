"""A pair's sessions (Meeting), their agreement, private notes, feedback and calendar feeds.

Confidentiality is the rule of the app: what a pair writes stays in the pair.
- PrivateNote is its own model, registered nowhere in the admin, read only through
  meetings.access by the two members: HR, executives, the Django admin, exports and
  aggregates never see it.
- What a session covered (topics, takeaways, next steps) and the agreement are shared by
  the two members only; HR sees that a session was held and how long it lasted.
- Feedback is each member's; each sees the other's once both have given theirs
  (Feedback.objects.visible_to).

Times are aware datetimes stored in UTC; pages show them in the reader's time zone.
"""

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from pairing.models import Pair
from programmes.models import Topic

DURATION_MIN, DURATION_MAX = 15, 240  # minutes, as a programme's session length
RATING_MIN, RATING_MAX = 1, 5
TEXT_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 500


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    HYBRID = "hybrid", _("Hybrid")


class MeetingQuerySet(models.QuerySet):
    def planned(self) -> "MeetingQuerySet":
        return self.filter(status=Meeting.Status.PLANNED)

    def held(self) -> "MeetingQuerySet":
        return self.filter(status=Meeting.Status.HELD)

    def of_pair(self, pair: Pair) -> "MeetingQuerySet":
        return self.filter(pair=pair)

    def timeline(self) -> "MeetingQuerySet":
        return self.order_by("starts_at", "pk")


class Meeting(models.Model):
    """One session of a pair: planned from the programme's cadence or added, then held or
    cancelled. `starts_at` is when it is planned or, once logged, when it was held."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Origin(models.TextChoices):
        SCHEDULE = "schedule", _("From the programme's schedule")
        ADDED = "added", _("Added by the pair")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="meetings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PLANNED, db_index=True
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.ADDED)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(DURATION_MIN), MaxValueValidator(DURATION_MAX)],
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode, default=Mode.VIDEO)
    place = models.CharField(
        _("place or link"), max_length=200, blank=True, help_text=_("A room, or a video link.")
    )
    # The iCalendar SEQUENCE: bumped on each reschedule and on cancellation, so that
    # calendars replace the event they already have.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)

    # The log, shared by the two members (never shown to HR).
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics covered"), related_name="+", blank=True
    )
    takeaways = models.TextField(_("shared takeaways"), blank=True, max_length=TEXT_MAX_LENGTH)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=TEXT_MAX_LENGTH)
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.CharField(
        _("why it was cancelled"), max_length=REASON_MAX_LENGTH, blank=True
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "held", "cancelled"]),
                name="meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=DURATION_MIN, duration_minutes__lte=DURATION_MAX),
                name="meeting_duration_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(logged_at__isnull=False),
                name="meeting_held_is_logged",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | Q(cancelled_at__isnull=False, cancel_reason__gt=""),
                name="meeting_cancelled_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["pair", "status", "starts_at"], name="meeting_pair_timeline")
        ]

    def __str__(self) -> str:
        return f"{self.pair_id} · {self.starts_at:%Y-%m-%d %H:%M} UTC · {self.status}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class PrivateNote(models.Model):
    """A member's private note on a session: the two members read it, nobody else, ever.

    Not registered in the admin, in no export, in no aggregate: read it only through
    meetings.access.notes_for.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="private_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("private note"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="private_note_one_per_author"
            )
        ]

    def __str__(self) -> str:
        # Never the text: a note must not leak through a log line or a repr.
        return f"private note {self.pk}"


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
