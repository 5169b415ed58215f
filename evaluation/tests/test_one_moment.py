"""The dashboards' figures are read in two lanes side by side on PostgreSQL (common/snapshot.py):
the same figures as read one after the other, and every one of them of the same moment."""

import pytest
from django.db import transaction
from django.utils import timezone

from evaluation.reports.cache import read
from evaluation.testing import make_large_programme
from meetings.models import Meeting
from people.testing import make_person
from programmes.testing import ensure_seeded_topics

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_figures_read_side_by_side_are_those_read_in_one_lane() -> None:
    ensure_seeded_topics()
    sponsor = make_person(email="sponsor@example.com", is_executive=True, grade=18)
    programme = make_large_programme(sponsor=sponsor, pairs=24, sessions_per_pair=6)
    now = timezone.now()

    side_by_side = read([programme], now=now)
    with transaction.atomic():  # a transaction already open: one lane, one connection
        one_lane = read([programme], now=now)

    assert side_by_side == one_lane
    [report], participation = side_by_side
    held = Meeting.objects.filter(pair__programme=programme, status=Meeting.Status.HELD)
    assert report.sessions_held.value == held.count() > 0
    assert participation[programme.pk].funnel
