"""The reports the dashboards show, from numbers kept a couple of minutes in the cache.

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

from .building import report_for
from .figures import Report
from .gathering import gather

CACHE_SECONDS = 120
VERSION_KEY = "evaluation:reports:version"


def forget_cached_reports() -> None:
    """Make the next dashboard read the database again (called by this app's writes)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def reports(
    programmes: Sequence[Programme], *, now: datetime | None = None, cached: bool = False
) -> list[Report]:
    """The programmes' reports; with cached=True, from numbers at most CACHE_SECONDS old."""
    if not cached or now is not None:
        raw = gather(programmes, now=now)
    else:
        stamp = ",".join(f"{p.pk}.{p.updated_at.timestamp()}" for p in programmes)
        version = cache.get(VERSION_KEY, 0)
        key = f"evaluation:reports:{version}:" + hashlib.sha256(stamp.encode()).hexdigest()
        raw = cache.get(key)
        if raw is None:
            raw = gather(programmes)
            cache.set(key, raw, CACHE_SECONDS)
    return [report_for(programme, raw) for programme in programmes]
