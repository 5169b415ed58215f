"""Outcomes beyond the programme: are the junior mentors still with the company, and were
they promoted, 6 and 12 months after their programme ended, compared with employees like
them who did not take part?

It reads the directory's dated events (people.DirectoryEvent: left, returned, grade
changed), written when HR re-imports the full directory.

- **Cohort**: the approved mentors of the programme who were in a published pair and
  worked for the company when it started.
- **Comparison**: employees who never took part in any programme (no approved
  enrolment), who worked for the company at the programme's start, in the same stratum:
  grade band, department and tenure band, all as of the programme's start. A mentor
  whose stratum holds nobody to compare with is left out of both sides (and counted).
- **Rates**: retained = still employed at the horizon; promoted = a higher grade at some
  point between the programme's start and the horizon. The mentors' rate has a Wilson
  95 % interval; the comparison rate is standardised to the mentors' strata (each
  stratum's rate weighted by its number of mentors), with a normal interval; the
  difference has the interval of the two variances added.
- **Disclosure**: these are facts about people: a rate is shown only over 5 or more
  mentors and 5 or more comparison employees, never when everyone in a group had the
  same outcome (it would tell each one's), and the strata are never shown. A horizon
  not yet reached reads "not measurable yet".

The page says plainly that this is a comparison, not proof of cause: mentors volunteered,
and people who volunteer may differ in ways the strata do not capture.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from enrolments.models import Enrolment
from pairing.models import Pair
from people.models import DirectoryEvent, User
from programmes.models import Programme
from programmes.schedule import add_months

from .indicators import THRESHOLD, Figure, Reason

HORIZONS = (6, 12)
Z = 1.959963984540054
TENURE_BANDS = (2, 5)  # years: under 2, 2 to 5, 5 and more
GRADE_BAND = 4  # grades 1-4, 5-8, 9-12, 13-16, 17-20


@dataclass(frozen=True)
class Comparison:
    """One outcome at one horizon: the mentors, the comparison group and the difference,
    each a Figure in percent with its interval."""

    horizon: int
    measured_on: date
    mentors: Figure
    comparison: Figure
    difference: Figure
    left_out: int  # mentors with nobody comparable

    @property
    def measurable(self) -> bool:
        return self.mentors.why != Reason.NOT_YET


@dataclass(frozen=True)
class Outcomes:
    programme: Programme
    retention: list[Comparison]
    promotion: list[Comparison]


@dataclass
class History:
    """What the directory says about a person, as of any date."""

    grade: int | None
    department_id: int | None
    hired_on: date | None
    events: list[tuple[date, str, str, str]]

    def employed_on(self, day: date) -> bool:
        if self.hired_on and self.hired_on > day:
            return False
        state = True
        for on, kind, _before, _after in self.events:
            if on > day:
                break
            if kind == DirectoryEvent.Kind.LEFT:
                state = False
            elif kind == DirectoryEvent.Kind.RETURNED:
                state = True
        return state

    def grade_on(self, day: date) -> int | None:
        for on, kind, before, _after in self.events:
            if kind == DirectoryEvent.Kind.GRADE_CHANGED and on > day:
                return _int(before)
        return self.grade

    def promoted_between(self, start: date, end: date) -> bool:
        return any(
            kind == DirectoryEvent.Kind.GRADE_CHANGED
            and start < on <= end
            and (_int(after) or 0) > (_int(before) or 0)
            for on, kind, before, after in self.events
        )

    def stratum(self, day: date) -> tuple:
        grade = self.grade_on(day)
        band = None if grade is None else (grade - 1) // GRADE_BAND
        tenure = None
        if self.hired_on:
            years = (day - self.hired_on).days / 365.25
            tenure = sum(1 for limit in TENURE_BANDS if years >= limit)
        return (band, self.department_id, tenure)


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def histories() -> dict[int, History]:
    """Every person's directory attributes and dated events (two queries)."""
    people = {
        pk: History(grade, department_id, hired_on, [])
        for pk, grade, department_id, hired_on in User.objects.values_list(
            "pk", "grade", "department_id", "hired_on"
        )
    }
    for person_id, on, kind, before, after in DirectoryEvent.objects.order_by(
        "on", "pk"
    ).values_list("person_id", "on", "kind", "before", "after"):
        if person_id in people:
            people[person_id].events.append((on, kind, before, after))
    return people


def wilson(successes: int, n: int) -> tuple[float, float]:
    """The Wilson score 95 % interval of a proportion, in [0, 1]."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def _percent(value: float, n: int, low: float, high: float) -> Figure:
    return Figure(100 * value, n, False, low=100 * low, high=100 * high)


def compare(
    cohort: Sequence[int],
    pool: Sequence[int],
    people: dict[int, History],
    *,
    start: date,
    horizon_day: date,
    outcome: str,
    horizon: int,
    today: date,
) -> Comparison:
    """The mentors against the comparison group, for one outcome at one horizon."""
    if horizon_day > today:
        not_yet = Figure(None, 0, True, reason=Reason.NOT_YET)
        return Comparison(horizon, horizon_day, not_yet, not_yet, not_yet, 0)

    def success(pk: int) -> bool:
        history = people[pk]
        if outcome == "retention":
            return history.employed_on(horizon_day)
        return history.promoted_between(start, horizon_day)

    strata: dict[tuple, list[int]] = defaultdict(list)
    for pk in pool:
        strata[people[pk].stratum(start)].append(pk)
    matched = [pk for pk in cohort if strata.get(people[pk].stratum(start))]
    left_out = len(cohort) - len(matched)
    n = len(matched)
    weights: dict[tuple, int] = defaultdict(int)
    for pk in matched:
        weights[people[pk].stratum(start)] += 1
    compared = sum(len(strata[key]) for key in weights)
    if n < THRESHOLD or compared < THRESHOLD:
        few = Figure(None, n, True, reason=Reason.FEW_PEOPLE if n else Reason.NO_DATA)
        other = Figure(None, compared, True, reason=few.why)
        return Comparison(horizon, horizon_day, few, other, few, left_out)

    hits = sum(1 for pk in matched if success(pk))
    rate = hits / n
    low, high = wilson(hits, n)
    standardised = variance = 0.0
    comparison_hits = 0
    for key, count in weights.items():
        members = strata[key]
        found = sum(1 for pk in members if success(pk))
        comparison_hits += found
        share = found / len(members)
        weight = count / n
        standardised += weight * share
        variance += weight * weight * share * (1 - share) / len(members)
    half = Z * math.sqrt(variance)
    difference = rate - standardised
    half_difference = Z * math.sqrt(rate * (1 - rate) / n + variance)
    # Everyone alike (all stayed, nobody promoted...) tells each person's outcome: hidden.
    mentors_alike = hits in (0, n)
    others_alike = comparison_hits in (0, compared)
    return Comparison(
        horizon,
        horizon_day,
        _alike(_percent(rate, n, low, high), mentors_alike),
        _alike(
            _percent(
                standardised, compared, max(0.0, standardised - half), min(1.0, standardised + half)
            ),
            others_alike,
        ),
        _alike(
            _percent(difference, n, difference - half_difference, difference + half_difference),
            mentors_alike or others_alike,
        ),
        left_out,
    )


def _alike(item: Figure, alike: bool) -> Figure:
    return Figure(item.value, item.n, True, reason=Reason.SAME_OUTCOME) if alike else item


def outcomes(programmes: Sequence[Programme], *, today: date | None = None) -> list[Outcomes]:
    """Retention and promotion of each finished programme's mentors (four queries in all)."""
    today = today or timezone.localdate()
    finished = [p for p in programmes if p.ends_on <= today]
    if not finished:
        return []
    people = histories()
    participants = set(
        Enrolment.objects.filter(status=Enrolment.Status.APPROVED).values_list(
            "person_id", flat=True
        )
    )
    mentors: dict[int, set[int]] = defaultdict(set)
    for programme_id, person_id in Pair.objects.filter(
        programme__in=finished, status__in=[Pair.Status.ACTIVE, Pair.Status.ENDED]
    ).values_list("programme_id", "mentor_person_id"):
        mentors[programme_id].add(person_id)
    pool_all = [pk for pk in people if pk not in participants]
    result = []
    for programme in finished:
        if not mentors[programme.pk]:
            continue  # no pair was published: no mentor to follow
        start = programme.start_on
        cohort = sorted(pk for pk in mentors[programme.pk] if people[pk].employed_on(start))
        pool = [pk for pk in pool_all if people[pk].employed_on(start)]
        rows = {"retention": [], "promotion": []}
        for outcome, found in rows.items():
            for months in HORIZONS:
                found.append(
                    compare(
                        cohort,
                        pool,
                        people,
                        start=start,
                        horizon_day=add_months(programme.ends_on, months),
                        outcome=outcome,
                        horizon=months,
                        today=today,
                    )
                )
        result.append(Outcomes(programme, rows["retention"], rows["promotion"]))
    return result
