"""Every write of the evaluation app: surveys and HR's questions, invitations and their
reminders, answers and testimonials, the programme's closing with its certificates.

The sweep (`run_sweep`, every few minutes from Celery beat, or `manage.py
send_due_surveys`) does the scheduled work: it makes the surveys of the programmes that
need them, writes a Response row for each invitation that falls due, queues one task per
invitation or reminder to send, and closes the programmes that have completed. Tasks
claim their row with a conditional update before sending, so a duplicate beat, a second
sweep or a retry never sends twice; a send that fails gives its claim back.
"""

import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.emails import subject_line
from enrolments.models import Enrolment, EnrolmentTopic
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme, Topic

from . import questions
from .models import (
    TESTIMONIAL_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Answer,
    Completion,
    EvaluationSettings,
    Question,
    Response,
    Survey,
    Testimonial,
    final_review_opens_on,
    midpoint_of,
)
from .reports.cache import forget_cached_reports

logger = logging.getLogger(__name__)
Kind = Survey.Kind
Status = Programme.Status
# Programmes whose surveys the sweep looks after.
SWEPT_STATUSES = (Status.ENROLMENT_OPEN, Status.PAIRING, Status.RUNNING, Status.COMPLETED)
REMINDER_AFTER = timedelta(days=7)
MAX_REMINDERS = 2
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


def open_kinds(programme: Programme, today: date) -> set[str]:
    """The surveys of the programme that can be answered today.

    The baseline from enrolment until the mid-point; the pulse from the mid-point until
    the final review opens, two weeks before the end; the final review until HR marks the
    programme completed.
    """
    kinds: set[str] = set()
    midpoint, final = midpoint_of(programme), final_review_opens_on(programme)
    if programme.status in (Status.ENROLMENT_OPEN, Status.PAIRING) or (
        programme.status == Status.RUNNING and today < midpoint
    ):
        kinds.add(Kind.BASELINE)
    if programme.status == Status.RUNNING and midpoint <= today < final:
        kinds.add(Kind.MIDPOINT)
    if programme.status == Status.RUNNING and today >= final:
        kinds.add(Kind.FINAL)
    return kinds


def is_open(response: Response, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return response.survey.kind in open_kinds(response.survey.programme, today)


def _pair_members(programme: Programme, statuses: Sequence[str]) -> set[int]:
    from pairing.models import Pair  # pairing builds on enrolments, as this app does

    rows = Pair.objects.filter(programme=programme, status__in=statuses).values_list(
        "mentor_id", "mentee_id"
    )
    return {enrolment_id for pair in rows for enrolment_id in pair}


def due_enrolments(programme: Programme, kind: str) -> set[int]:
    """Who is invited to this survey once it is open: the enrolment ids."""
    from pairing.models import Pair

    if kind == Kind.BASELINE:
        return set(
            Enrolment.objects.approved().filter(programme=programme).values_list("pk", flat=True)
        )
    if kind == Kind.MIDPOINT:
        return _pair_members(programme, [Pair.Status.ACTIVE])
    return _pair_members(programme, [Pair.Status.ACTIVE, Pair.Status.ENDED])


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
    now: datetime | None = None,
) -> Response:
    """Record the person's answers, all at once, and the testimonial they consent to share."""
    now = now or timezone.now()
    testimonial = testimonial.strip()
    if testimonial and not consent:
        raise ValidationError(
            {"consent": _("Tick the box to let us publish your words, or leave them out.")}
        )
    if len(testimonial) > TESTIMONIAL_MAX_LENGTH:
        raise ValidationError(
            {
                "testimonial": _("At most %(limit)d characters, please.")
                % {"limit": TESTIMONIAL_MAX_LENGTH}
            }
        )
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
        asked = {
            (question.pk, topic.pk if topic else None) for question, topic in questions_for(current)
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
                    current,
                    data.question,
                    topic=data.topic,
                    value=data.value,
                    text=data.text.strip(),
                )
            )
        Answer.objects.bulk_create(rows)
        if testimonial and current.survey.kind == Kind.FINAL:
            Testimonial.objects.create(response=current, text=testimonial, consented_at=now)
        current.answered_at = now
        current.save(update_fields=["answered_at"])
        transaction.on_commit(forget_cached_reports)
    return current


# --- Testimonials -----------------------------------------------------------------------


@transaction.atomic
def decide_testimonial(*, testimonial: Testimonial, approve: bool, by: User | None) -> Testimonial:
    """HR publishes a consented quote on the testimonials page, or keeps it off."""
    check_hr_admin(by)
    current = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    current.status = Testimonial.Status.APPROVED if approve else Testimonial.Status.REJECTED
    current.decided_by, current.decided_at = by, timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    return current


# --- The sweep --------------------------------------------------------------------------


@dataclass
class SweepReport:
    responses_created: int = 0
    invitations_queued: int = 0
    reminders_queued: int = 0
    programmes_closed: int = 0
    closing_emails_queued: int = 0
    by_kind: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        return (
            f"{self.responses_created} invitations due, {self.invitations_queued} queued, "
            f"{self.reminders_queued} reminders queued, {self.programmes_closed} programmes "
            f"closed, {self.closing_emails_queued} closing emails queued"
        )


def run_sweep(*, now: datetime | None = None) -> SweepReport:
    """One pass of the scheduled work; safe to run twice at once (see the module's doc)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = SweepReport()
    programmes = list(Programme.objects.filter(status__in=SWEPT_STATUSES).order_by("pk"))
    open_by_programme: dict[int, set[str]] = {}
    for programme in programmes:
        with transaction.atomic():
            surveys = ensure_surveys(programme)
            kinds = open_kinds(programme, today)
            open_by_programme[programme.pk] = kinds
            for kind in sorted(kinds):
                survey = surveys[kind]
                due = due_enrolments(programme, kind)
                already = set(survey.responses.values_list("enrolment_id", flat=True))
                created = Response.objects.bulk_create(
                    [Response(survey=survey, enrolment_id=pk) for pk in sorted(due - already)],
                    ignore_conflicts=True,
                )
                report.responses_created += len(created)
                report.by_kind[kind] += len(created)
    _queue_invitations(report, open_by_programme, now)
    for programme in programmes:
        if programme.status == Status.COMPLETED:
            report.programmes_closed += close_programme(programme=programme, now=now)
    report.closing_emails_queued = _queue_closing_emails()
    return report


def _open_filter(open_by_programme: dict[int, set[str]]) -> Q:
    condition = Q(pk__in=[])
    for programme_id, kinds in open_by_programme.items():
        if kinds:
            condition |= Q(survey__programme_id=programme_id, survey__kind__in=kinds)
    return condition


def _queue_invitations(
    report: SweepReport, open_by_programme: dict[int, set[str]], now: datetime
) -> None:
    from . import tasks

    is_open_now = _open_filter(open_by_programme)
    active = Q(enrolment__person__is_active=True)
    to_invite = list(
        Response.objects.filter(is_open_now, active, invited_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    due_reminder = Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_AFTER)
    to_remind = list(
        Response.objects.filter(
            is_open_now,
            active,
            due_reminder,
            answered_at__isnull=True,
            invited_at__lte=now - REMINDER_AFTER,
            reminders_sent__lt=MAX_REMINDERS,
        ).values_list("pk", "reminders_sent")
    )
    for pk in to_invite:
        transaction.on_commit(partial(tasks.send_survey_invitation.delay, pk))
    for pk, sent in to_remind:
        transaction.on_commit(partial(tasks.send_survey_reminder.delay, pk, sent))
    report.invitations_queued = len(to_invite)
    report.reminders_queued = len(to_remind)


# --- Sending ----------------------------------------------------------------------------


def send_invitation(*, response_id: int, now: datetime | None = None) -> bool:
    """Claim the invitation and email it; False when someone else sent it or it is moot."""
    now = now or timezone.now()
    claimed = Response.objects.filter(
        pk=response_id, invited_at__isnull=True, answered_at__isnull=True
    ).update(invited_at=now)
    if not claimed:
        return False
    response = _response_to_send(response_id)
    if response is None or not is_open(response, timezone.localdate(now)):
        return False
    try:
        survey_email(response, reminder=False).send()
    except Exception:
        Response.objects.filter(pk=response_id, invited_at=now).update(invited_at=None)
        raise
    return True


def send_reminder(*, response_id: int, sent: int, now: datetime | None = None) -> bool:
    """Claim reminder number sent + 1 and email it, if the survey is still unanswered."""
    now = now or timezone.now()
    claimed = Response.objects.filter(
        pk=response_id, reminders_sent=sent, answered_at__isnull=True, invited_at__isnull=False
    ).update(reminders_sent=sent + 1, reminded_at=now)
    if not claimed:
        return False
    response = _response_to_send(response_id)
    if response is None or not is_open(response, timezone.localdate(now)):
        return False
    try:
        survey_email(response, reminder=True).send()
    except Exception:
        Response.objects.filter(pk=response_id, reminders_sent=sent + 1).update(reminders_sent=sent)
        raise
    return True


def _response_to_send(response_id: int) -> Response | None:
    response = (
        Response.objects.select_related("survey__programme", "enrolment__person")
        .filter(pk=response_id)
        .first()
    )
    if response is None or not response.enrolment.person.is_active:
        return None
    return response


def _message(
    *, person: User, template: str, context: dict, attachments: Sequence[tuple] = ()
) -> mail.EmailMultiAlternatives:
    language = person.preferred_language
    context = {"person": person, **context}
    with translation.override(language):
        subject = render_to_string(f"evaluation/emails/{template}_subject.txt", context)
        text = render_to_string(f"evaluation/emails/{template}.txt", context)
        html = render_to_string(f"evaluation/emails/{template}.html", context)
    message = mail.EmailMultiAlternatives(
        subject=subject_line(subject),
        body=text,
        to=[person.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return message


def survey_email(response: Response, *, reminder: bool) -> mail.EmailMultiAlternatives:
    survey = response.survey
    return _message(
        person=response.enrolment.person,
        template="survey",
        context={
            "response": response,
            "survey": survey,
            "kind": survey.kind,
            "programme": survey.programme,
            "reminder": reminder,
            "link": settings.SITE_URL + reverse("evaluation:answer", args=[response.code]),
        },
    )


# --- Closing a programme ----------------------------------------------------------------


def earns_certificate(
    rule: EvaluationSettings, *, sessions_held: int, final_review_answered: bool
) -> bool:
    if sessions_held < rule.certificate_min_sessions:
        return False
    return final_review_answered or not rule.certificate_needs_final_review


def sessions_held_by_enrolment(programme: Programme) -> dict[int, int]:
    """{enrolment id: sessions held} over the person's published pairs of the programme."""
    from meetings.models import Meeting
    from pairing.models import Pair

    held = Counter()
    rows = (
        Meeting.objects.filter(
            pair__programme=programme,
            pair__status__in=[Pair.Status.ACTIVE, Pair.Status.ENDED],
            status=Meeting.Status.HELD,
        )
        .order_by()
        .values_list("pair__mentor_id", "pair__mentee_id")
        .annotate(total=Count("pk"))
    )
    for mentor_id, mentee_id, total in rows:
        held[mentor_id] += total
        held[mentee_id] += total
    return dict(held)


def close_programme(*, programme: Programme, now: datetime | None = None) -> int:
    """Record each participant's completion of a completed programme, once; 1 if this call
    did it, 0 if it had been done (the settings row is claimed by a conditional update)."""
    from pairing.models import Pair

    now = now or timezone.now()
    with transaction.atomic():
        EvaluationSettings.objects.get_or_create(programme=programme)
        claimed = EvaluationSettings.objects.filter(
            programme=programme, closed_at__isnull=True, programme__status=Status.COMPLETED
        ).update(closed_at=now)
        if not claimed:
            return 0
        rule = EvaluationSettings.objects.get(programme=programme)
        participants = _pair_members(programme, [Pair.Status.ACTIVE, Pair.Status.ENDED])
        held = sessions_held_by_enrolment(programme)
        answered = set(
            Response.objects.answered()
            .filter(survey__programme=programme, survey__kind=Kind.FINAL)
            .values_list("enrolment_id", flat=True)
        )
        Completion.objects.bulk_create(
            [
                Completion(
                    programme=programme,
                    enrolment_id=enrolment_id,
                    sessions_held=min(held.get(enrolment_id, 0), 32767),
                    final_review_answered=enrolment_id in answered,
                    earned_certificate=earns_certificate(
                        rule,
                        sessions_held=held.get(enrolment_id, 0),
                        final_review_answered=enrolment_id in answered,
                    ),
                )
                for enrolment_id in sorted(participants)
            ],
            ignore_conflicts=True,
        )
        transaction.on_commit(forget_cached_reports)
    logger.info("Closed %s: %d participants.", programme.slug, len(participants))
    return 1


def _queue_closing_emails() -> int:
    from . import tasks

    pending = list(
        Completion.objects.filter(
            emailed_at__isnull=True,
            programme__evaluation_settings__closed_at__isnull=False,
            enrolment__person__is_active=True,
        ).values_list("pk", flat=True)
    )
    for pk in pending:
        transaction.on_commit(partial(tasks.send_closing_email.delay, pk))
    return len(pending)


def send_closing_email(*, completion_id: int, now: datetime | None = None) -> bool:
    """Claim the participant's closing email and send it, with the certificate when earned."""
    from . import certificates

    now = now or timezone.now()
    claimed = Completion.objects.filter(pk=completion_id, emailed_at__isnull=True).update(
        emailed_at=now
    )
    if not claimed:
        return False
    completion = (
        Completion.objects.select_related("programme__sponsor", "enrolment__person")
        .filter(pk=completion_id)
        .first()
    )
    person = completion.enrolment.person if completion else None
    if person is None or not person.is_active:
        return False
    attachments = []
    if completion.earned_certificate:
        with translation.override(person.preferred_language):
            pdf = certificates.render(completion)
            filename = certificates.filename(completion)
        attachments.append((filename, pdf, "application/pdf"))
    context = {
        "completion": completion,
        "programme": completion.programme,
        "link": settings.SITE_URL + reverse("evaluation:mine"),
    }
    try:
        _message(person=person, template="closing", context=context, attachments=attachments).send()
    except Exception:
        Completion.objects.filter(pk=completion_id, emailed_at=now).update(emailed_at=None)
        raise
    return True


# --- Reading for the person -------------------------------------------------------------


def pending_surveys(person: User, today: date | None = None) -> list[Response]:
    """The person's invitations still open and unanswered."""
    today = today or timezone.localdate()
    rows = (
        Response.objects.of_person(person)
        .pending()
        .filter(invited_at__isnull=False)
        .select_related("survey__programme", "enrolment")
        .order_by("created_at", "pk")
    )
    return [row for row in rows if is_open(row, today)]
