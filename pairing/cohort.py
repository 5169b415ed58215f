"""The solver's input, built from a programme's approved enrolments in a fixed number of queries.

The solver (pairing.matching) knows people by id: here, the person's User pk on both
sides (one enrolment per person and programme, so it is unique in a programme)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from enrolments import availability
from enrolments.models import Enrolment, EnrolmentTopic
from people.models import User
from programmes.models import Programme

from . import matching
from .models import PairConstraint

Role = Enrolment.Role

DEFAULT_WEIGHTS = {"complementarity": 50, "affinity": 25, "diversity": 25}


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
    min_score: int | None = None,
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
        min_score=min_score,
    )


def reporting_lines() -> dict[int, int | None]:
    """Who reports to whom in the whole company, people outside the cohort included."""
    return dict(User.objects.order_by().values_list("pk", "manager_id"))


def build_cohort(
    programme: Programme,
    *,
    weights: Mapping[str, int],
    enrolments: Sequence[Enrolment] | None = None,
    capacity_taken: Mapping[int, int] | None = None,
    locked: Sequence[tuple[int, int]] = (),
    min_score: int | None = None,
) -> Cohort:
    """Solver records for these approved enrolments (all of the programme's by default).

    `capacity_taken` is, by mentor enrolment pk, the places already used (active pairs,
    kept proposals); `locked` pairs are (mentor enrolment pk, mentee enrolment pk);
    `min_score` is the round's quality floor (None: as many pairs as possible). A fixed
    number of queries whatever the size of the cohort.
    """
    if enrolments is None:
        enrolments = list(
            Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
            .select_related("person")
            .order_by("pk")
        )
    wishes = _Wishes.read([enrolment.pk for enrolment in enrolments])
    taken = capacity_taken or {}
    records = [wishes.record(enrolment, taken.get(enrolment.pk, 0)) for enrolment in enrolments]
    forbidden = PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.FORBIDDEN
    ).values_list("mentor__person_id", "mentee__person_id")
    by_pk = {enrolment.pk: enrolment for enrolment in enrolments}
    kept = [(by_pk[r], by_pk[e]) for r, e in locked if r in by_pk and e in by_pk]
    return Cohort(
        mentors=[record for record in records if isinstance(record, matching.Mentor)],
        mentees=[record for record in records if isinstance(record, matching.Mentee)],
        rules=rules_for(
            programme,
            weights=weights,
            forbidden=forbidden,
            locked=[(mentor.person_id, mentee.person_id) for mentor, mentee in kept],
            manager_of=reporting_lines(),
            min_score=min_score,
        ),
        enrolments={enrolment.person_id: enrolment for enrolment in enrolments},
        dropped_locks=[(r, e) for r, e in locked if r not in by_pk or e not in by_pk],
    )


@dataclass
class _Wishes:
    """What the enrolments' side tables say, by enrolment pk: topics with their level or
    priority, topics given back or wanted in return, the people to avoid."""

    levels: dict[int, dict[int, int]]
    priorities: dict[int, dict[int, int]]
    returns: dict[int, set[int]]
    avoid: dict[int, set[int]]

    @classmethod
    def read(cls, ids: list[int]) -> "_Wishes":
        """Three queries whatever the number of enrolments. `enrolment__pk__in` rather than
        `enrolment_id__in`: the same SQL, without a related lookup's work on each id."""
        wishes = cls(
            levels={pk: {} for pk in ids},
            priorities={pk: {} for pk in ids},
            returns={pk: set() for pk in ids},
            avoid={pk: set() for pk in ids},
        )
        for enrolment_id, topic_id, level, priority in EnrolmentTopic.objects.filter(
            enrolment__pk__in=ids
        ).values_list("enrolment_id", "topic_id", "level", "priority"):
            if level is not None:
                wishes.levels[enrolment_id][topic_id] = level
            if priority is not None:
                wishes.priorities[enrolment_id][topic_id] = priority
        for enrolment_id, topic_id in Enrolment.return_topics.through.objects.filter(
            enrolment__pk__in=ids
        ).values_list("enrolment_id", "topic_id"):
            wishes.returns[enrolment_id].add(topic_id)
        for enrolment_id, user_id in Enrolment.rather_not.through.objects.filter(
            enrolment__pk__in=ids
        ).values_list("enrolment_id", "user_id"):
            wishes.avoid[enrolment_id].add(user_id)
        return wishes

    def record(self, enrolment: Enrolment, taken: int) -> matching.Mentor | matching.Mentee:
        """The solver's record of one enrolment; `taken`: a mentor's places already used."""
        person, pk = enrolment.person, enrolment.pk
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
            "rather_not": frozenset(self.avoid[pk]),
        }
        if enrolment.role == Role.MENTOR:
            return matching.Mentor(
                **profile,
                capacity=max(0, (enrolment.capacity or 0) - taken),
                topic_levels=self.levels[pk],
                wants_to_learn=frozenset(self.returns[pk]),
                tenure_years=person.tenure_years,
            )
        return matching.Mentee(
            **profile,
            topic_priorities=self.priorities[pk],
            can_give_back=frozenset(self.returns[pk]),
        )


def _gender(enrolment: Enrolment) -> str | None:
    """Used only with consent, and only when a gender was declared."""
    if not enrolment.gender_consent or enrolment.gender in ("", Enrolment.Gender.PREFER_NOT_TO_SAY):
        return None
    return enrolment.gender
