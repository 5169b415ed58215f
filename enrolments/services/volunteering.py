"""A person volunteers for a programme, and an imported volunteer accepts its charter."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User
from programmes.models import Programme

from .. import eligibility
from ..models import Enrolment, EnrolmentTopic
from .answers import Answers, check_answers
from .errors import EnrolmentRefused

logger = logging.getLogger(__name__)
Role = Enrolment.Role


class AlreadyEnrolled(EnrolmentRefused):
    """The person already has an enrolment in this programme (one per person and programme)."""


def volunteer(
    *,
    programme: Programme,
    person: User,
    role: str,
    answers: Answers,
    charter_accepted: bool,
    today: date | None = None,
) -> Enrolment:
    """The person's enrolment in the programme, submitted for HR's review.

    Raises EnrolmentRefused (enrolment closed, not eligible), AlreadyEnrolled, or
    ValidationError by field. Two submissions at once cannot both succeed: the
    database keeps one enrolment per person and programme, and the loser gets
    AlreadyEnrolled rather than an error page.
    """
    _check(programme, person, role, answers, charter_accepted=charter_accepted, today=today)
    if Enrolment.objects.filter(programme=programme, person=person).exists():
        raise _already_enrolled()
    try:
        with transaction.atomic():
            enrolment = _create(programme, person, role, answers, charter_accepted)
    except IntegrityError:
        # Most likely a second submission that raced this one past the check above.
        if Enrolment.objects.filter(programme=programme, person=person).exists():
            raise _already_enrolled() from None
        raise
    logger.info("%s volunteered as %s for %s.", person.email, role, programme.slug)
    return enrolment


def _already_enrolled() -> AlreadyEnrolled:
    return AlreadyEnrolled([_("You have already volunteered for this programme.")])


def _check(
    programme: Programme,
    person: User,
    role: str,
    answers: Answers,
    *,
    charter_accepted: bool,
    today: date | None,
) -> None:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    closed = eligibility.enrolment_closed(programme, today)
    if closed:
        raise EnrolmentRefused([closed])
    refusals = eligibility.refusals(programme, person, role, today)
    if refusals:
        raise EnrolmentRefused([refusal.to_volunteer for refusal in refusals])
    errors = check_answers(programme=programme, person=person, role=role, answers=answers)
    if programme.has_charter and not charter_accepted:
        errors.setdefault("accept_charter", []).append(
            _("Taking part means accepting the charter: please read it and tick the box.")
        )
    if errors:
        raise ValidationError(errors)


def _create(
    programme: Programme, person: User, role: str, answers: Answers, charter_accepted: bool
) -> Enrolment:
    # Without explicit consent nothing is kept, not even the consent flag.
    consent = answers.gender_consent and bool(answers.gender)
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        programme=programme,
        person=person,
        role=role,
        source=Enrolment.Source.FORM,
        motivation=answers.motivation.strip(),
        languages=list(answers.languages),
        availability=answers.availability,
        preferred_mode=answers.preferred_mode,
        gender=answers.gender if consent else "",
        gender_consent=consent,
        capacity=answers.capacity if role == Role.MENTOR else None,
        charter_accepted_at=now if charter_accepted else None,
        submitted_at=now,
    )
    EnrolmentTopic.objects.bulk_create(
        EnrolmentTopic(
            enrolment=enrolment,
            topic=answer.topic,
            level=answer.level,
            priority=answer.priority,
            confidence=answer.confidence,
        )
        for answer in answers.topics
    )
    if answers.return_topics:
        enrolment.return_topics.set(answers.return_topics)
    if answers.rather_not:
        enrolment.rather_not.set(answers.rather_not)
    return enrolment


def accept_charter(*, enrolment: Enrolment, by: User) -> Enrolment:
    """For an imported volunteer, who has not seen the charter in Tandem yet."""
    if by.pk != enrolment.person_id:
        raise PermissionDenied
    Enrolment.objects.filter(pk=enrolment.pk, charter_accepted_at__isnull=True).update(
        charter_accepted_at=timezone.now()
    )
    enrolment.refresh_from_db(fields=["charter_accepted_at"])
    return enrolment
