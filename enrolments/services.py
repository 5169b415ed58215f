"""Every write to enrolments: volunteering, withdrawing, HR's decisions, the import.

Views, the import command, the demo seed and tests call these the same way.
Refusals a person can act on are EnrolmentRefused (with reasons in words) or
ValidationError (by field); PermissionDenied means the caller should never
have offered the action.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.access import check_hr_admin
from people.importing import ImportReport, Problem
from people.models import User, validate_languages
from programmes.models import Programme, Topic

from . import availability, eligibility, importing, tasks
from .models import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    MOTIVATION_MAX_LENGTH,
    PRIORITY_MAX,
    PRIORITY_MIN,
    REASON_MAX_LENGTH,
    Enrolment,
    EnrolmentTopic,
)

logger = logging.getLogger(__name__)
Role = Enrolment.Role
Status = Enrolment.Status
# HR may import volunteers collected elsewhere until the programme starts running.
IMPORTABLE_STATUSES = (
    Programme.Status.DRAFT,
    Programme.Status.ENROLMENT_OPEN,
    Programme.Status.PAIRING,
)


class EnrolmentRefused(Exception):
    """Something that cannot happen now; `reasons` says why, in words for the person acting."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]


class AlreadyEnrolled(EnrolmentRefused):
    """The person already has an enrolment in this programme (one per person and programme)."""


@dataclass(frozen=True)
class TopicAnswer:
    """A mentor's level on a topic, or a mentee's priority and confidence today."""

    topic: Topic
    level: int | None = None
    priority: int | None = None
    confidence: int | None = None


@dataclass(kw_only=True)
class Answers:
    """What a volunteer says, as the form (or the import) gives it."""

    topics: Sequence[TopicAnswer]
    return_topics: Sequence[Topic] = ()
    capacity: int | None = None
    motivation: str = ""
    languages: Sequence[str] = ()
    availability: dict[str, Any] = field(default_factory=availability.flexible)
    preferred_mode: str = ""
    rather_not: Sequence[User] = ()
    gender: str = ""
    gender_consent: bool = False


@dataclass
class Decided:
    """What a decision changed; `unchanged` already held that decision (no second email)."""

    changed: list[Enrolment] = field(default_factory=list)
    unchanged: list[Enrolment] = field(default_factory=list)


# --- Reading ---------------------------------------------------------------------


def enrolment_counts(programme: Programme) -> dict[str, dict[str, int]]:
    """{role: {status: count}} for the programme, zeros included, in one query."""
    return Enrolment.objects.filter(programme=programme).counts()


def count_rows(table: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """The counts as table rows, one per role: {"role", "cells": [(status, count)], "total"}."""
    return [
        {
            "role": Role(role),
            "cells": [(Status(status), table[role][status]) for status in Status.values],
            "total": sum(table[role].values()),
        }
        for role in Role.values
    ]


def topics_in_scope(programme: Programme) -> tuple[list[Topic], list[Topic]]:
    """The programme's active topics: (taught by mentors, given back by mentees), by name."""
    topics = sorted(
        (topic for topic in programme.topics.all() if not topic.is_retired),
        key=lambda topic: topic.name.lower(),
    )
    taught = [topic for topic in topics if topic.kind == Topic.Kind.TAUGHT]
    given_back = [topic for topic in topics if topic.kind == Topic.Kind.GIVEN_BACK]
    return taught, given_back


# --- Checks ------------------------------------------------------------------------


def check_answers(
    *, programme: Programme, person: User, role: str, answers: Answers
) -> dict[str, list[str]]:
    """What is wrong with the answers, by form field; empty when they are right."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    taught, given_back = topics_in_scope(programme)
    taught_pks = {topic.pk for topic in taught}
    given_back_pks = {topic.pk for topic in given_back}
    if not answers.topics:
        refuse(
            "topics",
            _("Choose at least one topic you can teach.")
            if role == Role.MENTOR
            else _("Choose at least one topic you want to learn."),
        )
    seen: set[int] = set()
    for answer in answers.topics:
        name = answer.topic.name
        if answer.topic.pk not in taught_pks:
            refuse("topics", _("“%(name)s” is not a topic of this programme.") % {"name": name})
        if answer.topic.pk in seen:
            refuse("topics", _("“%(name)s” is given twice.") % {"name": name})
        seen.add(answer.topic.pk)
        if role == Role.MENTOR:
            if answer.level is None or not LEVEL_MIN <= answer.level <= LEVEL_MAX:
                refuse(
                    "topics",
                    _("Give your level on “%(name)s”, from %(min)d to %(max)d.")
                    % {"name": name, "min": LEVEL_MIN, "max": LEVEL_MAX},
                )
            if answer.priority is not None or answer.confidence is not None:
                refuse("topics", _("Mentors give a level, not a priority or a confidence."))
        else:
            if answer.priority is None or not PRIORITY_MIN <= answer.priority <= PRIORITY_MAX:
                refuse(
                    "topics",
                    _("Give the priority of “%(name)s”, from %(min)d to %(max)d.")
                    % {"name": name, "min": PRIORITY_MIN, "max": PRIORITY_MAX},
                )
            if answer.confidence is not None and not (
                CONFIDENCE_MIN <= answer.confidence <= CONFIDENCE_MAX
            ):
                refuse(
                    "topics",
                    _("Your confidence on “%(name)s” goes from %(min)d to %(max)d.")
                    % {"name": name, "min": CONFIDENCE_MIN, "max": CONFIDENCE_MAX},
                )
            if answer.level is not None:
                refuse("topics", _("Mentees give a priority, not a level."))
    outside = [topic.name for topic in answers.return_topics if topic.pk not in given_back_pks]
    if outside:
        refuse(
            "return_topics",
            _("Not topics of this programme: %(names)s.") % {"names": ", ".join(outside)},
        )

    if role == Role.MENTOR:
        most = programme.max_mentees_per_mentor
        if answers.capacity is None or not 1 <= answers.capacity <= most:
            refuse(
                "capacity",
                _("A mentor takes from 1 to %(most)d mentee(s) in this programme.")
                % {"most": most},
            )
    elif answers.capacity is not None:
        refuse("capacity", _("Only mentors take mentees: a mentee has no capacity."))

    try:
        validate_languages(list(answers.languages))
    except ValidationError as error:
        errors.setdefault("languages", []).extend(error.messages)
    try:
        availability.validate_availability(answers.availability)
    except ValidationError as error:
        errors.setdefault("availability", []).extend(error.messages)
    if answers.preferred_mode and answers.preferred_mode not in Programme.MeetingMode.values:
        refuse("preferred_mode", _("Choose a meeting mode from the list."))
    if any(other.pk == person.pk for other in answers.rather_not):
        refuse("rather_not", _("You cannot avoid being paired with yourself."))
    if answers.gender and answers.gender not in Enrolment.Gender.values:
        refuse("gender", _("Choose a gender from the list, or leave it empty."))
    if len(answers.motivation) > MOTIVATION_MAX_LENGTH:
        refuse(
            "motivation",
            _("At most %(limit)d characters, please.") % {"limit": MOTIVATION_MAX_LENGTH},
        )
    return errors


def _gender(answers: Answers) -> tuple[str, bool]:
    """Without explicit consent nothing is kept, not even the consent flag."""
    if answers.gender_consent and answers.gender:
        return answers.gender, True
    return "", False


# --- Volunteering ------------------------------------------------------------------


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
    if Enrolment.objects.filter(programme=programme, person=person).exists():
        raise AlreadyEnrolled([_("You have already volunteered for this programme.")])

    gender, consent = _gender(answers)
    now = timezone.now()
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                programme=programme,
                person=person,
                role=role,
                source=Enrolment.Source.FORM,
                motivation=answers.motivation.strip(),
                languages=list(answers.languages),
                availability=answers.availability,
                preferred_mode=answers.preferred_mode,
                gender=gender,
                gender_consent=consent,
                capacity=answers.capacity if role == Role.MENTOR else None,
                charter_accepted_at=now if charter_accepted else None,
                submitted_at=now,
            )
            _save_topics(enrolment, answers)
    except IntegrityError:
        # Most likely a second submission that raced this one past the check above.
        if Enrolment.objects.filter(programme=programme, person=person).exists():
            raise AlreadyEnrolled([_("You have already volunteered for this programme.")]) from None
        raise
    logger.info("%s volunteered as %s for %s.", person.email, role, programme.slug)
    return enrolment


def _save_topics(enrolment: Enrolment, answers: Answers) -> None:
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


def accept_charter(*, enrolment: Enrolment, by: User) -> Enrolment:
    """For an imported volunteer, who has not seen the charter in Tandem yet."""
    if by.pk != enrolment.person_id:
        raise PermissionDenied
    Enrolment.objects.filter(pk=enrolment.pk, charter_accepted_at__isnull=True).update(
        charter_accepted_at=timezone.now()
    )
    enrolment.refresh_from_db(fields=["charter_accepted_at"])
    return enrolment


def withdraw(*, enrolment: Enrolment, by: User, reason: str = "") -> Enrolment:
    """The volunteer steps back, at any time; HR sees it and the reason, if given."""
    if by.pk != enrolment.person_id:
        raise PermissionDenied
    # A conditional update: a double click, or a decision at the same moment, cannot undo it.
    withdrawn = Enrolment.objects.filter(
        pk=enrolment.pk, status__in=Enrolment.ACTIVE_STATUSES
    ).update(
        status=Status.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawal_reason=reason.strip()[:REASON_MAX_LENGTH],
    )
    enrolment.refresh_from_db()
    if not withdrawn:
        raise EnrolmentRefused(
            [
                _("This enrolment is already “%(status)s”: there is nothing to withdraw.")
                % {"status": enrolment.get_status_display()}
            ]
        )
    logger.info("%s withdrew from %s.", by.email, enrolment.programme.slug)
    return enrolment


# --- HR's review --------------------------------------------------------------------


def decide(
    *,
    programme: Programme,
    enrolments: Iterable[Enrolment],
    decision: str,
    reason: str = "",
    by: User | None,
) -> Decided:
    """Approve, waitlist or decline these volunteers of the programme: all of them or none.

    Each person whose status changes is emailed in their own language, after commit.
    Declining needs a reason, which the email gives. Volunteers who already hold
    this decision are left alone; if one of them withdrew meanwhile, nothing changes.
    """
    check_hr_admin(by)
    if decision not in Enrolment.DECISIONS:
        raise ValueError(f"Not a decision: {decision!r}")
    reason = reason.strip()
    if decision == Status.DECLINED and not reason:
        raise ValidationError(
            {"reason": _("Say why: the reason is sent to the person in the email.")}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(limit)d characters, please.") % {"limit": REASON_MAX_LENGTH}}
        )
    if not programme.is_editable:
        raise EnrolmentRefused([_("This programme is over: its volunteers can no longer change.")])
    ids = {enrolment.pk for enrolment in enrolments}
    if not ids:
        raise ValidationError({"enrolments": _("Tick at least one volunteer.")})

    with transaction.atomic():
        rows = list(
            Enrolment.objects.select_for_update()
            .filter(programme=programme, pk__in=ids)
            .order_by("pk")
        )
        if len(rows) != len(ids):
            raise EnrolmentRefused([_("Some of these volunteers are not in this programme.")])
        gone = [row for row in rows if row.status not in Enrolment.DECIDABLE_STATUSES]
        if gone:
            names = ", ".join(sorted(row.person.name for row in gone))
            raise EnrolmentRefused(
                [
                    _("%(names)s withdrew meanwhile. Nothing was changed: please try again.")
                    % {"names": names}
                ]
            )
        decided = Decided()
        now = timezone.now()
        for row in rows:
            if row.status == decision:
                decided.unchanged.append(row)
                continue
            row.status, row.decision_reason = decision, reason
            row.decided_by, row.decided_at = by, now
            decided.changed.append(row)
        Enrolment.objects.bulk_update(
            decided.changed, ["status", "decision_reason", "decided_by", "decided_at"]
        )
        for row in decided.changed:
            tasks.send_decision_email.delay_on_commit(row.pk, decision)
    logger.info(
        "%s: %d volunteer(s) of %s now %s.",
        by.email if by else "the system",
        len(decided.changed),
        programme.slug,
        decision,
    )
    return decided


# --- Import ------------------------------------------------------------------------------


def import_enrolments(*, programme: Programme, data: bytes, by: User | None) -> ImportReport:
    """Enrol everyone in the CSV file (see enrolments/importing.py); if any line is bad, no one.

    Imported volunteers are submitted for review like the others. They have not
    seen the charter in Tandem: they accept it from their “My programmes” page.
    """
    check_hr_admin(by)
    if programme.status not in IMPORTABLE_STATUSES:
        message = _(
            "This programme is “%(status)s”: volunteers can be imported only until it starts."
        ) % {"status": programme.get_status_display()}
        return ImportReport(problems=[Problem(None, "", message)])
    parsed = importing.parse(data, programme=programme)
    if parsed.problems:
        return ImportReport(problems=parsed.problems)
    try:
        with transaction.atomic():
            created = _write_imported(programme, parsed.rows)
    except IntegrityError:
        logger.warning("Enrolment import rolled back on a conflicting change.", exc_info=True)
        message = _(
            "Someone in this file volunteered while it was being imported. Nothing was "
            "imported: please upload the file again to see who."
        )
        return ImportReport(problems=[Problem(None, "", message)])
    logger.info(
        "Enrolment import into %s by %s: %d volunteers.",
        programme.slug,
        by.email if by else "a command",
        created,
    )
    return ImportReport(created=created)


def _write_imported(programme: Programme, rows: Sequence[importing.Row]) -> int:
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            person=row.person,
            role=row.role,
            source=Enrolment.Source.IMPORT,
            motivation=row.motivation,
            languages=row.languages,
            availability=row.availability,
            capacity=row.capacity,
            submitted_at=now,
        )
        for row in rows
    )
    # Read the keys back rather than rely on the backend returning them from a bulk insert.
    pk_of = dict(
        Enrolment.objects.filter(
            programme=programme, person__in=[row.person for row in rows]
        ).values_list("person_id", "pk")
    )
    EnrolmentTopic.objects.bulk_create(
        EnrolmentTopic(
            enrolment_id=pk_of[row.person.pk],
            topic=answer.topic,
            level=answer.level,
            priority=answer.priority,
            confidence=answer.confidence,
        )
        for row in rows
        for answer in row.topics
    )
    return len(rows)
