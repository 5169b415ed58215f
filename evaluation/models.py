"""Surveys and their answers, HR's evaluation settings, participants' completions and
testimonials.

Each programme has three surveys (baseline, mid-point, final review), made by
services.ensure_surveys with the built-in questions of evaluation/questions.py; HR may
add its own. A Response is one person's invitation to one survey (its row is written
when the invitation falls due, so that response rates are answered / rows); its answers
are Answer rows, one per question, or one per question and topic for the questions asked
per topic. The mentee's confidence per topic at enrolment (enrolments.EnrolmentTopic) is
the baseline that the final review's confidence is compared with.

Nothing here is shown to anyone but its author except as an aggregate over at least five
people (evaluation/indicators.py), with two exceptions the authors are told about:
testimonials they consented to publish and HR approved, and free-text answers, which HR
reads without names once five people or more have answered.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enrolments.models import Enrolment
from programmes.models import Programme, Topic, in_language

TEXT_MAX_LENGTH = 1000
# The final review opens this long before the programme's end date.
FINAL_REVIEW_LEAD = timedelta(days=14)


class EvaluationSettings(models.Model):
    """What HR sets per programme for its evaluation: the population it aims at and the
    rule that earns a certificate of participation."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="evaluation_settings",
    )
    target_population = models.PositiveIntegerField(
        _("target population"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many seniors the programme means to reach. Coverage is the share of them "
            "approved as mentees. Leave empty if there is no target."
        ),
    )
    certificate_min_sessions = models.PositiveSmallIntegerField(
        _("sessions held for a certificate"),
        default=4,
        validators=[MaxValueValidator(50)],
        help_text=_("A participant earns the certificate with at least this many sessions held."),
    )
    certificate_needs_final_review = models.BooleanField(
        _("final review answered for a certificate"),
        default=True,
        help_text=_("The participant must also have answered the final review."),
    )
    # Set once, when the completion of the programme has been recorded and its closing
    # emails queued: the sweep claims the programme by setting it.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")

    def __str__(self) -> str:
        return str(self.programme)


class Survey(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        MIDPOINT = "midpoint", _("Mid-point pulse")
        FINAL = "final", _("Final review")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="surveys"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="survey_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=["baseline", "midpoint", "final"]), name="survey_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.programme}"


def midpoint_of(programme: Programme) -> date:
    return programme.start_on + (programme.ends_on - programme.start_on) / 2


def final_review_opens_on(programme: Programme) -> date:
    return max(programme.ends_on - FINAL_REVIEW_LEAD, midpoint_of(programme) + timedelta(days=1))


def survey_closes_on(kind: str, programme: Programme) -> date:
    """When a survey of a running programme stops taking answers."""
    if kind == "baseline":
        return midpoint_of(programme)
    if kind == "midpoint":
        return final_review_opens_on(programme)
    return programme.ends_on


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 1 to 5")
        RECOMMEND = "recommend", _("Scale from 0 to 10")
        YES_NO = "yes_no", _("Yes or no")
        RHYTHM = "rhythm", _("Too slow, right, too fast")
        TEXT = "text", _("A line of text")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        MENTORS = "mentors", _("Mentors (juniors)")
        MENTEES = "mentees", _("Mentees (seniors)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # A built-in question's key names what it measures (see evaluation/questions.py);
    # HR's own questions have a key starting with "hr-".
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind)
    audience = models.CharField(
        _("asked to"), max_length=8, choices=Audience, default=Audience.EVERYONE
    )
    # Asked once per topic: the mentee's topics (confidence) or taught topics (adoption).
    per_topic = models.BooleanField(_("asked for each topic"), default=False)
    required = models.BooleanField(_("required"), default=True)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    text_fr = models.CharField(_("question in French"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_once_per_survey"),
            models.CheckConstraint(
                condition=Q(kind__in=["scale", "recommend", "yes_no", "rhythm", "text"]),
                name="question_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["everyone", "mentors", "mentees"]),
                name="question_audience_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_built_in(self) -> bool:
        return not self.key.startswith("hr-")

    @property
    def text(self) -> str:
        from . import questions  # the catalogue reads this module

        built_in = questions.BY_KEY.get(self.key)
        if built_in is not None and not (self.text_en or self.text_fr):
            return str(built_in.text)
        return in_language(self.text_en, self.text_fr)

    def asked_to(self, role: str) -> bool:
        if self.audience == self.Audience.EVERYONE:
            return True
        wanted = self.Audience.MENTORS if role == Enrolment.Role.MENTOR else self.Audience.MENTEES
        return self.audience == wanted


class ResponseQuerySet(models.QuerySet):
    def answered(self) -> "ResponseQuerySet":
        return self.filter(answered_at__isnull=False)

    def pending(self) -> "ResponseQuerySet":
        return self.filter(answered_at__isnull=True)

    def of_person(self, person: models.Model) -> "ResponseQuerySet":
        return self.filter(enrolment__person=person)


class Response(models.Model):
    """A person's invitation to a survey, and once answered, their response."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    created_at = models.DateTimeField(_("due since"), auto_now_add=True)
    # Claimed by the task that sends the invitation (a conditional update), so that a
    # duplicate sweep or a retry cannot send it twice.
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "enrolment"], name="response_one_per_person_per_survey"
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "answered_at"], name="response_survey_answered"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.enrolment_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Answer(models.Model):
    """One answer of an answered response.

    Answers are written once, when the person sends the survey, and never change: so the
    programme, the survey's kind, the question's key and the enrolment are copied on each
    row (`Answer.of`), and the dashboard aggregates this one table through one index
    instead of joining four (which made it ten times slower at 1,500 pairs on SQLite).
    """

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="+"
    )
    survey_kind = models.CharField(_("survey"), max_length=8, choices=Survey.Kind)
    key = models.SlugField(_("question key"), max_length=40)
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["response", "question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(topic__isnull=True),
                name="answer_once_per_question",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "topic"],
                condition=Q(topic__isnull=False),
                name="answer_once_per_question_and_topic",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=10),
                name="answer_value_0_to_10",
            ),
        ]
        # Covering indexes for the dashboard's two reads: means by question and topic, and
        # each person's baseline beside their final answer.
        indexes = [
            models.Index(
                fields=["programme", "survey_kind", "key", "topic", "value"],
                name="answer_means",
            ),
            models.Index(
                fields=["programme", "key", "enrolment", "survey_kind", "value"],
                name="answer_pairs",
            ),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"

    @classmethod
    def of(
        cls,
        response: Response,
        question: Question,
        *,
        topic: Topic | None = None,
        value: int | None = None,
        text: str = "",
    ) -> "Answer":
        """An answer with its copies of the response's and the question's keys."""
        return cls(
            response=response,
            question=question,
            topic=topic,
            value=value,
            text=text,
            programme_id=response.survey.programme_id,
            enrolment_id=response.enrolment_id,
            survey_kind=response.survey.kind,
            key=question.key,
        )


class CompletionQuerySet(models.QuerySet):
    def certificates_of(self, person: models.Model) -> "CompletionQuerySet":
        return self.filter(enrolment__person=person, earned_certificate=True)


class Completion(models.Model):
    """A participant of a completed programme: what they did, and whether it earned the
    certificate by the programme's rule. Written once, when the programme completes."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="completions"
    )
    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="completion"
    )
    sessions_held = models.PositiveSmallIntegerField(_("sessions held"), default=0)
    final_review_answered = models.BooleanField(_("final review answered"), default=False)
    earned_certificate = models.BooleanField(_("earned the certificate"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Claimed by the task that sends the closing email.
    emailed_at = models.DateTimeField(_("closing email sent at"), null=True, blank=True)

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")

    def __str__(self) -> str:
        return f"{self.programme} · {self.enrolment_id}"


# The sponsor's monthly report and the testimonials live in modules of their own, so that
# this one stays short.
from .sponsoring import MonthlyReportOptOut, SponsorReport  # noqa: E402, F401
from .testimonials import (  # noqa: E402, F401
    TESTIMONIAL_MAX_LENGTH,
    TRANSLATION_MAX_LENGTH,
    Testimonial,
    TestimonialQuerySet,
)
