"""A pair's sessions (Meeting): planned, held or cancelled, and the shared log.

What a session covered (topics, takeaways, next steps) is shared by the two members only;
HR sees that a session was held and how long it lasted. Times are aware datetimes stored
in UTC; pages show them in the reader's time zone.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
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

    def taking_time(self) -> "MeetingQuerySet":
        """Sessions that hold a slot in their members' diaries: held, or planned in an active
        pair (an ended pair's plans free the time)."""
        return self.filter(
            Q(status=Meeting.Status.HELD)
            | Q(status=Meeting.Status.PLANNED, pair__status=Pair.Status.ACTIVE)
        )

    def of_people(self, people_ids: "list[int] | set[int]") -> "MeetingQuerySet":
        """Sessions of any pair (any programme) with one of these people in it."""
        return self.filter(
            Q(pair__mentor_person_id__in=people_ids) | Q(pair__mentee_person_id__in=people_ids)
        )


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
    video_link = models.URLField(
        _("video link"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(schemes=["https"], message=_("Enter a link that starts with https://."))
        ],
        help_text=_(
            "The meeting's https:// address (Teams, Zoom, Meet…). It goes into the invitation."
        ),
    )
    # The programme date a planned session stands for, and why it is on another day
    # (meetings.scheduling: weekend, holiday, closure, busy, unavailable), for the pair's page.
    planned_for = models.DateField(_("programme date"), null=True, blank=True)
    moved_because = models.CharField(_("moved because"), max_length=60, blank=True)
    outside_availability = models.BooleanField(_("outside the availability given"), default=False)
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
    def shown_place(self) -> str:
        """Where the session is, for the reader: the place a member typed, or, when `place` is
        empty, the programme's place in the active language (planned sessions keep it empty,
        so that each member reads it in their own language)."""
        return self.place or self.pair.programme.place

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def moved_reasons(self) -> list[str]:
        return [code for code in self.moved_because.split(",") if code]

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED
