"""Surveys: the programme's three surveys and HR's own questions, which are open and to
whom, the answers with the testimonial that comes with them (services/testimonials.py
checks and records it, and holds HR's decision on it).
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bilingual import reader_language
from enrolments.models import Enrolment, EnrolmentTopic
from pairing.models import Pair
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme, Topic

from .. import questions
from ..models import (
    TEXT_MAX_LENGTH,
    Answer,
    EvaluationSettings,
    Question,
    Response,
    Survey,
)
from ..reports.cache import forget_cached_reports
from ..windows import is_open
from . import testimonials

Kind = Survey.Kind
Status = Programme.Status
HR_QUESTION_KINDS = (Question.Kind.SCALE, Question.Kind.YES_NO, Question.Kind.TEXT)
HR_QUESTION_FIRST_POSITION = 100


class SurveyRefused(Exception):
    """Something that cannot happen now; `reasons` says why, in words."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]


# --- Surveys ----------------------------------------------------------------------------


@transaction.atomic
def ensure_surveys(programme: Programme) -> dict[str, Survey]:
    """The programme's three surveys with their built-in questions, made if missing.

    Idempotent, and safe to race: rows are inserted with ignore_conflicts and read back.
    """
    EvaluationSettings.objects.get_or_create(programme=programme)
    Survey.objects.bulk_create(
        [Survey(programme=programme, kind=kind) for kind in Kind.values], ignore_conflicts=True
    )
    surveys = {survey.kind: survey for survey in Survey.objects.filter(programme=programme)}
    have = set(
        Question.objects.filter(survey__programme=programme).values_list("survey__kind", "key")
    )
    Question.objects.bulk_create(
        [
            Question(
                survey=surveys[kind],
                position=10 * (index + 1),
                key=item.key,
                kind=item.kind,
                audience=item.audience,
                per_topic=item.per_topic,
                required=item.required,
            )
            for kind, items in questions.CATALOGUE.items()
            for index, item in enumerate(items)
            if (kind, item.key) not in have
        ],
        ignore_conflicts=True,
    )
    return surveys


def settings_for(programme: Programme) -> EvaluationSettings:
    found = EvaluationSettings.objects.filter(programme=programme).first()
    return found or EvaluationSettings(programme=programme)


def pair_members(programme: Programme, statuses: Sequence[str]) -> set[int]:
    """The enrolment ids of both members of the programme's pairs in these statuses."""
    rows = Pair.objects.filter(programme=programme, status__in=statuses).values_list(
        "mentor_id", "mentee_id"
    )
    return {enrolment_id for pair in rows for enrolment_id in pair}


def due_enrolments(programme: Programme, kind: str) -> set[int]:
    """Who is invited to this survey once it is open: the enrolment ids."""
    if kind == Kind.BASELINE:
        return set(
            Enrolment.objects.approved().filter(programme=programme).values_list("pk", flat=True)
        )
    if kind == Kind.MIDPOINT:
        return pair_members(programme, [Pair.Status.ACTIVE])
    return pair_members(programme, [Pair.Status.ACTIVE, Pair.Status.ENDED])


@transaction.atomic
def add_question(
    *, survey: Survey, by: User | None, text_en: str, text_fr: str, kind: str, audience: str
) -> Question:
    """HR's own question, asked after the built-in ones to whoever has not answered yet."""
    check_hr_admin(by)
    text_en, text_fr = text_en.strip(), text_fr.strip()
    if not (text_en or text_fr):
        raise ValidationError({"text_en": _("Write the question in English or in French.")})
    if kind not in HR_QUESTION_KINDS:
        raise ValidationError({"kind": _("Choose a kind of answer from the list.")})
    if survey.programme.status in (Status.COMPLETED, Status.ARCHIVED):
        raise SurveyRefused([_("This programme is over: its surveys can no longer change.")])
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(
        survey=survey,
        position=max(last + 1, HR_QUESTION_FIRST_POSITION),
        key=f"hr-{uuid.uuid4().hex[:12]}",
        kind=kind,
        audience=audience,
        required=kind != Question.Kind.TEXT,
        text_en=text_en,
        text_fr=text_fr,
        added_by=by,
    )
    question.full_clean()
    question.save()
    transaction.on_commit(forget_cached_reports)
    return question


@transaction.atomic
def remove_question(*, question: Question, by: User | None) -> None:
    """HR's own questions can go while nobody has answered them; built-in ones stay."""
    check_hr_admin(by)
    if question.is_built_in:
        raise SurveyRefused([_("Built-in questions feed the indicators: they stay.")])
    if question.answers.exists():
        raise SurveyRefused([_("People have answered this question already: it stays.")])
    question.delete()
    transaction.on_commit(forget_cached_reports)


@transaction.atomic
def update_settings(
    *,
    programme: Programme,
    by: User | None,
    target_population: int | None,
    certificate_min_sessions: int,
    certificate_needs_final_review: bool,
) -> EvaluationSettings:
    check_hr_admin(by)
    current, _created = EvaluationSettings.objects.select_for_update().get_or_create(
        programme=programme
    )
    if current.closed_at is not None:
        raise SurveyRefused(
            [_("The programme is closed and its certificates are issued: the rule stays.")]
        )
    current.target_population = target_population
    current.certificate_min_sessions = certificate_min_sessions
    current.certificate_needs_final_review = certificate_needs_final_review
    current.full_clean()
    current.save()
    transaction.on_commit(forget_cached_reports)
    return current


# --- Answering --------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerData:
    question: Question
    topic: Topic | None = None
    value: int | None = None
    text: str = ""


def questions_for(response: Response) -> list[tuple[Question, Topic | None]]:
    """What this person is asked in this survey, in order: (question, topic or None)."""
    enrolment = response.enrolment
    asked = [
        question
        for question in response.survey.questions.all()
        if question.asked_to(enrolment.role)
    ]
    topics = topics_asked(enrolment) if any(q.per_topic for q in asked) else {}
    lines: list[tuple[Question, Topic | None]] = []
    for question in asked:
        if not question.per_topic:
            lines.append((question, None))
            continue
        for topic in topics.get(question.key, []):
            lines.append((question, topic))
    return lines


def topics_asked(enrolment: Enrolment) -> dict[str, list[Topic]]:
    """The topics of the per-topic questions: the mentee's topics for confidence, and of
    those, the ones mentors teach for adoption."""
    if enrolment.role != Enrolment.Role.MENTEE:
        return {}
    rows = (
        EnrolmentTopic.objects.filter(enrolment=enrolment)
        .select_related("topic")
        .order_by("priority", "topic__name_en", "pk")
    )
    mine = [row.topic for row in rows]
    return {
        questions.CONFIDENCE: mine,
        questions.ADOPTION: [topic for topic in mine if topic.kind == Topic.Kind.TAUGHT],
    }


def check_value(question: Question, value: int | None, text: str) -> None:
    """Refuse what the form would refuse: a value outside the question's scale."""
    ranges = {
        Question.Kind.SCALE: (1, 5),
        Question.Kind.RECOMMEND: (0, 10),
        Question.Kind.YES_NO: (0, 1),
        Question.Kind.RHYTHM: (0, 2),
    }
    if question.kind == Question.Kind.TEXT:
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(
                _("At most %(limit)d characters, please.") % {"limit": TEXT_MAX_LENGTH}
            )
        return
    low, high = ranges[question.kind]
    if value is None:
        if question.required:
            raise ValidationError(_("Please answer this question."))
        return
    if not low <= value <= high:
        raise ValidationError(_("This answer is not on the scale."))


def answer_survey(
    *,
    response: Response,
    by: User,
    answers: Iterable[AnswerData],
    testimonial: str = "",
    consent: bool = False,
    testimonial_language: str = "",
    translation_consent: bool = False,
    now: datetime | None = None,
) -> Response:
    """Record the person's answers, all at once, and the testimonial they consent to share,
    in the language they wrote it in (by default the one they read), with their separate
    consent to a translation."""
    now = now or timezone.now()
    testimonial = testimonial.strip()
    language = testimonial_language or reader_language()
    testimonials.check_testimonial(testimonial, consent=consent, language=language)
    with transaction.atomic():
        current = (
            Response.objects.select_for_update(of=("self",))
            .select_related("enrolment", "survey__programme")
            .get(pk=response.pk)
        )
        if current.enrolment.person_id != by.pk:
            raise PermissionDenied
        if current.is_answered:
            raise SurveyRefused([_("You have already answered this survey. Thank you!")])
        if not is_open(current, timezone.localdate(now)):
            raise SurveyRefused([_("This survey is closed.")])
        Answer.objects.bulk_create(_answer_rows(current, answers))
        if testimonial and current.survey.kind == Kind.FINAL:
            testimonials.record_testimonial(
                current,
                text=testimonial,
                language=language,
                translation_consent=translation_consent,
                now=now,
            )
        current.answered_at = now
        current.save(update_fields=["answered_at"])
        transaction.on_commit(forget_cached_reports)
    return current


def _answer_rows(response: Response, answers: Iterable[AnswerData]) -> list[Answer]:
    """The rows to write: each answer to a question asked, once; empty answers left out."""
    asked = {
        (question.pk, topic.pk if topic else None) for question, topic in questions_for(response)
    }
    rows, seen = [], set()
    for data in answers:
        key = (data.question.pk, data.topic.pk if data.topic else None)
        if key not in asked or key in seen:
            raise ValidationError(_("This question is not part of your survey."))
        seen.add(key)
        check_value(data.question, data.value, data.text)
        if data.value is None and not data.text.strip():
            continue
        rows.append(
            Answer.of(
                response, data.question, topic=data.topic, value=data.value, text=data.text.strip()
            )
        )
    return rows


# --- Reading for the person -------------------------------------------------------------


def pending_surveys(person: User, today: date | None = None) -> list[Response]:
    """The person's invitations still open and unanswered."""
    today = today or timezone.localdate()
    rows = (
        Response.objects.of_person(person)
        .pending()
        .filter(invited_at__isnull=False)
        .select_related("survey__programme")
        .only(*PENDING_FIELDS)
        .order_by("created_at", "pk")
    )
    return [row for row in rows if is_open(row, today)]


# What the lists of surveys to answer show, and when each is open (`windows.is_open`): the
# home page's to-do list and "My surveys" read these columns only.
PENDING_FIELDS = (
    "code",
    "survey__kind",
    "survey__programme__name_en",
    "survey__programme__name_fr",
    "survey__programme__status",
    "survey__programme__start_on",
    "survey__programme__duration_months",
)
