"""The reports the dashboards show, from numbers kept a couple of minutes in the cache.

A dashboard's report and its participation (the funnel and the breakdowns) are read and
kept together, so that the two agree: both are of the same moment (gathering.gather).
The finished programmes' outcomes (retention and promotion, read from the whole
directory: the costliest part of the all-programmes dashboard) are kept with them, read
just after them; a directory import or an approval made in another app shows in them, as
in the figures, within CACHE_SECONDS. Entries hold figures and settings, never a person's
account.

The figures are aggregates (nothing personal, nothing one person could be recognised in)
and executives do not need them to the second. Writes of this app bump a version that
every key carries, so a new answer or an HR setting shows at once; a session logged or
rated in the meetings app shows within CACHE_SECONDS. The page says when its figures
were read.
"""

import hashlib
from collections.abc import Sequence
from datetime import datetime

from django.core.cache import cache

from programmes.models import Programme

from ..funnel import Participation
from ..outcomes import Outcomes, outcomes
from .building import report_for
from .figures import Report
from .gathering import gather

CACHE_SECONDS = 120
VERSION_KEY = "evaluation:reports:version"
# What an entry holds; changed with it, so that a new release never reads an entry an
# older one kept in the shared cache (2: the outcomes were added).
SHAPE = 2


def forget_cached_reports() -> None:
    """Make the next dashboard read the database again (called by this app's writes)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def read(
    programmes: Sequence[Programme], *, now: datetime | None = None
) -> tuple[list[Report], dict[int, Participation]]:
    """The programmes' reports and participation, read from the database now (one moment)."""
    raw, participation = gather(programmes, now=now)
    return [report_for(programme, raw) for programme in programmes], participation


def reports(programmes: Sequence[Programme], *, now: datetime | None = None) -> list[Report]:
    """The programmes' reports, read from the database now."""
    return read(programmes, now=now)[0]


def figures(
    programmes: Sequence[Programme],
) -> tuple[list[Report], dict[int, Participation], list[Outcomes]]:
    """The programmes' reports, participation and outcomes, from numbers at most
    CACHE_SECONDS old."""
    stamp = ",".join(f"{p.pk}.{p.updated_at.timestamp()}" for p in programmes)
    version = cache.get(VERSION_KEY, 0)
    key = f"evaluation:figures:{SHAPE}:{version}:" + hashlib.sha256(stamp.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        # The outcomes' figures alone: an Outcomes holds the request's programme, and with it
        # the sponsor's account when it was loaded (select_related), which has no place in
        # a shared cache.
        followed = {
            item.programme.pk: (item.retention, item.promotion) for item in outcomes(programmes)
        }
        found = (*gather(programmes), followed)
        cache.set(key, found, CACHE_SECONDS)
    raw, participation, followed = found
    by_pk = {programme.pk: programme for programme in programmes}
    return (
        [report_for(programme, raw) for programme in programmes],
        participation,
        [
            Outcomes(by_pk[pk], retention, promotion)
            for pk, (retention, promotion) in followed.items()
        ],
    )
