"""The questions executives ask: how many volunteers went all the way, and who they are.

- **The funnel**, per programme: volunteers (every application), approved, paired (a
  published pair), first session held, at least half their planned sessions held,
  completed (the certificate earned when the programme closed). Each stage is a subset of
  the one before, so the funnel never grows. These are operational counts: shown as they
  are.
- **Breakdowns** of the approved volunteers by department, site and generation band.
  These are counts of people by a personal attribute, so the disclosure rule applies: a
  group of fewer than 5 people in a programme is not shown on its own but added to
  "other groups", and when that row itself would be under 5, the smallest shown group
  joins it, until it is empty or has 5 people or more. Every shown row is then 0 or 5 or
  more, and the rows add up to the honest total. The all-programmes breakdown adds up
  the rows the programmes show (a group folded into "other" in a programme stays there),
  so that it is a sum of what the programme pages already show and subtracting one view
  from another reveals nothing.

Read in three queries for any number of programmes and people.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from enrolments.models import Enrolment
from meetings.models import Meeting
from pairing.models import Pair
from people.directory import Generation
from programmes.models import Programme

from .indicators import THRESHOLD
from .models import Completion

STAGES = ["volunteers", "approved", "paired", "first_session", "half_held", "completed"]
STAGE_LABELS = {
    "volunteers": _("Volunteers"),
    "approved": _("Approved"),
    "paired": _("Paired"),
    "first_session": _("First session held"),
    "half_held": _("At least half the planned sessions held"),
    "completed": _("Completed (certificate earned)"),
}
ATTRIBUTES = {
    "department": _("Department"),
    "site": _("Site"),
    "generation": _("Generation"),
}
OTHER = "__other__"
UNKNOWN = "__unknown__"


@dataclass
class Breakdown:
    """One attribute's rows for one view: (label, count) shown, then the rest."""

    attribute: str
    rows: list[tuple[str, int]]
    other: int  # people in groups folded together (0 or >= THRESHOLD when shown)
    total: int
    hidden: bool = False  # fewer than THRESHOLD people in all: nothing is broken down
    folded: list[str] = field(default_factory=list)  # the groups folded, never shown


@dataclass
class Participation:
    funnel: dict[str, int]
    breakdowns: dict[str, Breakdown]


def _stage_counts(people: list[dict]) -> dict[str, int]:
    counts = Counter()
    for person in people:
        for stage in STAGES:
            if not person[stage]:
                break
            counts[stage] += 1
    return {stage: counts[stage] for stage in STAGES}


def fold(attribute: str, groups: dict[str, int], threshold: int = THRESHOLD) -> Breakdown:
    """The disclosure rule for one breakdown (see the module's docstring)."""
    total = sum(groups.values())
    if total < threshold:
        return Breakdown(attribute, [], 0, total, hidden=total > 0, folded=sorted(groups))
    shown = {group: n for group, n in groups.items() if n >= threshold}
    folded = {group: n for group, n in groups.items() if 0 < n < threshold}
    while folded and sum(folded.values()) < threshold or len(folded) == 1 and shown:
        if not shown:
            break
        smallest = min(shown, key=lambda group: (shown[group], group))
        folded[smallest] = shown.pop(smallest)
    rows = sorted(shown.items(), key=lambda item: (-item[1], item[0]))
    return Breakdown(attribute, rows, sum(folded.values()), total, folded=sorted(folded))


def participation(programmes: Sequence[Programme]) -> dict[int, Participation]:
    """Each programme's funnel and breakdowns (three queries in all)."""
    ids = [programme.pk for programme in programmes]
    held = Q(meetings__status=Meeting.Status.HELD)
    pairs: dict[int, tuple[int, int]] = {}
    for mentor_id, mentee_id, held_count, planned_count in (
        Pair.objects.filter(
            programme_id__in=ids, status__in=[Pair.Status.ACTIVE, Pair.Status.ENDED]
        )
        .order_by()
        .values_list("mentor_id", "mentee_id")
        .annotate(
            held=Count("meetings", filter=held),
            planned=Count("meetings", filter=~Q(meetings__status=Meeting.Status.CANCELLED)),
        )
    ):
        for enrolment_id in (mentor_id, mentee_id):
            old_held, old_planned = pairs.get(enrolment_id, (0, 0))
            pairs[enrolment_id] = (old_held + held_count, old_planned + planned_count)
    completed = set(
        Completion.objects.filter(programme_id__in=ids, earned_certificate=True).values_list(
            "enrolment_id", flat=True
        )
    )
    people: dict[int, list[dict]] = defaultdict(list)
    for pk, programme_id, status, department, site, generation in (
        Enrolment.objects.filter(programme_id__in=ids)
        .order_by()
        .values_list(
            "pk", "programme_id", "status", "person__department__name", "person__site",
            "person__generation",
        )
    ):  # fmt: skip
        held_count, planned_count = pairs.get(pk, (0, 0))
        approved = status == Enrolment.Status.APPROVED
        paired = approved and pk in pairs
        people[programme_id].append(
            {
                "volunteers": True,
                "approved": approved,
                "paired": paired,
                "first_session": paired and held_count > 0,
                "half_held": paired and held_count > 0 and 2 * held_count >= planned_count,
                "completed": pk in completed,
                "department": department or UNKNOWN,
                "site": site or UNKNOWN,
                "generation": generation or UNKNOWN,
            }
        )
    result = {}
    for programme_id in ids:
        rows = people.get(programme_id, [])
        approved = [row for row in rows if row["approved"]]
        result[programme_id] = Participation(
            funnel=_stage_counts(rows),
            breakdowns={
                attribute: fold(attribute, dict(Counter(row[attribute] for row in approved)))
                for attribute in ATTRIBUTES
            },
        )
    return result


def pooled(parts: Sequence[Participation]) -> Participation:
    """All programmes: the funnels add up; each breakdown adds up what the programmes show."""
    funnel = {stage: sum(part.funnel[stage] for part in parts) for stage in STAGES}
    breakdowns = {}
    for attribute in ATTRIBUTES:
        shown: Counter = Counter()
        other = total = 0
        for part in parts:
            breakdown = part.breakdowns[attribute]
            total += breakdown.total
            if breakdown.hidden:
                other += breakdown.total
                continue
            shown.update(dict(breakdown.rows))
            other += breakdown.other
        rows = sorted(shown.items(), key=lambda item: (-item[1], item[0]))
        breakdowns[attribute] = Breakdown(attribute, rows, other, total)
    return Participation(funnel, breakdowns)


def group_label(attribute: str, group: str) -> str:
    if group == UNKNOWN:
        return str(_("Not given"))
    if attribute == "generation":
        return str(Generation(group).label) if group in Generation.values else group
    return group
