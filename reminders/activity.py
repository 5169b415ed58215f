"""When a quiet pair last showed signs of life: its last session held, or its publication.

Which pairs are quiet is pairing's rule (`Pair.objects.at_risk`), not this module's. An
alert about a quiet pair is about one stretch of silence: the sweep writes this date into
its dedupe key and context, and the sender reads it again before sending, so that an alert
about a pair that has met since is superseded rather than sent.
"""

from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from meetings.models import Meeting
from pairing.models import Pair, PairQuerySet


def with_last_activity(pairs: PairQuerySet) -> PairQuerySet:
    """The pairs annotated with `last_activity`."""
    last_held = (
        Meeting.objects.filter(pair=OuterRef("pk"), status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    return pairs.annotate(last_held=Subquery(last_held)).annotate(
        last_activity=Coalesce(Greatest("last_held", "published_at"), "last_held", "published_at")
    )


def last_activity(pair: Pair) -> datetime | None:
    return (
        with_last_activity(Pair.objects.filter(pk=pair.pk))
        .values_list("last_activity", flat=True)
        .first()
    )
