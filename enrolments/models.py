"""A volunteer's application to a programme, as mentor or mentee, and HR's decision on it.

There is deliberately no field for ethnic or cultural origin: French law and the
CNIL restrict collecting it so tightly that an HR tool must not. Diversity of
background comes from languages, countries and sites (people.User).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.directory import language_name
from people.models import validate_languages
from programmes.models import Programme, Topic

from . import availability

LEVEL_MIN, LEVEL_MAX = 1, 4  # a mentor's level on a topic they teach
PRIORITY_MIN, PRIORITY_MAX = 1, 4  # a mentee's priority on a topic; 1 is their first wish
CONFIDENCE_MIN, CONFIDENCE_MAX = 1, 5  # a mentee's confidence today: the baseline
MOTIVATION_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 1000


class EnrolmentQuerySet(models.QuerySet):
    def active(self) -> "EnrolmentQuerySet":
        """Still in the running: neither declined nor withdrawn."""
        return self.filter(status__in=Enrolment.ACTIVE_STATUSES)

    def approved(self) -> "EnrolmentQuerySet":
        return self.filter(status=Enrolment.Status.APPROVED)

    def mentors(self) -> "EnrolmentQuerySet":
        return self.filter(role=Enrolment.Role.MENTOR)

    def mentees(self) -> "EnrolmentQuerySet":
        return self.filter(role=Enrolment.Role.MENTEE)

    def with_answers(self) -> "EnrolmentQuerySet":
        """Everything the review pages show, in a fixed number of queries."""
        return self.select_related(
            "person", "person__department", "programme", "decided_by"
        ).prefetch_related(
            models.Prefetch("topic_rows", queryset=EnrolmentTopic.objects.select_related("topic")),
            "return_topics",
        )

    def for_queue(self) -> "EnrolmentQuerySet":
        """What each row of HR's review queue shows: the person and their department, and
        the topics (the programme is the page's own; the answers are on each one's page)."""
        return self.select_related("person__department").prefetch_related(
            models.Prefetch("topic_rows", queryset=EnrolmentTopic.objects.select_related("topic"))
        )

    def with_topics(self) -> "EnrolmentQuerySet":
        """With the programme and each topic row's topic: what "My programmes" shows."""
        return self.select_related("programme").prefetch_related(
            models.Prefetch("topic_rows", queryset=EnrolmentTopic.objects.select_related("topic"))
        )

    def in_review_order(self) -> "EnrolmentQuerySet":
        """What needs a decision first (statuses in their declared order), then the oldest."""
        status_order = models.Case(
            *(
                models.When(status=status, then=models.Value(index))
                for index, status in enumerate(Enrolment.Status.values)
            ),
            output_field=models.IntegerField(),
        )
        return self.annotate(status_order=status_order).order_by(
            "status_order", "submitted_at", "pk"
        )

    def counts_by_programme(self) -> dict[int, dict[str, int]]:
        """{programme id: {status: count}}, only the statuses present, in one query."""
        table: dict[int, dict[str, int]] = {}
        rows = self.order_by().values_list("programme_id", "status").annotate(total=Count("pk"))
        for programme_id, status, total in rows:
            table.setdefault(programme_id, {})[status] = total
        return table

    def counts(self) -> dict[str, dict[str, int]]:
        """{role: {status: count}}, every role and status present (zeros too), in one query."""
        table = {role: dict.fromkeys(Enrolment.Status.values, 0) for role in Enrolment.Role.values}
        rows = self.order_by().values_list("role", "status").annotate(total=Count("pk"))
        for role, status, total in rows:
            table[role][status] = total
        return table


class Enrolment(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")

    class Source(models.TextChoices):
        FORM = "form", _("Volunteered in Tandem")
        IMPORT = "import", _("Imported by HR")

    ACTIVE_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED)
    # HR may decide, or change its decision, until the volunteer withdraws.
    DECIDABLE_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED, Status.DECLINED)
    DECISIONS = (Status.APPROVED, Status.WAITLISTED, Status.DECLINED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    role = models.CharField(_("role"), max_length=6, choices=Role)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SUBMITTED)
    source = models.CharField(_("source"), max_length=6, choices=Source, default=Source.FORM)

    # What the volunteer says.
    motivation = models.TextField(_("motivation"), blank=True, max_length=MOTIVATION_MAX_LENGTH)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_('ISO 639-1 codes, for example ["fr", "en"].'),
    )
    availability = models.JSONField(
        _("availability"),
        default=availability.flexible,
        validators=[availability.validate_availability],
        help_text=_("See enrolments/availability.py for the format."),
    )
    preferred_mode = models.CharField(
        _("preferred meeting mode"),
        max_length=10,
        choices=Programme.MeetingMode,
        blank=True,
        help_text=_("Empty: no preference."),
    )
    rather_not = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rather not be paired with"),
        related_name="+",
        blank=True,
    )
    gender = models.CharField(
        _("gender (self-declared)"),
        max_length=20,
        choices=Gender,
        blank=True,
        help_text=_("Stored only with consent, used only for diversity in pairing."),
    )
    gender_consent = models.BooleanField(
        _("consent to the use of gender in pairing"), default=False
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees they can take"),
        null=True,
        blank=True,
        help_text=_("Mentors only: from 1 to the programme's maximum."),
    )
    return_topics = models.ManyToManyField(
        Topic,
        verbose_name=_("topics in return"),
        related_name="+",
        blank=True,
        help_text=_(
            "Mentors: what they would like to learn in return. Mentees: what they can give back."
        ),
    )
    charter_accepted_at = models.DateTimeField(_("charter accepted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    # HR's decision.
    decision_reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX_LENGTH)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    # The volunteer's withdrawal.
    withdrawal_reason = models.TextField(
        _("reason for withdrawing"), blank=True, max_length=REASON_MAX_LENGTH
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                name="enrolment_one_per_person_per_programme",
                violation_error_message=_(
                    "This person has already volunteered for this programme."
                ),
            ),
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender_consent=True),
                name="enrolment_gender_only_with_consent",
                violation_error_message=_("A gender is kept only with consent."),
            ),
            models.CheckConstraint(
                # Spelled out: a CHECK lets NULL through, and NULL >= 1 is NULL.
                condition=Q(role="mentor", capacity__isnull=False, capacity__gte=1)
                | Q(role="mentee", capacity__isnull=True),
                name="enrolment_capacity_for_mentors_only",
                violation_error_message=_(
                    "A mentor takes at least one mentee; mentees have no capacity."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["mentor", "mentee"]), name="enrolment_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["submitted", "approved", "waitlisted", "declined", "withdrawn"]
                ),
                name="enrolment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="enrolment_withdrawn_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="enrolment_declined_has_reason",
                violation_error_message=_("Say why the volunteer is declined."),
            ),
        ]
        indexes = [models.Index(fields=["programme", "status"], name="enrolment_programme_status")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.programme}"

    @property
    def is_mentor(self) -> bool:
        return self.role == self.Role.MENTOR

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def can_withdraw(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def availability_text(self) -> str:
        return availability.describe(self.availability)

    @property
    def language_names(self) -> list[str]:
        return [language_name(code, in_sentence=True) for code in self.languages]

    @property
    def is_decidable(self) -> bool:
        return self.status in self.DECIDABLE_STATUSES


class EnrolmentTopic(models.Model):
    """A topic of the volunteer's: a mentor's level, or a mentee's priority and confidence today."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="topic_rows"
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)],
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        null=True,
        blank=True,
        validators=[MinValueValidator(PRIORITY_MIN), MaxValueValidator(PRIORITY_MAX)],
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence today"),
        null=True,
        blank=True,
        validators=[MinValueValidator(CONFIDENCE_MIN), MaxValueValidator(CONFIDENCE_MAX)],
    )

    class Meta:
        ordering = ["priority", "-level", "topic__name_en"]
        verbose_name = _("topic of an enrolment")
        verbose_name_plural = _("topics of enrolments")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "topic"], name="enrolment_topic_once"),
            # A mentor's row has a level; a mentee's has a priority (and maybe a confidence).
            models.CheckConstraint(
                condition=Q(level__isnull=False, priority__isnull=True, confidence__isnull=True)
                | Q(level__isnull=True, priority__isnull=False),
                name="enrolment_topic_level_or_priority",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=LEVEL_MIN, level__lte=LEVEL_MAX),
                name="enrolment_topic_level_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(priority__isnull=True)
                | Q(priority__gte=PRIORITY_MIN, priority__lte=PRIORITY_MAX),
                name="enrolment_topic_priority_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | Q(confidence__gte=CONFIDENCE_MIN, confidence__lte=CONFIDENCE_MAX),
                name="enrolment_topic_confidence_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        if self.level is not None:
            return f"{self.topic} ({self.level})"
        return f"{self.topic} ({self.priority})"
