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
  more, and the rows add up to the honest total. The all-programmes breakdown pools the
  people first (each group's count across the programmes), then applies the same rule
  once to the pooled counts, with one more fold (complementary suppression): a row, the
  "other groups" row included, hides 0 or 5 people or more of what the programme pages
  do not show, so that subtracting the programme pages from the pooled rows never
  reveals a small group.

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
    # {attribute: {group: people}}: the counts before the rule, never shown; pooled views
    # add them up before applying the rule once.
    groups: dict[str, dict[str, int]] = field(default_factory=dict)


def fold(
    attribute: str,
    groups: dict[str, int],
    threshold: int = THRESHOLD,
    unshown: dict[str, int] | None = None,
) -> Breakdown:
    """The disclosure rule for one breakdown (see the module's docstring).

    `unshown` (pooled views): of each group, the people the programme pages do not show.
    A shown row, and the folded row, then hide 0 or `threshold` people or more of them, so
    that subtracting the programme pages reveals no small group (complementary
    suppression)."""
    unshown = unshown or {}

    def small(n: int) -> bool:
        return 0 < n < threshold

    total = sum(groups.values())
    if total < threshold:
        return Breakdown(attribute, [], 0, total, hidden=total > 0, folded=sorted(groups))
    shown = {
        group: n
        for group, n in groups.items()
        if n >= threshold and not small(unshown.get(group, 0))
    }
    folded = {group: n for group, n in groups.items() if n > 0 and group not in shown}

    def exposed() -> bool:
        hidden = sum(unshown.get(group, 0) for group in folded)
        return sum(folded.values()) < threshold or small(hidden) or len(folded) == 1

    while folded and shown and exposed():
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
        people = {attribute: dict(found.get(attribute, {})) for attribute in ATTRIBUTES}
        result[programme_id] = Participation(
            funnel={
                stage: sum(n for index, n in counts.items() if index >= position)
                for position, stage in enumerate(STAGES)
            },
            breakdowns={attribute: fold(attribute, people[attribute]) for attribute in ATTRIBUTES},
            groups=people,
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
    """All programmes: the funnels add up; each breakdown pools the people of every
    programme per group, then applies the rule once (see the module's docstring)."""
    funnel = {stage: sum(part.funnel[stage] for part in parts) for stage in STAGES}
    breakdowns = {}
    groups = {}
    for attribute in ATTRIBUTES:
        people: Counter = Counter()
        shown: Counter = Counter()  # what the programme pages show of each group
        for part in parts:
            people.update(part.groups.get(attribute, {}))
            breakdown = part.breakdowns[attribute]
            if not breakdown.hidden:
                shown.update(dict(breakdown.rows))
        unshown = {group: n - shown[group] for group, n in people.items()}
        groups[attribute] = dict(people)
        breakdowns[attribute] = fold(attribute, dict(people), unshown=unshown)
    return Participation(funnel, breakdowns, groups)


def group_label(attribute: str, group: str) -> str:
    if group == UNKNOWN:
        return str(_("Not given"))
    if attribute == "generation":
        return str(Generation(group).label) if group in Generation.values else group
    return group
