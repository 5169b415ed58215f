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

Read in one statement for any number of programmes and people (PARTICIPATION_SQL): how
far each volunteer went, and the approved volunteers by department, site and generation.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enrolments.models import Enrolment
from meetings.models import Meeting
from pairing.models import Pair
from people.directory import Generation
from people.models import Department, User
from programmes.models import Programme

from .indicators import THRESHOLD
from .models import Completion

STAGES = ["volunteers", "approved", "paired", "first_session", "half_held", "completed"]
STAGE_LABELS = {
    "volunteers": _("Volunteers"),
    "approved": pgettext_lazy("funnel stage: people", "Approved"),
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


# One statement, two kinds of rows. First how far each volunteer went, as the index in
# STAGES of the last stage reached, counted per programme: each pair's sessions are counted
# once, then added up per enrolment (a mentor of two mentees has two pairs). Then the
# approved volunteers counted by department, site and generation (no stage).
PARTICIPATION_SQL = """
    WITH pair_sessions AS (
        SELECT p.mentor_id, p.mentee_id,
               SUM(CASE WHEN m.status = %s THEN 1 ELSE 0 END) AS held,
               SUM(CASE WHEN m.status <> %s THEN 1 ELSE 0 END) AS planned
        FROM {pair} p
        LEFT JOIN {meeting} m ON m.pair_id = p.id
        WHERE p.programme_id IN ({ids}) AND p.status IN (%s, %s)
        GROUP BY p.id, p.mentor_id, p.mentee_id
    ), paired AS (
        SELECT enrolment_id, SUM(held) AS held, SUM(planned) AS planned
        FROM (
            SELECT mentor_id AS enrolment_id, held, planned FROM pair_sessions
            UNION ALL
            SELECT mentee_id, held, planned FROM pair_sessions
        ) AS sides
        GROUP BY enrolment_id
    )
    SELECT e.programme_id,
           CASE WHEN e.status <> %s THEN 0
                WHEN s.enrolment_id IS NULL THEN 1
                WHEN s.held = 0 THEN 2
                WHEN 2 * s.held < s.planned THEN 3
                WHEN c.id IS NULL THEN 4
                ELSE 5 END,
           NULL, NULL, NULL, COUNT(*)
    FROM {enrolment} e
    LEFT JOIN paired s ON s.enrolment_id = e.id
    LEFT JOIN {completion} c ON c.enrolment_id = e.id AND c.earned_certificate = %s
        AND c.programme_id IN ({ids})
    WHERE e.programme_id IN ({ids})
    GROUP BY 1, 2
    UNION ALL
    SELECT e.programme_id, NULL, d.name, u.site, u.generation, COUNT(*)
    FROM {enrolment} e
    JOIN {person} u ON u.id = e.person_id
    LEFT JOIN {department} d ON d.id = u.department_id
    WHERE e.programme_id IN ({ids}) AND e.status = %s
    GROUP BY 1, 3, 4, 5
"""


def participation(programmes: Sequence[Programme]) -> dict[int, Participation]:
    """Each programme's funnel and breakdowns (one statement in all)."""
    ids = [programme.pk for programme in programmes]
    reached: dict[int, Counter] = defaultdict(Counter)
    groups: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for programme_id, index, department, site, generation, count in _read(ids):
        if index is not None:
            reached[programme_id][index] = count
            continue
        found = groups[programme_id]
        found["department"][department or UNKNOWN] += count
        found["site"][site or UNKNOWN] += count
        found["generation"][generation or UNKNOWN] += count
    result = {}
    for programme_id in ids:
        counts = reached.get(programme_id, Counter())
        found = groups.get(programme_id, {})
        result[programme_id] = Participation(
            funnel={
                stage: sum(n for index, n in counts.items() if index >= position)
                for position, stage in enumerate(STAGES)
            },
            breakdowns={
                attribute: fold(attribute, dict(found.get(attribute, {})))
                for attribute in ATTRIBUTES
            },
        )
    return result


def _read(ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    sql = PARTICIPATION_SQL.format(
        pair=Pair._meta.db_table,
        meeting=Meeting._meta.db_table,
        enrolment=Enrolment._meta.db_table,
        completion=Completion._meta.db_table,
        person=User._meta.db_table,
        department=Department._meta.db_table,
        ids=", ".join(["%s"] * len(ids)),
    )
    approved = Enrolment.Status.APPROVED
    params = [Meeting.Status.HELD, Meeting.Status.CANCELLED, *ids]
    params += [Pair.Status.ACTIVE, Pair.Status.ENDED, approved, True, *ids, *ids]
    params += [*ids, approved]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
