"""Pure computations behind the indicators: no Django, no database, unit-tested on
hand-computed data. evaluation/reports/ gathers the numbers; this module turns them
into figures and decides which figures may be shown: it is the one place where the
disclosure policy of docs/evaluation.md is enforced.

# One figure, computed once

A `Figure` (a count, a mean, a share, a score) or an `Estimate` (a mean change with its
95 % interval) carries its value, `n` (the people or pairs behind it), its interval when
it has one, and, when it is hidden, why (`Reason`). Pages, chart data, CSV and PDF read
these objects through evaluation/wording.py; none of them recomputes or re-decides.

# The disclosure rule

Operational facts (volunteers by role and status, pairs by state, sessions planned,
due and held, survey invitations and response rates) describe the programme, not a
person: they are plain counts, never hidden, and their totals are the sums of their
parts. What a person answered or rated is protected:

1. **Few people.** An answer-based figure (a mean, a share, a score, a change) over
   fewer than five people is hidden (`Reason.FEW_PEOPLE`); with nobody behind it, it has
   no value (`Reason.NO_DATA`).

2. **Everyone alike.** An answer-based figure whose answers are all the same (a
   zero-width interval, a share of 0 % or 100 %, a score of -100 or +100) tells each
   person's answer: hidden (`Reason.SAME_ANSWER`), whatever the number of people.

3. **Complements.** Where answer-based figures add up to a shown total (the months of
   the ratings trend, the rhythm's three answers), a line with a hidden cell gets at
   least two, one of them of five or more (`suppress`, audited by `recoverable`): a
   lone hidden month would be the total minus the others (`Reason.COMPLEMENT`).

4. **Across programmes, only what is shown.** An answer-based figure pooled over
   several programmes pools the moments of the programme figures that are shown, never
   the hidden ones, and says its n: it is a function of what the programme pages
   already show, so subtracting one view from the other reveals nothing. Operational
   counts are never hidden, so they simply add up.

Counts of people by a personal attribute (department, site, generation) follow the
same principle with folding instead of blanks: evaluation/funnel.py.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean, stdev

# Rule 3's complements live in suppression.py, with the threshold every rule uses.
from .suppression import THRESHOLD, recoverable, suppress, table_lines, with_margins

__all__ = ["THRESHOLD", "recoverable", "suppress", "table_lines", "with_margins"]


# --- Figures -------------------------------------------------------------------------


class Reason(StrEnum):
    """Why a figure is hidden (evaluation/wording.py says it in words)."""

    SHOWN = ""
    NO_DATA = "no_data"
    FEW_PEOPLE = "few_people"
    SAME_ANSWER = "same_answer"
    SAME_OUTCOME = "same_outcome"
    COMPLEMENT = "complement"
    NOT_YET = "not_yet"
    NOTHING_DUE = "nothing_due"
    NOBODY_INVITED = "nobody_invited"


def _why(hidden: bool, reason: str, n: int, has_value: bool) -> Reason:
    if not hidden:
        return Reason.SHOWN
    if reason:
        return Reason(reason)
    if n == 0:
        return Reason.NO_DATA
    if n < THRESHOLD:
        return Reason.FEW_PEOPLE
    return Reason.COMPLEMENT


@dataclass(frozen=True)
class Figure:
    """A value with the number of people behind it, its 95 % interval when it has one;
    `hidden` when it must not be shown, and `why`."""

    value: float | None
    n: int
    hidden: bool = False
    reason: str = ""
    low: float | None = None
    high: float | None = None

    @property
    def shown(self) -> bool:
        return not self.hidden

    @property
    def why(self) -> Reason:
        return _why(self.hidden, self.reason, self.n, self.value is not None)


def figure(value: float | None, n: int, *, hidden: bool = False, reason: str = "") -> Figure:
    """A figure, hidden by the primary rule when 0 < n < THRESHOLD or when it has no value."""
    too_few = 0 < n < THRESHOLD or (n == 0 and value is None)
    return Figure(value=value, n=n, hidden=hidden or too_few or bool(reason), reason=reason)


def count_figure(count: int, *, n: int | None = None, hidden: bool = False) -> Figure:
    """An operational count (of people, pairs or sessions): shown as it is."""
    people = count if n is None else n
    return Figure(value=count, n=people, hidden=hidden)


# --- Statistics ------------------------------------------------------------------------

# The 97.5 % quantile of Student's t for 1 to 30 degrees of freedom (two-sided 95 %).
T_975 = {
    1: 12.706205, 2: 4.302653, 3: 3.182446, 4: 2.776445, 5: 2.570582, 6: 2.446912,
    7: 2.364624, 8: 2.306004, 9: 2.262157, 10: 2.228139, 11: 2.200985, 12: 2.178813,
    13: 2.160369, 14: 2.144787, 15: 2.131450, 16: 2.119905, 17: 2.109816, 18: 2.100922,
    19: 2.093024, 20: 2.085963, 21: 2.079614, 22: 2.073873, 23: 2.068658, 24: 2.063899,
    25: 2.059539, 26: 2.055529, 27: 2.051831, 28: 2.048407, 29: 2.045230, 30: 2.042272,
}  # fmt: skip
Z_975 = 1.959963984540054


def t_975(df: int) -> float:
    """Student's t quantile for a two-sided 95 % interval with `df` degrees of freedom.

    A table up to 30; beyond, the Cornish-Fisher expansion around the normal quantile,
    within 3e-8 of the exact value from 31 on (checked against scipy in the tests).
    """
    if df < 1:
        raise ValueError("A t quantile needs at least one degree of freedom.")
    if df in T_975:
        return T_975[df]
    z = Z_975
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass(frozen=True)
class Estimate:
    """A mean over n values with its 95 % confidence interval (None below two values)."""

    n: int
    mean: float | None
    low: float | None = None
    high: float | None = None
    hidden: bool = False
    reason: str = ""

    @property
    def shown(self) -> bool:
        return not self.hidden

    @property
    def why(self) -> Reason:
        return _why(self.hidden, self.reason, self.n, self.mean is not None)


def mean_interval(values: Sequence[float]) -> Estimate:
    """The mean and its t-based 95 % interval; hidden below THRESHOLD values."""
    n = len(values)
    if n == 0:
        return Estimate(n=0, mean=None, hidden=True)
    mean = fmean(values)
    low = high = None
    if n >= 2:
        half = t_975(n - 1) * stdev(values) / math.sqrt(n)
        low, high = mean - half, mean + half
    reason = protect_answers(n, alike=len(set(values)) == 1)
    return Estimate(n=n, mean=mean, low=low, high=high, hidden=bool(reason), reason=reason)


def protect_answers(people: int, *, alike: bool) -> Reason:
    """The disclosure rule for an answer-based figure (rules 1 and 2 of the docstring)."""
    if people == 0:
        return Reason.NO_DATA
    if people < THRESHOLD:
        return Reason.FEW_PEOPLE
    if alike:
        return Reason.SAME_ANSWER
    return Reason.SHOWN


@dataclass(frozen=True)
class Moments:
    """What a mean and its interval need, summed in the database: the number of values,
    their sum and the sum of their squares; `people` is how many people gave them.

    Moments add up, which is how figures are pooled over programmes or topics.
    """

    count: int = 0
    total: float = 0.0
    squares: float = 0.0
    people: int = 0

    def __add__(self, other: "Moments") -> "Moments":
        return Moments(
            self.count + other.count,
            self.total + other.total,
            self.squares + other.squares,
            self.people + other.people,
        )

    @classmethod
    def of(cls, values: Sequence[float], people: int | None = None) -> "Moments":
        return cls(
            len(values),
            float(sum(values)),
            float(sum(v * v for v in values)),
            len(values) if people is None else people,
        )

    @property
    def alike(self) -> bool:
        """Every value the same: the variance is nil (a share of 0 % or 100 %)."""
        if self.count == 0:
            return False
        spread = self.squares * self.count - self.total * self.total
        return abs(spread) <= 1e-9 * max(1.0, self.squares * self.count)

    @property
    def reason(self) -> Reason:
        return protect_answers(min(self.people, self.count), alike=self.alike)

    @property
    def hidden(self) -> bool:
        return self.reason != Reason.SHOWN

    def mean(self, scale: float = 1.0) -> Figure:
        """The mean (times `scale`: 100 turns a share of yes answers into a percentage)."""
        if self.count == 0:
            return figure(None, 0)
        reason = self.reason
        return Figure(
            scale * self.total / self.count, self.people, reason != Reason.SHOWN, reason=reason
        )

    def estimate(self) -> Estimate:
        """The mean with its t-based 95 % interval, as mean_interval gives it from values."""
        n = self.count
        if n == 0:
            return Estimate(n=0, mean=None, hidden=True)
        mean = self.total / n
        low = high = None
        if n >= 2:
            variance = max(0.0, (self.squares - self.total * self.total / n) / (n - 1))
            half = t_975(n - 1) * math.sqrt(variance / n)
            low, high = mean - half, mean + half
        reason = self.reason
        return Estimate(
            n=n, mean=mean, low=low, high=high, hidden=reason != Reason.SHOWN, reason=reason
        )


def pooled(parts: Iterable[Moments]) -> Moments:
    """The moments of the shown parts only (rule 4 of the module's docstring)."""
    return sum((part for part in parts if not part.hidden), Moments())


def paired_differences(
    before: Mapping[Hashable, float], after: Mapping[Hashable, float]
) -> list[float]:
    """after - before for every key answered both times (a person, or a person and topic)."""
    return [after[key] - before[key] for key in sorted(after, key=repr) if key in before]


def net_promoter_score(scores: Iterable[int]) -> Figure:
    """Promoters (9-10) minus detractors (0-6), in points from -100 to 100."""
    scores = list(scores)
    n = len(scores)
    if n == 0:
        return figure(None, 0)
    promoters = sum(1 for score in scores if score >= 9)
    detractors = sum(1 for score in scores if score <= 6)
    return nps_figure(promoters, n - promoters - detractors, detractors)


def nps_figure(promoters: int, passives: int, detractors: int) -> Figure:
    """The recommendation score from its three counts; everyone in one group is "alike"."""
    n = promoters + passives + detractors
    if n == 0:
        return figure(None, 0)
    reason = protect_answers(n, alike=max(promoters, passives, detractors) == n)
    value = round(100 * (promoters - detractors) / n)
    return Figure(value, n, reason != Reason.SHOWN, reason=reason)


def share(part: int, whole: int, *, n: int | None = None) -> Figure:
    """part / whole as a percentage; n (default: whole) people behind it."""
    people = whole if n is None else n
    if whole == 0:
        return figure(None, 0)
    return figure(100 * part / whole, people)


def average(total: float, count: int, *, n: int | None = None) -> Figure:
    """total / count; n (default: count) people behind it."""
    people = count if n is None else n
    if count == 0:
        return figure(None, 0)
    return figure(total / count, people)
