"""The programmes' and topics' querysets: what lists ask of them, one home each."""

from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Count
from django.utils import timezone

from common.bilingual import sort_key

ENROLMENT_OPEN = "enrolment_open"  # Programme.Status.ENROLMENT_OPEN


class TopicQuerySet(models.QuerySet):
    def active(self) -> "TopicQuerySet":
        return self.filter(retired_on__isnull=True)

    def retired(self) -> "TopicQuerySet":
        return self.filter(retired_on__isnull=False)

    def with_programme_count(self) -> "TopicQuerySet":
        return self.annotate(programme_count=Count("programmes", distinct=True))


class ProgrammeQuerySet(models.QuerySet):
    def open_for_enrolment(self, today: date | None = None) -> "ProgrammeQuerySet":
        """Programmes whose enrolment is open today (status and window)."""
        today = today or timezone.localdate()
        return self.filter(
            status=ENROLMENT_OPEN,
            enrolment_opens_on__lte=today,
            enrolment_closes_on__gte=today,
        )

    def enrolment_closing_within(self, today: date, days: int) -> "ProgrammeQuerySet":
        """Open programmes whose enrolment closes from today to `days` days later, excluded
        (HR's work list counts them, the list's `?closing=soon` shows them)."""
        return self.filter(
            status=ENROLMENT_OPEN,
            enrolment_closes_on__gte=today,
            enrolment_closes_on__lt=today + timedelta(days=days),
        )

    def order_by(self, *fields: Any) -> "ProgrammeQuerySet":
        """`order_by("name")` orders by the name as the reader reads it (their language, or
        the other one when theirs is empty): `name` is not a column but both languages'."""
        named = {"name": sort_key("name"), "-name": sort_key("name").desc()}
        return super().order_by(*(named.get(f, f) if isinstance(f, str) else f for f in fields))

    def for_list(self) -> "ProgrammeQuerySet":
        """What the list page shows, in one query whatever the number of programmes."""
        return self.select_related("sponsor").annotate(
            objective_count=Count("objectives", distinct=True),
            topic_count=Count("topics", distinct=True),
        )
