"""What HR reads of a pair's match, computed from facts: the two members' enrolments as they
are now, scored by the scoring code with the programme's weights.

A pair's stored score and reasons are what the round said when it proposed it; pairs set by
hand, by the demo or before the reasons were stored may carry none. The weak points are
never read from reasons left out: they are facts about the two people (`explain.weak_points`),
so a pair from two departments is never said to share one, nor a pair with a topic in common
to have none.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from enrolments.models import Enrolment
from people.models import User
from programmes.models import Programme

from . import matching
from .cohort import _Wishes, rules_for
from .explain import pair_facts
from .models import Pair
from .reasons import as_data, plain
from .scoring import CohortArrays
from .services.reading import weights_for

# What a solver record reads of an enrolment and of its person (`cohort._Wishes.record`).
ENROLMENT_FIELDS = (
    "role",
    "languages",
    "availability",
    "preferred_mode",
    "capacity",
    "gender",
    "gender_consent",
)
PERSON_FIELDS = ("grade", "languages", "site", "country", "department_id", "generation", "hired_on")


@dataclass(frozen=True)
class Facts:
    score: int
    parts: dict[str, float]
    reasons: list[dict[str, Any]]  # the stored reasons, or the computed ones when none are stored
    weak: list[dict[str, Any]]  # [{"code", "params"}]: what the pair lacks


def attach(
    pairs: Sequence[Pair], programme: Programme, weights: Mapping[str, int] | None = None
) -> None:
    """Sets `pair.facts` on each of these pairs of one programme: five queries whatever their
    number (the weights, the enrolments with their people, their topics and wishes); four
    when the caller knows the programme's weights (`services.reading.weights_for`)."""
    if not pairs:
        return
    ids = sorted({pk for pair in pairs for pk in (pair.mentor_id, pair.mentee_id)})
    enrolments = _enrolments(ids)
    wishes = _Wishes.read(ids)
    records = {pk: wishes.record(enrolment, 0) for pk, enrolment in enrolments.items()}
    mentors = [r for r in records.values() if isinstance(r, matching.Mentor)]
    mentees = [r for r in records.values() if isinstance(r, matching.Mentee)]
    cohort = CohortArrays(
        mentors, mentees, rules_for(programme, weights=weights or weights_for(programme))
    )
    known = [
        pair
        for pair in pairs
        if isinstance(records.get(pair.mentor_id), matching.Mentor)
        and isinstance(records.get(pair.mentee_id), matching.Mentee)
    ]
    indexes = [
        (
            cohort.mentee_index[records[pair.mentee_id].id],
            cohort.mentor_index[records[pair.mentor_id].id],
        )
        for pair in known
    ]
    for pair, (proposal, weak) in zip(known, pair_facts(cohort, indexes), strict=True):
        pair.facts = Facts(
            score=proposal.score,
            parts=dict(proposal.parts),
            reasons=pair.reasons or as_data(proposal.reasons),
            weak=as_data(weak),
        )


def _enrolments(ids: list[int]) -> dict[int, SimpleNamespace]:
    """The enrolments as `_Wishes.record` reads them, with their people, by pk: the columns
    it reads as plain rows, not two model instances of every column each (a page of pairs
    reads a hundred enrolments)."""
    rows = Enrolment.objects.filter(pk__in=ids).values(
        "pk", "person_id", *ENROLMENT_FIELDS, *(f"person__{name}" for name in PERSON_FIELDS)
    )
    enrolments = {}
    for row in rows:
        person = SimpleNamespace(
            pk=row["person_id"], **{name: row[f"person__{name}"] for name in PERSON_FIELDS}
        )
        person.tenure_years = User.tenure_years.fget(person)  # the directory's own rule
        enrolments[row["pk"]] = SimpleNamespace(
            pk=row["pk"], person=person, **{name: row[name] for name in ENROLMENT_FIELDS}
        )
    return enrolments


def score_new(pairs: Sequence[Pair], programme: Programme) -> list[Pair]:
    """Pairs about to be written outside a round (the demo's history) with the score, the
    points and the reasons the scoring code gives them, so that they explain themselves."""
    attach(pairs, programme)
    for pair in pairs:
        found = getattr(pair, "facts", None)
        if found is not None:
            pair.score, pair.parts, pair.reasons = found.score, plain(found.parts), found.reasons
    return list(pairs)
