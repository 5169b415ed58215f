"""Reminders are rows: due, claimed by one sweep, sent once, or failed where HR sees them.

A reminder is written in the same transaction as the change that makes it due (a
session planned, moved, logged or cancelled), or by the sweep for the kinds that
come from the passing of time (an inactive pair, the weekly digest). Its dedupe
key says which reminder it is: the same reminder cannot exist twice, and a
reminder that was sent is never written again. See docs/reminders.md.
"""

import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme

DAYS_BEFORE_DEFAULT = 2
DAYS_BEFORE_MAX = 14


def instant(moment: datetime) -> str:
    """A moment as a reminder's context keeps it: in UTC, the same whatever zone it came in."""
    return moment.astimezone(UTC).isoformat()


class ReminderQuerySet(models.QuerySet):
    def claimable(self, now: datetime, stale_before: datetime) -> "ReminderQuerySet":
        """Due and pending, or claimed so long ago that the worker that held it died."""
        return self.filter(
            Q(status=Reminder.Status.PENDING, due_at__lte=now)
            | Q(status=Reminder.Status.CLAIMED, claimed_at__lt=stale_before)
        )

    def active(self) -> "ReminderQuerySet":
        """Still to be sent: pending or claimed."""
        return self.filter(status__in=Reminder.ACTIVE_STATUSES)

    def failed(self) -> "ReminderQuerySet":
        return self.filter(status=Reminder.Status.FAILED)


class Reminder(models.Model):
    class Kind(models.TextChoices):
        UPCOMING_SESSION = "upcoming_session", _("Session coming up")
        SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
        SESSION_CHANGED = "session_changed", _("Session added or moved")
        LOG_NUDGE = "log_nudge", _("Log your session")
        FEEDBACK_REQUEST = "feedback_request", _("Feedback request")
        INACTIVE_PAIR_ALERT = "inactive_pair_alert", _("Inactive pair alert")
        WEEKLY_DIGEST = "weekly_digest", _("Weekly digest")
        PAIR_NUDGE = "pair_nudge", _("Message from HR to a quiet pair")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        SUPERSEDED = "superseded", _("Superseded")

    ACTIVE_STATUSES = (Status.PENDING, Status.CLAIMED)
    # The kinds about one session of a pair.
    MEETING_KINDS = (
        Kind.UPCOMING_SESSION,
        Kind.SESSION_CANCELLED,
        Kind.SESSION_CHANGED,
        Kind.LOG_NUDGE,
        Kind.FEEDBACK_REQUEST,
    )
    # The kinds meant for the members of a pair. Each person may turn off the reminders;
    # a change the partner or HR made (added, moved, cancelled) is always told, so is HR's
    # message to a quiet pair, and HR's alerts and digest cannot be turned off
    # (ReminderPreferences.wants).
    MEMBER_KINDS = (*MEETING_KINDS, Kind.PAIR_NUDGE)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    pair = models.ForeignKey(
        "pairing.Pair",
        verbose_name=_("pair"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    # What the reminder was written for, checked again when it is sent (the session's
    # start and sequence, the week of a digest, the inactivity of a pair).
    context = models.JSONField(_("context"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due at"))

    claim = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="reminder_once"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "upcoming_session",
                        "session_cancelled",
                        "session_changed",
                        "log_nudge",
                        "feedback_request",
                        "inactive_pair_alert",
                        "weekly_digest",
                        "pair_nudge",
                    ]
                ),
                name="reminder_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "claimed", "sent", "failed", "cancelled", "superseded"]
                ),
                name="reminder_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="claimed") | Q(claim__isnull=False, claimed_at__isnull=False),
                name="reminder_claimed_has_claim",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_date",
            ),
        ]
        indexes = [
            # The sweep's two questions: what is due, and which claims went stale.
            models.Index(
                fields=["due_at"],
                condition=Q(status="pending"),
                name="reminder_pending_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="claimed"),
                name="reminder_claimed_at",
            ),
            models.Index(fields=["status", "programme"], name="reminder_status_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id} ({self.get_status_display()})"

    @property
    def message_id(self) -> str:
        """The same for every attempt, so that a mail system can drop a duplicate delivery."""
        return f"<reminder.{self.code}@tandem>"


class ReminderPreferences(models.Model):
    """Which of the reminders meant for them a person receives (all of them by default)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    upcoming_session = models.BooleanField(
        _("Sessions coming up"),
        default=True,
        help_text=_("A few days before each session, with its calendar invitation (.ics)."),
    )
    log_nudge = models.BooleanField(
        _("Log your session"),
        default=True,
        help_text=_("The day after a session, if nobody has logged it yet."),
    )
    feedback_request = models.BooleanField(
        _("Feedback requests"),
        default=True,
        help_text=_("After a session is logged: how was it?"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder preferences")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return str(self.person)

    def wants(self, kind: str) -> bool:
        # Changes to a session (added, moved, cancelled by the partner or HR) are always
        # told: the pages promise it, and a diary that is wrong costs a wasted hour.
        return getattr(self, kind, True)


class ProgrammeReminderSettings(models.Model):
    """How a programme reminds its pairs; HR sets it on the reminders page."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before a session"),
        default=DAYS_BEFORE_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(DAYS_BEFORE_MAX)],
        help_text=_("How many days before each session its members receive a reminder."),
    )

    class Meta:
        verbose_name = _("programme reminder settings")
        verbose_name_plural = _("programme reminder settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__gte=1, days_before__lte=DAYS_BEFORE_MAX),
                name="reminder_days_before_in_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.programme)
