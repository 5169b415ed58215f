"""Every write of the pairing app: rounds, HR's locks and refusals, pairs set by hand,
publication with its introduction emails, ending a pair and re-pairing who is left alone.

Views, the run_pairing command, the demo seed and tests call these the same way. `by`
is the person acting: an HR admin, or None for the system (a command, a task). Refusals
that HR can act on are PairingRefused, with reasons in words.

The solver (pairing.matching) knows people by id: here, the person's User pk on both
sides (one enrolment per person and programme, so it is unique in a programme).
"""

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enrolments import availability
from enrolments.models import Enrolment, EnrolmentTopic
from meetings.services import plan_meetings_for_pairs
from people.models import User
from programmes.models import Programme, Topic

from . import matching, reasons
from .models import NOTE_MAX_LENGTH, Pair, PairConstraint, PairingRound, UnpairedReason

logger = logging.getLogger(__name__)

Role = Enrolment.Role
# HR pairs once enrolment has closed, and re-pairs while the programme runs.
PAIRABLE_STATUSES = (Programme.Status.PAIRING, Programme.Status.RUNNING)
DEFAULT_WEIGHTS = {"complementarity": 50, "affinity": 25, "diversity": 25}
# A round still queued or running after this long lost its worker: the next run replaces it.
ROUND_TIMEOUT = timedelta(minutes=30)


class PairingRefused(Exception):
    """Something that cannot happen now; `reasons` says why, in words for HR."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]


# --- Reading ----------------------------------------------------------------------------


def latest_round(programme: Programme) -> PairingRound | None:
    return (
        PairingRound.objects.filter(programme=programme)
        .select_related("run_by", "person__person")
        .order_by("-queued_at", "-pk")
        .first()
    )


def weights_for(programme: Programme) -> dict[str, int]:
    """The weights of the programme's last round, or the defaults: HR sets them per programme."""
    last = (
        PairingRound.objects.filter(programme=programme, scope=PairingRound.Scope.EVERYONE)
        .order_by("-queued_at", "-pk")
        .values_list("weights", flat=True)
        .first()
    )
    return {**DEFAULT_WEIGHTS, **(last or {})}


def pair_counts(programme: Programme) -> dict[str, int]:
    """{status: count} for the programme's pairs, every status present, in one query."""
    counts = dict.fromkeys(Pair.Status.values, 0)
    rows = Pair.objects.filter(programme=programme).order_by().values_list("status")
    counts.update(dict(rows.annotate(total=Count("pk"))))
    return counts


def summary(programme: Programme) -> dict[str, Any]:
    """Pairs by status and the last round's status, in one query (the programme page)."""
    last = PairingRound.objects.filter(programme=OuterRef("pk")).order_by("-queued_at", "-pk")
    row = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(
            **{
                status: Count("pairs", filter=Q(pairs__status=status))
                for status in Pair.Status.values
            },
            round_status=Subquery(last.values("status")[:1]),
        )
        .values(*Pair.Status.values, "round_status")
        .get()
    )
    status = row.pop("round_status")
    return {
        "counts": row,
        "round_status": PairingRound.Status(status).label if status else "",
    }


def published_pair_count(programme: Programme) -> int:
    return Pair.objects.active().filter(programme=programme).count()


def approved_counts(programme: Programme) -> dict[str, int]:
    """{role: approved volunteers}, in one query."""
    counts = dict.fromkeys(Role.values, 0)
    rows = Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
    counts.update(dict(rows.order_by().values_list("role").annotate(total=Count("pk"))))
    return counts


def unpaired_mentees(programme: Programme):
    """Approved mentees with neither an active pair nor a proposal, by name."""
    busy = Pair.objects.filter(
        programme=programme, status__in=[Pair.Status.PROPOSED, Pair.Status.ACTIVE]
    ).values("mentee_id")
    return (
        Enrolment.objects.filter(
            programme=programme, role=Role.MENTEE, status=Enrolment.Status.APPROVED
        )
        .exclude(pk__in=busy)
        .select_related("person__department")
        .order_by("person__name", "pk")
    )


def mentors_with_room(programme: Programme):
    """Approved mentors with places that no active pair or proposal takes; `taken` annotated."""
    return (
        Enrolment.objects.filter(
            programme=programme, role=Role.MENTOR, status=Enrolment.Status.APPROVED
        )
        .annotate(
            taken=Count(
                "pairs_as_mentor",
                filter=Q(pairs_as_mentor__status__in=[Pair.Status.PROPOSED, Pair.Status.ACTIVE]),
            )
        )
        .filter(capacity__gt=F("taken"))
        .select_related("person__department")
        .order_by("person__name", "pk")
    )


def latest_reasons(programme: Programme, enrolments: Iterable[Enrolment]) -> dict[int, list]:
    """Why the latest finished round that looked at each of them left them unpaired."""
    rows = (
        UnpairedReason.objects.filter(
            round__programme=programme,
            round__status=PairingRound.Status.DONE,
            enrolment__in=[enrolment.pk for enrolment in enrolments],
        )
        .order_by("round__queued_at", "round_id")
        .values_list("enrolment_id", "reasons")
    )
    return dict(rows)  # later rounds win


def describe(stored: Iterable[Mapping[str, Any]], topics: Mapping[Any, str]) -> list[str]:
    """Sentences, in the active language, for reasons stored as [{"code", "params"}]."""
    return [
        reasons.render(matching.Reason(item["code"], item.get("params") or {}), topics)
        for item in stored
    ]


def topic_names() -> dict[int, str]:
    """Every topic's name in the active language, by pk (reasons name topics by pk)."""
    return {topic.pk: topic.name for topic in Topic.objects.all()}


def as_data(items: Iterable[matching.Reason]) -> list[dict[str, Any]]:
    """Reasons as JSON-ready data, to store on a pair or an unpaired person."""
    return [{"code": item.code, "params": _plain(dict(item.params))} for item in items]


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value


# --- Checks -----------------------------------------------------------------------------


def _require_hr_admin(by: User | None) -> None:
    if by is not None and not (by.is_active and by.is_hr_admin):
        raise PermissionDenied


def _lock_programme(programme: Programme) -> Programme:
    """The programme row, locked: every change to its pairs queues behind this."""
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if current.status not in PAIRABLE_STATUSES:
        raise PairingRefused(
            [
                _(
                    "This programme is “%(status)s”: pairs are made once enrolment has closed "
                    "(status “Pairing”) and while it runs."
                )
                % {"status": current.get_status_display()}
            ]
        )
    return current


def _round_at_work(programme: Programme) -> PairingRound | None:
    """The round queued or running, if any; one that lost its worker is marked failed."""
    at_work = PairingRound.objects.filter(
        programme=programme, status__in=PairingRound.AT_WORK
    ).first()
    if at_work and at_work.queued_at < timezone.now() - ROUND_TIMEOUT:
        _fail(at_work, {"code": "timed_out", "params": {}})
        return None
    return at_work


def _refuse_while_running(programme: Programme) -> None:
    if _round_at_work(programme):
        raise PairingRefused(
            [_("A round is running for this programme: wait for it to finish, then try again.")]
        )


def _name_list(enrolments: Iterable[Enrolment]) -> str:
    return ", ".join(sorted(enrolment.person.name for enrolment in enrolments))


# --- The solver's input -----------------------------------------------------------------


@dataclass
class Cohort:
    """What the solver needs, and the way back from its ids to enrolments."""

    mentors: list[matching.Mentor]
    mentees: list[matching.Mentee]
    rules: matching.Rules
    enrolments: dict[int, Enrolment]  # by person pk
    dropped_locks: list[tuple[int, int]] = field(default_factory=list)


def rules_for(
    programme: Programme,
    *,
    weights: Mapping[str, int],
    forbidden: Iterable[tuple[int, int]] = (),
    locked: Sequence[tuple[int, int]] = (),
    manager_of: Mapping[int, int | None] | None = None,
) -> matching.Rules:
    return matching.Rules(
        min_grade_gap=programme.min_grade_gap,
        mentee_min_grade=programme.mentee_min_grade,
        mentor_max_tenure_years=programme.mentor_max_tenure_years,
        on_site=programme.meeting_mode == Programme.MeetingMode.ON_SITE,
        weights=matching.Weights(**{name: weights[name] / 100 for name in DEFAULT_WEIGHTS}),
        forbidden=frozenset(forbidden),
        locked=tuple(locked),
        manager_of=manager_of or {},
    )


def reporting_lines() -> dict[int, int | None]:
    """Who reports to whom in the whole company, people outside the cohort included."""
    return dict(User.objects.order_by().values_list("pk", "manager_id"))


def _gender(enrolment: Enrolment) -> str | None:
    """Used only with consent, and only when a gender was declared."""
    if not enrolment.gender_consent or enrolment.gender in ("", Enrolment.Gender.PREFER_NOT_TO_SAY):
        return None
    return enrolment.gender


def build_cohort(
    programme: Programme,
    *,
    weights: Mapping[str, int],
    enrolments: Sequence[Enrolment] | None = None,
    capacity_taken: Mapping[int, int] | None = None,
    locked: Sequence[tuple[int, int]] = (),
) -> Cohort:
    """Solver records for these approved enrolments (all of the programme's by default).

    `capacity_taken` is, by mentor enrolment pk, the places already used (active pairs,
    kept proposals); `locked` pairs are (mentor enrolment pk, mentee enrolment pk). A fixed
    number of queries whatever the size of the cohort.
    """
    if enrolments is None:
        enrolments = list(
            Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
            .select_related("person")
            .order_by("pk")
        )
    ids = [enrolment.pk for enrolment in enrolments]
    levels: dict[int, dict[int, int]] = {pk: {} for pk in ids}
    priorities: dict[int, dict[int, int]] = {pk: {} for pk in ids}
    for enrolment_id, topic_id, level, priority in EnrolmentTopic.objects.filter(
        enrolment_id__in=ids
    ).values_list("enrolment_id", "topic_id", "level", "priority"):
        if level is not None:
            levels[enrolment_id][topic_id] = level
        if priority is not None:
            priorities[enrolment_id][topic_id] = priority
    returns: dict[int, set[int]] = {pk: set() for pk in ids}
    for enrolment_id, topic_id in Enrolment.return_topics.through.objects.filter(
        enrolment_id__in=ids
    ).values_list("enrolment_id", "topic_id"):
        returns[enrolment_id].add(topic_id)
    avoid: dict[int, set[int]] = {pk: set() for pk in ids}
    for enrolment_id, user_id in Enrolment.rather_not.through.objects.filter(
        enrolment_id__in=ids
    ).values_list("enrolment_id", "user_id"):
        avoid[enrolment_id].add(user_id)
    forbidden = PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.FORBIDDEN
    ).values_list("mentor__person_id", "mentee__person_id")

    taken = capacity_taken or {}
    mentors, mentees = [], []
    for enrolment in enrolments:
        person = enrolment.person
        profile = {
            "id": person.pk,
            "grade": person.grade,
            "languages": frozenset(enrolment.languages or person.languages),
            "availability": availability.hour_keys(enrolment.availability),
            "mode": enrolment.preferred_mode or None,
            "site": person.site,
            "country": str(person.country or ""),
            "department": person.department_id,
            "generation": person.generation,
            "gender": _gender(enrolment),
            "rather_not": frozenset(avoid[enrolment.pk]),
        }
        if enrolment.role == Role.MENTOR:
            mentors.append(
                matching.Mentor(
                    **profile,
                    capacity=max(0, (enrolment.capacity or 0) - taken.get(enrolment.pk, 0)),
                    topic_levels=levels[enrolment.pk],
                    wants_to_learn=frozenset(returns[enrolment.pk]),
                    tenure_years=person.tenure_years,
                )
            )
        else:
            mentees.append(
                matching.Mentee(
                    **profile,
                    topic_priorities=priorities[enrolment.pk],
                    can_give_back=frozenset(returns[enrolment.pk]),
                )
            )
    by_pk = {enrolment.pk: enrolment for enrolment in enrolments}
    kept = [(by_pk[r], by_pk[e]) for r, e in locked if r in by_pk and e in by_pk]
    return Cohort(
        mentors=mentors,
        mentees=mentees,
        rules=rules_for(
            programme,
            weights=weights,
            forbidden=forbidden,
            locked=[(mentor.person_id, mentee.person_id) for mentor, mentee in kept],
            manager_of=reporting_lines(),
        ),
        enrolments={enrolment.person_id: enrolment for enrolment in enrolments},
        dropped_locks=[(r, e) for r, e in locked if r not in by_pk or e not in by_pk],
    )


# --- Rounds -----------------------------------------------------------------------------


def start_round(
    *,
    programme: Programme,
    by: User | None,
    weights: Mapping[str, int] | None = None,
    person: Enrolment | None = None,
    run_now: bool = False,
) -> PairingRound:
    """Queue a round (a Celery task after commit; in-process without Redis) and return it.

    `person`: re-pair only this enrolment, from the places left. `run_now` runs the round
    in this process before returning (the command does; the pages queue it).
    """
    _require_hr_admin(by)
    weights = {**weights_for(programme), **(weights or {})}
    if any(weights[name] < 0 for name in DEFAULT_WEIGHTS) or not any(weights.values()):
        raise ValidationError(_("Give at least one part a weight above zero."))
    with transaction.atomic():
        programme = _lock_programme(programme)
        _refuse_while_running(programme)
        pairing_round = PairingRound.objects.create(
            programme=programme,
            scope=PairingRound.Scope.ONE_PERSON if person else PairingRound.Scope.EVERYONE,
            person=person,
            run_by=by,
            weights={name: int(weights[name]) for name in DEFAULT_WEIGHTS},
        )
        if not run_now:
            transaction.on_commit(partial(_enqueue_round, pairing_round.pk))
    if run_now:
        execute_round(round_id=pairing_round.pk)
    pairing_round.refresh_from_db()
    logger.info(
        "%s started a pairing round of %s.", by.email if by else "The system", programme.slug
    )
    return pairing_round


def _enqueue_round(round_id: int) -> None:
    from . import tasks  # tasks import this module

    tasks.run_round.delay(round_id)


def _progress(pairing_round: PairingRound, percent: int, stage: str) -> None:
    PairingRound.objects.filter(pk=pairing_round.pk).update(progress=percent, stage=stage)


def _fail(pairing_round: PairingRound, error: dict[str, Any]) -> None:
    PairingRound.objects.filter(pk=pairing_round.pk, status__in=PairingRound.AT_WORK).update(
        status=PairingRound.Status.FAILED, error=error, finished_at=timezone.now()
    )


def execute_round(*, round_id: int) -> PairingRound | None:
    """Run a queued round: read the volunteers, solve, store the proposals and the unpaired.

    Claimed with a conditional update, so a task delivered twice runs once. A round that
    cannot run (a lock that breaks a rule) is marked failed with its reason; it never raises
    for that, so that an eager task does not turn HR's click into an error page.
    """
    now = timezone.now()
    claimed = PairingRound.objects.filter(pk=round_id, status=PairingRound.Status.QUEUED).update(
        status=PairingRound.Status.RUNNING,
        started_at=now,
        progress=5,
        stage=PairingRound.Stage.READING,
    )
    pairing_round = (
        PairingRound.objects.select_related("programme", "person").filter(pk=round_id).first()
    )
    if not claimed or pairing_round is None:
        return pairing_round
    try:
        cohort, replaced = _round_input(pairing_round)
        _progress(pairing_round, 30, PairingRound.Stage.SOLVING)
        result = matching.solve(cohort.mentors, cohort.mentees, cohort.rules)
        _progress(pairing_round, 80, PairingRound.Stage.SAVING)
        _save_round(pairing_round, cohort, result, replaced)
    except matching.InvalidLock as error:
        mentor, mentee = (
            cohort.enrolments.get(error.mentor_id),
            cohort.enrolments.get(error.mentee_id),
        )
        _fail(
            pairing_round,
            {
                "code": "invalid_lock",
                "params": {
                    "mentor": mentor.person.name if mentor else "",
                    "mentee": mentee.person.name if mentee else "",
                    "reasons": as_data(error.reasons),
                },
            },
        )
    except PairingRefused as refusal:
        _fail(pairing_round, {"code": "refused", "params": {"reasons": refusal.reasons}})
    except Exception:
        logger.exception("Pairing round %s failed.", round_id)
        _fail(pairing_round, {"code": "crashed", "params": {}})
    pairing_round.refresh_from_db()
    return pairing_round


def _round_input(pairing_round: PairingRound) -> tuple[Cohort, set[int] | None]:
    """The cohort to solve, and the mentee enrolments whose proposals the result replaces
    (None: all of them)."""
    programme = pairing_round.programme
    approved = list(
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
        .select_related("person")
        .order_by("pk")
    )
    active = list(
        Pair.objects.active().filter(programme=programme).values_list("mentor_id", "mentee_id")
    )
    paired = {mentee for _mentor, mentee in active}
    taken = Counter(mentor for mentor, _mentee in active)
    if pairing_round.scope == PairingRound.Scope.EVERYONE:
        locks = list(
            PairConstraint.objects.filter(
                programme=programme, kind=PairConstraint.Kind.LOCKED
            ).values_list("mentor_id", "mentee_id")
        )
        locks = [(mentor, mentee) for mentor, mentee in locks if mentee not in paired]
        chosen = [enrolment for enrolment in approved if enrolment.pk not in paired]
        cohort = build_cohort(
            programme,
            weights=pairing_round.weights,
            enrolments=chosen,
            capacity_taken=taken,
            locked=locks,
        )
        return cohort, None  # every proposal goes, those of people no longer approved too

    # One person: a mentee against the places left, or a mentor's places against the
    # mentees who have neither a pair nor a proposal. Other proposals stay as they are.
    person = pairing_round.person
    if person.status != Enrolment.Status.APPROVED:
        raise PairingRefused([_("%(name)s is no longer approved.") % {"name": person.person.name}])
    proposals = list(
        Pair.objects.proposed()
        .filter(programme=programme)
        .exclude(mentee=person)
        .values_list("mentor_id", "mentee_id")
    )
    taken.update(mentor for mentor, _mentee in proposals)
    if person.role == Role.MENTEE:
        if person.pk in paired:
            raise PairingRefused(
                [_("%(name)s already has an active pair.") % {"name": person.person.name}]
            )
        chosen = [person] + [e for e in approved if e.role == Role.MENTOR]
        return build_cohort(
            programme, weights=pairing_round.weights, enrolments=chosen, capacity_taken=taken
        ), {person.pk}
    busy = paired | {mentee for _mentor, mentee in proposals}
    chosen = [person] + [e for e in approved if e.role == Role.MENTEE and e.pk not in busy]
    return build_cohort(
        programme, weights=pairing_round.weights, enrolments=chosen, capacity_taken=taken
    ), set()


def _save_round(
    pairing_round: PairingRound,
    cohort: Cohort,
    result: matching.Matching,
    replaced: set[int] | None,
) -> None:
    people = cohort.enrolments
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=pairing_round.programme_id)
        current = PairingRound.objects.select_for_update().get(pk=pairing_round.pk)
        if current.status != PairingRound.Status.RUNNING:
            return  # timed out and replaced meanwhile
        old = Pair.objects.proposed().filter(programme=programme)
        if replaced is not None:
            old = old.filter(mentee_id__in=replaced)
        by_hand = set(old.filter(set_by_hand=True).values_list("mentor_id", "mentee_id"))
        old.delete()
        Pair.objects.bulk_create(
            Pair(
                programme=programme,
                round=pairing_round,
                mentor=people[proposal.mentor_id],
                mentee=people[proposal.mentee_id],
                mentor_person_id=proposal.mentor_id,
                mentee_person_id=proposal.mentee_id,
                score=proposal.score,
                parts=_plain(dict(proposal.parts)),
                reasons=as_data(proposal.reasons),
                locked=proposal.locked,
                set_by_hand=(people[proposal.mentor_id].pk, people[proposal.mentee_id].pk)
                in by_hand,
            )
            for proposal in result.pairs
        )
        if cohort.dropped_locks:
            PairConstraint.objects.filter(
                programme=programme,
                kind=PairConstraint.Kind.LOCKED,
                mentee_id__in=[mentee for _mentor, mentee in cohort.dropped_locks],
            ).delete()
        everyone = pairing_round.scope == PairingRound.Scope.EVERYONE
        left = [*result.unpaired_mentees, *result.mentors_with_room]
        if not everyone:
            left = [item for item in left if people[item.person_id].pk == pairing_round.person_id]
        UnpairedReason.objects.bulk_create(
            UnpairedReason(
                round=pairing_round, enrolment=people[item.person_id], reasons=as_data(item.reasons)
            )
            for item in left
        )
        PairingRound.objects.filter(pk=pairing_round.pk).update(
            status=PairingRound.Status.DONE,
            progress=100,
            stage="",
            finished_at=timezone.now(),
            mentor_count=len(cohort.mentors),
            mentee_count=len(cohort.mentees),
            paired_count=len(result.pairs),
            unpaired_count=len(result.unpaired_mentees),
            locked_count=sum(1 for proposal in result.pairs if proposal.locked),
            total_score=result.total_score,
        )


def repair(*, enrolment: Enrolment, by: User | None, run_now: bool = False) -> PairingRound:
    """Look for a new pair for someone left alone, from the places that remain, with the solver.

    The result is a proposal, reviewed and published like any other.
    """
    _require_hr_admin(by)
    if enrolment.status != Enrolment.Status.APPROVED:
        raise PairingRefused(
            [
                _("%(name)s is no longer approved: nobody to re-pair.")
                % {"name": enrolment.person.name}
            ]
        )
    if enrolment.role == Role.MENTEE:
        if Pair.objects.filter(mentee=enrolment, status__in=[Pair.Status.ACTIVE]).exists():
            raise PairingRefused(
                [_("%(name)s already has an active pair.") % {"name": enrolment.person.name}]
            )
    elif _places_left(enrolment) <= 0:
        raise PairingRefused(
            [
                _("%(name)s has no place left: every place is taken by a pair or a proposal.")
                % {"name": enrolment.person.name}
            ]
        )
    return start_round(programme=enrolment.programme, by=by, person=enrolment, run_now=run_now)


def _places_left(mentor: Enrolment) -> int:
    used = Pair.objects.filter(
        mentor=mentor, status__in=[Pair.Status.PROPOSED, Pair.Status.ACTIVE]
    ).count()
    return (mentor.capacity or 0) - used


# --- HR's decisions on proposals --------------------------------------------------------


def _proposal_for_update(pair: Pair) -> Pair:
    current = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("mentor__person", "mentee__person")
        .filter(pk=pair.pk)
        .first()
    )
    if current is None or current.status != Pair.Status.PROPOSED:
        raise PairingRefused(
            [_("This proposal is no longer there: a round or a publication replaced it.")]
        )
    return current


@transaction.atomic
def lock_pair(*, pair: Pair, by: User | None, locked: bool = True) -> Pair:
    """Keep this proposal as it is on the next runs (or stop keeping it)."""
    _require_hr_admin(by)
    programme = _lock_programme(pair.programme)
    _refuse_while_running(programme)
    pair = _proposal_for_update(pair)
    PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.LOCKED, mentee=pair.mentee
    ).delete()
    if locked:
        PairConstraint.objects.create(
            programme=programme,
            kind=PairConstraint.Kind.LOCKED,
            mentor=pair.mentor,
            mentee=pair.mentee,
            created_by=by,
        )
    pair.locked = locked
    pair.save(update_fields=["locked"])
    return pair


@transaction.atomic
def forbid_pair(*, pair: Pair, by: User | None) -> PairConstraint:
    """Never pair these two in this programme; the proposal goes, its mentee awaits a new run."""
    _require_hr_admin(by)
    programme = _lock_programme(pair.programme)
    _refuse_while_running(programme)
    pair = _proposal_for_update(pair)
    PairConstraint.objects.filter(
        programme=programme, mentor=pair.mentor, mentee=pair.mentee
    ).delete()
    PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.LOCKED, mentee=pair.mentee
    ).delete()
    constraint = PairConstraint.objects.create(
        programme=programme,
        kind=PairConstraint.Kind.FORBIDDEN,
        mentor=pair.mentor,
        mentee=pair.mentee,
        created_by=by,
    )
    pair.delete()
    return constraint


@transaction.atomic
def allow_pair(*, constraint: PairConstraint, by: User | None) -> None:
    """Lift HR's refusal of a pair: the next run may propose it again."""
    _require_hr_admin(by)
    programme = _lock_programme(constraint.programme)
    _refuse_while_running(programme)
    PairConstraint.objects.filter(pk=constraint.pk, kind=PairConstraint.Kind.FORBIDDEN).delete()


def set_pair_by_hand(
    *, programme: Programme, mentor: Enrolment, mentee: Enrolment, by: User | None
) -> Pair:
    """HR's own pair, checked against every hard constraint, proposed and locked.

    It replaces the mentee's proposal; if the mentor has no place left for it, the
    mentor's weakest unlocked proposals make room (their mentees await the next run).
    """
    _require_hr_admin(by)
    with transaction.atomic():
        programme = _lock_programme(programme)
        _refuse_while_running(programme)
        rows = {
            row.pk: row
            for row in Enrolment.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk__in=[mentor.pk, mentee.pk], programme=programme)
            .order_by("pk")
        }
        mentor, mentee = rows.get(mentor.pk), rows.get(mentee.pk)
        _check_by_hand(mentor, mentee)
        names = {"mentor": mentor.person.name, "mentee": mentee.person.name}
        cohort = build_cohort(
            programme,
            weights=weights_for(programme),
            enrolments=[mentor, mentee],
            capacity_taken={mentor.pk: max(0, (mentor.capacity or 0) - 1)},
        )
        broken = matching.pair_violations(cohort.mentors[0], cohort.mentees[0], cohort.rules)
        if broken:
            topics = topic_names()
            raise PairingRefused(
                [
                    _("%(mentor)s and %(mentee)s cannot be paired:") % names,
                    *describe(as_data(broken), topics),
                ]
            )
        firm = Pair.objects.filter(mentor=mentor).exclude(mentee=mentee)
        active = firm.filter(status=Pair.Status.ACTIVE).count()
        proposed = list(firm.proposed().order_by("locked", "score", "pk"))
        locked = sum(1 for pair in proposed if pair.locked)
        capacity = mentor.capacity or 0
        if active + locked + 1 > capacity:
            raise PairingRefused(
                [
                    _(
                        "%(mentor)s has no place left: %(taken)d of %(capacity)d taken by active "
                        "or locked pairs. Unlock one of them first."
                    )
                    % {**names, "taken": active + locked, "capacity": capacity}
                ]
            )
        unlocked = [pair for pair in proposed if not pair.locked]
        overflow = active + locked + len(unlocked) + 1 - capacity
        if overflow > 0:
            Pair.objects.filter(pk__in=[pair.pk for pair in unlocked[:overflow]]).delete()
        Pair.objects.proposed().filter(programme=programme, mentee=mentee).delete()
        PairConstraint.objects.filter(
            programme=programme, kind=PairConstraint.Kind.LOCKED, mentee=mentee
        ).delete()
        cohort = build_cohort(
            programme,
            weights=weights_for(programme),
            enrolments=[mentor, mentee],
            capacity_taken={mentor.pk: max(0, capacity - 1)},
            locked=[(mentor.pk, mentee.pk)],
        )
        (proposal,) = matching.solve(cohort.mentors, cohort.mentees, cohort.rules).pairs
        pair = Pair.objects.create(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            mentor_person=mentor.person,
            mentee_person=mentee.person,
            score=proposal.score,
            parts=_plain(dict(proposal.parts)),
            reasons=as_data(proposal.reasons),
            locked=True,
            set_by_hand=True,
        )
        PairConstraint.objects.create(
            programme=programme,
            kind=PairConstraint.Kind.LOCKED,
            mentor=mentor,
            mentee=mentee,
            created_by=by,
        )
    logger.info("%s set a pair by hand in %s.", by.email if by else "The system", programme.slug)
    return pair


def _check_by_hand(mentor: Enrolment | None, mentee: Enrolment | None) -> None:
    if mentor is None or mentee is None:
        raise PairingRefused([_("Both people must be volunteers of this programme.")])
    problems = []
    if mentor.role != Role.MENTOR:
        problems.append(_("%(name)s is not a mentor here.") % {"name": mentor.person.name})
    if mentee.role != Role.MENTEE:
        problems.append(_("%(name)s is not a mentee here.") % {"name": mentee.person.name})
    for enrolment in (mentor, mentee):
        if enrolment.status != Enrolment.Status.APPROVED:
            problems.append(
                _("%(name)s is not approved (%(status)s).")
                % {"name": enrolment.person.name, "status": enrolment.get_status_display()}
            )
    if problems:
        raise PairingRefused(problems)
    if Pair.objects.active().filter(mentee=mentee).exists():
        raise PairingRefused(
            [_("%(name)s already has an active pair: end it first.") % {"name": mentee.person.name}]
        )


# --- Publication ------------------------------------------------------------------------


def publish(*, programme: Programme, by: User | None, notify: bool = True) -> list[Pair]:
    """Make every proposal of the programme an active pair, at once or not at all.

    Each member is then introduced to the other by email, in their own language, after
    commit. Two publications at the same time cannot both activate a mentee's pair: the
    programme's row queues them, and the database keeps one active pair per mentee.
    """
    _require_hr_admin(by)
    try:
        with transaction.atomic():
            pairs = _publish(programme, by)
            # Each pair's planned sessions, in the same transaction (meetings app).
            plan_meetings_for_pairs(pairs)
            if notify:
                for pair in pairs:
                    for role in Role.values:
                        transaction.on_commit(partial(_enqueue_introduction, pair.pk, role))
    except IntegrityError:
        logger.warning("A publication of %s lost a race.", programme.slug, exc_info=True)
        raise PairingRefused(
            [
                _(
                    "Someone changed these pairs at the same moment, so nothing was published. "
                    "Reload the page to see the pairs as they are now."
                )
            ]
        ) from None
    logger.info(
        "%s published %d pairs of %s.", by.email if by else "The system", len(pairs), programme.slug
    )
    return pairs


def _publish(programme: Programme, by: User | None) -> list[Pair]:
    programme = _lock_programme(programme)
    _refuse_while_running(programme)
    pairs = list(
        Pair.objects.proposed()
        .filter(programme=programme)
        .select_for_update(of=("self",))
        .select_related("mentor__person", "mentee__person")
        .order_by("pk")
    )
    if not pairs:
        if Pair.objects.active().filter(programme=programme).exists():
            raise PairingRefused(
                [_("There is nothing left to publish: these pairs have already been published.")]
            )
        raise PairingRefused([_("There is nothing to publish: run a round first.")])
    gone = {
        enrolment.pk: enrolment
        for pair in pairs
        for enrolment in (pair.mentor, pair.mentee)
        if enrolment.status != Enrolment.Status.APPROVED
    }
    if gone:
        raise PairingRefused(
            [
                _(
                    "%(names)s no longer take part (withdrawn or no longer approved). "
                    "Nothing was published: run the round again."
                )
                % {"names": _name_list(gone.values())}
            ]
        )
    mentees = [pair.mentee_id for pair in pairs]
    taken = Pair.objects.active().filter(mentee_id__in=mentees).select_related("mentee__person")
    if taken:
        raise PairingRefused(
            [
                _("%(names)s already have an active pair. Nothing was published.")
                % {"names": _name_list(pair.mentee for pair in taken)}
            ]
        )
    # Capacity is a count: checked with the mentors' enrolments locked, in a fixed order.
    mentor_ids = sorted({pair.mentor_id for pair in pairs})
    mentors = {
        row.pk: row
        for row in Enrolment.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk__in=mentor_ids)
        .order_by("pk")
    }
    active = Counter(
        Pair.objects.active().filter(mentor_id__in=mentor_ids).values_list("mentor_id", flat=True)
    )
    new = Counter(pair.mentor_id for pair in pairs)
    full = [mentors[pk] for pk in mentor_ids if active[pk] + new[pk] > (mentors[pk].capacity or 0)]
    if full:
        raise PairingRefused(
            [
                _("%(names)s would have more mentees than they can take. Nothing was published.")
                % {"names": _name_list(full)}
            ]
        )
    now = timezone.now()
    Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).update(
        status=Pair.Status.ACTIVE, published_at=now, published_by=by
    )
    PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.LOCKED, mentee_id__in=mentees
    ).delete()
    for pair in pairs:
        pair.status, pair.published_at, pair.published_by = Pair.Status.ACTIVE, now, by
    return pairs


def _enqueue_introduction(pair_id: int, role: str) -> None:
    from . import tasks  # tasks import this module

    tasks.send_introduction.delay(pair_id, role)


def send_introduction(*, pair_id: int, role: str) -> bool:
    """Introduce one member of a published pair to the other; False when there is nobody to."""
    pair = Pair.objects.with_people().filter(pk=pair_id).first()
    if pair is None or pair.status != Pair.Status.ACTIVE:
        return False
    person = pair.mentor_person if role == Role.MENTOR else pair.mentee_person
    if not person.is_active:
        return False
    introduction_email(pair, role).send()
    return True


@dataclass
class Exchange:
    """What a pair can exchange, topic names in the active language."""

    taught: list[tuple[str, int]]  # (topic, mentor's level) the mentee wants to learn
    given_back: list[str]  # what the mentee can give back that the mentor wants to learn
    mentor_topics: list[tuple[str, int]]  # everything the mentor offered
    mentee_offers: list[str]  # everything the mentee can give back

    @property
    def shared(self) -> list[str]:
        return [name for name, _level in self.taught] + self.given_back


def exchange(pair: Pair) -> Exchange:
    """Shared topics and who teaches what, from the two enrolments (a few queries)."""
    rows = list(
        EnrolmentTopic.objects.filter(enrolment_id__in=[pair.mentor_id, pair.mentee_id])
        .select_related("topic")
        .order_by("priority", "-level", "pk")
    )
    levels = {
        row.topic_id: (row.topic, row.level) for row in rows if row.enrolment_id == pair.mentor_id
    }
    wanted = [row.topic_id for row in rows if row.enrolment_id == pair.mentee_id]
    returns = list(
        Enrolment.return_topics.through.objects.filter(
            enrolment_id__in=[pair.mentor_id, pair.mentee_id]
        )
        .select_related("topic")
        .order_by("pk")
    )
    mentor_wants = {row.topic_id for row in returns if row.enrolment_id == pair.mentor_id}
    mentee_gives = [row.topic for row in returns if row.enrolment_id == pair.mentee_id]
    return Exchange(
        taught=[(levels[pk][0].name, levels[pk][1]) for pk in wanted if pk in levels],
        given_back=[topic.name for topic in mentee_gives if topic.pk in mentor_wants],
        mentor_topics=[(topic.name, level) for topic, level in levels.values()],
        mentee_offers=[topic.name for topic in mentee_gives],
    )


def introduction_email(pair: Pair, role: str) -> mail.EmailMultiAlternatives:
    person = pair.mentor_person if role == Role.MENTOR else pair.mentee_person
    other = pair.mentee_person if role == Role.MENTOR else pair.mentor_person
    language = person.preferred_language
    with translation.override(language):
        context = {
            "pair": pair,
            "programme": pair.programme,
            "person": person,
            "other": other,
            "is_mentor": role == Role.MENTOR,
            "exchange": exchange(pair),
            "link": settings.SITE_URL + reverse("pairing:pair", args=[pair.code]),
        }
        subject = render_to_string("pairing/emails/introduction_subject.txt", context)
        text = render_to_string("pairing/emails/introduction.txt", context)
        html = render_to_string("pairing/emails/introduction.html", context)
    message = mail.EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[person.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


# --- After publication ------------------------------------------------------------------


def end_pair(*, pair: Pair, by: User | None, reason: str, note: str = "") -> Pair:
    """Close an active pair; its members may then be re-paired."""
    _require_hr_admin(by)
    note = note.strip()
    if reason not in Pair.EndReason.values:
        raise ValidationError({"reason": _("Choose why the pair ends.")})
    if reason == Pair.EndReason.OTHER and not note:
        raise ValidationError({"note": _("Say in a few words why the pair ends.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("At most %(limit)d characters, please.") % {"limit": NOTE_MAX_LENGTH}}
        )
    with transaction.atomic():
        current = Pair.objects.select_for_update().filter(pk=pair.pk).first()
        if current is None or current.status != Pair.Status.ACTIVE:
            raise PairingRefused([_("This pair is not active: it may have just been ended.")])
        current.status = Pair.Status.ENDED
        current.ended_at, current.ended_by = timezone.now(), by
        current.end_reason, current.end_note = reason, note
        current.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "end_note"])
    logger.info("%s ended pair %s.", by.email if by else "The system", current.code)
    return current


def left_alone(programme: Programme) -> list[Enrolment]:
    """Approved people whose pair ended and who could take a new one: mentees without an
    active pair or proposal, mentors with a place left. One query."""
    open_pairs = [Pair.Status.PROPOSED, Pair.Status.ACTIVE]
    ended = Pair.objects.filter(programme=programme, status=Pair.Status.ENDED)
    candidates = (
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
        .filter(Q(pk__in=ended.values("mentor_id")) | Q(pk__in=ended.values("mentee_id")))
        .annotate(
            mentoring=Count(
                "pairs_as_mentor",
                filter=Q(pairs_as_mentor__status__in=open_pairs),
                distinct=True,
            ),
            mentored=Count(
                "pairs_as_mentee",
                filter=Q(pairs_as_mentee__status__in=open_pairs),
                distinct=True,
            ),
        )
        .filter(Q(role=Role.MENTOR, capacity__gt=F("mentoring")) | Q(role=Role.MENTEE, mentored=0))
        .select_related("person")
        .order_by("person__name", "pk")
    )
    return list(candidates)
