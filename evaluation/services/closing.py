"""Closing a completed programme: each participant's completion, recorded once, with the
certificate of participation when the programme's rule is met (the sweep then queues the
closing emails)."""

import logging
from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from meetings.models import Meeting
from pairing.models import Pair
from programmes.models import Programme

from ..models import Completion, EvaluationSettings, Response, Survey
from ..reports.cache import forget_cached_reports
from .surveys import pair_members

logger = logging.getLogger(__name__)
PUBLISHED = [Pair.Status.ACTIVE, Pair.Status.ENDED]


def earns_certificate(
    rule: EvaluationSettings, *, sessions_held: int, final_review_answered: bool
) -> bool:
    if sessions_held < rule.certificate_min_sessions:
        return False
    return final_review_answered or not rule.certificate_needs_final_review


def sessions_held_by_enrolment(programme: Programme) -> dict[int, int]:
    """{enrolment id: sessions held} over the person's published pairs of the programme."""
    held = Counter()
    rows = (
        Meeting.objects.filter(
            pair__programme=programme, pair__status__in=PUBLISHED, status=Meeting.Status.HELD
        )
        .order_by()
        .values_list("pair__mentor_id", "pair__mentee_id")
        .annotate(total=Count("pk"))
    )
    for mentor_id, mentee_id, total in rows:
        held[mentor_id] += total
        held[mentee_id] += total
    return dict(held)


def close_programme(*, programme: Programme, now: datetime | None = None) -> int:
    """Record each participant's completion of a completed programme, once; 1 if this call
    did it, 0 if it had been done (the settings row is claimed by a conditional update)."""
    now = now or timezone.now()
    with transaction.atomic():
        EvaluationSettings.objects.get_or_create(programme=programme)
        claimed = EvaluationSettings.objects.filter(
            programme=programme,
            closed_at__isnull=True,
            programme__status=Programme.Status.COMPLETED,
        ).update(closed_at=now)
        if not claimed:
            return 0
        rule = EvaluationSettings.objects.get(programme=programme)
        participants = pair_members(programme, PUBLISHED)
        held = sessions_held_by_enrolment(programme)
        answered = set(
            Response.objects.answered()
            .filter(survey__programme=programme, survey__kind=Survey.Kind.FINAL)
            .values_list("enrolment_id", flat=True)
        )
        Completion.objects.bulk_create(
            [
                Completion(
                    programme=programme,
                    enrolment_id=enrolment_id,
                    sessions_held=min(held.get(enrolment_id, 0), 32767),
                    final_review_answered=enrolment_id in answered,
                    earned_certificate=earns_certificate(
                        rule,
                        sessions_held=held.get(enrolment_id, 0),
                        final_review_answered=enrolment_id in answered,
                    ),
                )
                for enrolment_id in sorted(participants)
            ],
            ignore_conflicts=True,
        )
        transaction.on_commit(forget_cached_reports)
    logger.info("Closed %s: %d participants.", programme.slug, len(participants))
    return 1
