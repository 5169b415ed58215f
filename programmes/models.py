import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import formatting
from common.bilingual import bilingual, in_language
from common.dates import check_plausible
from people.models import GRADE_MAX, GRADE_MIN

from . import charter, schedule
from .events import AuditEvent
from .querysets import ProgrammeQuerySet, TopicQuerySet

__all__ = [
    "AuditEvent",
    "Objective",
    "Programme",
    "ProgrammeQuerySet",
    "Topic",
    "TopicQuerySet",
    "in_language",
]

DURATION_MIN_MONTHS = 3
DURATION_MAX_MONTHS = 6
DURATION_MESSAGE = _("A programme lasts from 3 to 6 months.")
CAPACITY_MESSAGE = _("A mentor takes at least one mentee.")
GRADE_GAP_MESSAGE = _("The grade gap cannot be negative: use 0 for no gap.")
STATUSES = ["draft", "enrolment_open", "pairing", "running", "completed", "archived"]
ENDED = ("completed", "archived")


class Topic(models.Model):
    """A skill exchanged: taught by the junior mentors or given back by the senior mentees."""

    class Kind(models.TextChoices):
        TAUGHT = "taught", _("Taught by mentors (juniors)")
        GIVEN_BACK = "given_back", _("Given back by mentees (seniors)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_("Used in import files and never changes once the topic exists."),
    )
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.TAUGHT)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name_en", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_fr=""),
                name="topic_has_a_name",
                violation_error_message=_("Give the topic a name in English or in French."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["taught", "given_back"]), name="topic_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_fr)

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ENROLMENT_OPEN = "enrolment_open", _("Enrolment open")
        PAIRING = "pairing", _("Pairing")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    class Cadence(models.TextChoices):
        EVERY_TWO_WEEKS = "every_2_weeks", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")
        EVERY_SIX_WEEKS = "every_6_weeks", _("Every six weeks")

    class Format(models.TextChoices):
        CONVERSATIONS = "conversations", _("Informal conversations")
        JOINT_PROJECT = "joint_project", _("Joint project")
        CROSSED_FEEDBACK = "crossed_feedback", _("Crossed feedback")

    class MeetingMode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        VIDEO = "video", _("Video")
        HYBRID = "hybrid", _("Hybrid")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        _("short name"),
        max_length=80,
        unique=True,
        help_text=_("Used by command-line tools. Leave empty to make one from the name."),
    )
    # Texts HR writes in both languages (common/bilingual.py): `name`, `description` and
    # `place` read the reader's one, or the other when theirs is empty.
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=150, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )

    # Required by the form and the services; null only so that erasing a person's
    # account never fails on a programme they sponsored (enrolment then asks for another).
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sponsor"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="sponsored_programmes",
        help_text=_("An executive who backs the programme."),
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        related_name="managed_programmes",
        blank=True,
        help_text=_("The HR administrators who run it."),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics in scope"), related_name="programmes", blank=True
    )

    # The frame.
    start_on = models.DateField(_("start date"))
    duration_months = models.SmallIntegerField(
        _("duration (months)"),
        default=6,
        validators=[
            MinValueValidator(DURATION_MIN_MONTHS, message=DURATION_MESSAGE),
            MaxValueValidator(DURATION_MAX_MONTHS, message=DURATION_MESSAGE),
        ],
    )
    cadence = models.CharField(
        _("cadence"), max_length=16, choices=Cadence, default=Cadence.MONTHLY
    )
    session_minutes = models.SmallIntegerField(
        _("session length (minutes)"),
        default=60,
        validators=[
            MinValueValidator(15, message=_("A session lasts at least 15 minutes.")),
            MaxValueValidator(240, message=_("A session lasts at most 4 hours.")),
        ],
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format, default=Format.CONVERSATIONS
    )
    meeting_mode = models.CharField(
        _("meeting mode"), max_length=10, choices=MeetingMode, default=MeetingMode.HYBRID
    )
    place_en = models.CharField(
        _("place in English"),
        max_length=200,
        blank=True,
        help_text=_("A site, a room, or a video link."),
    )
    place_fr = models.CharField(_("place in French"), max_length=200, blank=True)
    enrolment_opens_on = models.DateField(_("enrolment opens on"), null=True, blank=True)
    enrolment_closes_on = models.DateField(
        _("enrolment closes on"),
        null=True,
        blank=True,
        help_text=_("On or before the start date."),
    )
    max_mentees_per_mentor = models.SmallIntegerField(
        _("maximum mentees per mentor"),
        default=1,
        validators=[MinValueValidator(1, message=CAPACITY_MESSAGE)],
    )
    charter_en = models.TextField(
        _("charter in English"), blank=True, default=charter.default_charter_en
    )
    charter_fr = models.TextField(
        _("charter in French"), blank=True, default=charter.default_charter_fr
    )
    # HR's closing words: on the programme page for its participants once it has ended, and
    # in the email that closes it (evaluation/emails.py).
    closing_message_en = models.TextField(_("closing message in English"), blank=True)
    closing_message_fr = models.TextField(_("closing message in French"), blank=True)

    # The reverse rule: who may mentor whom.
    min_grade_gap = models.SmallIntegerField(
        _("minimum grade gap"),
        default=1,
        validators=[MinValueValidator(0, message=GRADE_GAP_MESSAGE)],
        help_text=_("A mentor must be at least this many grades below the mentee."),
    )
    mentee_min_grade = models.SmallIntegerField(
        _("lowest grade for mentees"),
        null=True,
        blank=True,
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
        help_text=_("Optional: mentees must hold at least this grade."),
    )
    mentor_max_tenure_years = models.SmallIntegerField(
        _("most years of tenure for mentors"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Optional: mentors must have joined at most this many years ago."),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "name_en", "name_fr"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_fr=""),
                name="programme_has_a_name",
                violation_error_message=_("Give the programme a name in English or in French."),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__gte=DURATION_MIN_MONTHS)
                & Q(duration_months__lte=DURATION_MAX_MONTHS),
                name="programme_duration_3_to_6_months",
                violation_error_message=DURATION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(max_mentees_per_mentor__gte=1),
                name="programme_capacity_at_least_one",
                violation_error_message=CAPACITY_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(min_grade_gap__gte=0),
                name="programme_grade_gap_not_negative",
                violation_error_message=GRADE_GAP_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__gt=0), name="programme_session_length_positive"
            ),
            models.CheckConstraint(
                condition=Q(mentee_min_grade__isnull=True)
                | Q(mentee_min_grade__gte=GRADE_MIN, mentee_min_grade__lte=GRADE_MAX),
                name="programme_mentee_min_grade_in_range",
            ),
            models.CheckConstraint(
                condition=Q(mentor_max_tenure_years__isnull=True)
                | Q(mentor_max_tenure_years__gte=0),
                name="programme_mentor_tenure_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(enrolment_closes_on__isnull=True)
                | Q(enrolment_closes_on__lte=models.F("start_on")),
                name="programme_enrolment_closes_by_start",
                violation_error_message=_("Enrolment must close on or before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(enrolment_opens_on__isnull=True)
                | Q(enrolment_closes_on__isnull=True)
                | Q(enrolment_opens_on__lte=models.F("enrolment_closes_on")),
                name="programme_enrolment_window_ordered",
                violation_error_message=_("Enrolment cannot close before it opens."),
            ),
            models.CheckConstraint(condition=Q(status__in=STATUSES), name="programme_status_valid"),
        ]

    name = bilingual("name")
    description = bilingual("description")
    place = bilingual("place")
    charter = bilingual("charter")
    closing_message = bilingual("closing_message")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        for name in ("start_on", "enrolment_opens_on", "enrolment_closes_on"):
            try:
                check_plausible(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:  # the rules below compare dates that no one means
            raise ValidationError(errors)
        if self.min_grade_gap is not None and self.min_grade_gap > GRADE_MAX - GRADE_MIN:
            # A gap the scale cannot hold would leave every volunteer unpaired.
            errors["min_grade_gap"] = ValidationError(
                _("Grades run from %(min)d to %(max)d, so the gap can be at most %(gap)d."),
                code="grade_gap_over_scale",
                params={"min": GRADE_MIN, "max": GRADE_MAX, "gap": GRADE_MAX - GRADE_MIN},
            )
        opens, closes = self.enrolment_opens_on, self.enrolment_closes_on
        if opens and closes and opens > closes:
            errors["enrolment_closes_on"] = ValidationError(
                _("Enrolment cannot close before it opens (%(opens)s)."),
                code="window_reversed",
                params={"opens": formatting.day(opens)},
            )
        elif closes and self.start_on and closes > self.start_on:
            errors["enrolment_closes_on"] = ValidationError(
                _("Enrolment must close on or before the programme starts (%(start)s)."),
                code="closes_after_start",
                params={"start": formatting.day(self.start_on)},
            )
        if errors:
            raise ValidationError(errors)

    # Derived values.

    @property
    def ends_on(self) -> date:
        return schedule.programme_end(self.start_on, self.duration_months)

    def planned_session_dates(self) -> list[date]:
        return schedule.planned_session_dates(self.start_on, self.cadence, self.duration_months)

    @property
    def has_charter(self) -> bool:
        return bool(self.charter_en.strip() or self.charter_fr.strip())

    def has_ended(self, today: date | None = None) -> bool:
        """Completed or archived, or past its last day."""
        return self.status in ENDED or (today or timezone.localdate()) > self.ends_on

    @property
    def is_editable(self) -> bool:
        return self.status not in {self.Status.COMPLETED, self.Status.ARCHIVED}


class Objective(models.Model):
    """What the programme means to change, optionally tied to topics and a measurable target."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    sentence_en = models.CharField(_("objective in English"), max_length=300, blank=True)
    sentence_fr = models.CharField(_("objective in French"), max_length=300, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="objectives", blank=True
    )
    target_percent = models.SmallIntegerField(
        _("target (%)"),
        null=True,
        blank=True,
        validators=[
            # Not “between 1 and 100 %”: a validator's message is %-formatted.
            MinValueValidator(1, message=_("A target is a percentage from 1 to 100.")),
            MaxValueValidator(100, message=_("A target is a percentage from 1 to 100.")),
        ],
    )
    metric_en = models.CharField(
        _("measured as (English)"),
        max_length=200,
        blank=True,
        help_text=_("For example: of mentees use a generative-AI assistant weekly."),
    )
    metric_fr = models.CharField(_("measured as (French)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_percent__isnull=True)
                | Q(target_percent__gte=1, target_percent__lte=100),
                name="objective_target_percent_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(sentence_en="") | ~Q(sentence_fr=""),
                name="objective_has_a_sentence",
            ),
        ]

    sentence = bilingual("sentence")
    metric = bilingual("metric")

    def __str__(self) -> str:
        return self.sentence

    def clean(self) -> None:
        super().clean()
        if self.target_percent is not None and not self.metric.strip():
            raise ValidationError({"metric_en": _("Say what the target measures.")})
        if self.metric.strip() and self.target_percent is None:
            raise ValidationError({"target_percent": _("Give the target as a percentage.")})
