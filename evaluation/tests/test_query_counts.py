"""The dashboards read any number of programmes, pairs, sessions and answers in the same
number of queries: a programme of 20 pairs and one of 1,500 pairs (9,000 sessions) cost
the same, and a second programme costs the all-programmes dashboard nothing more."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.testing import make_large_programme
from meetings.models import Feedback, Meeting
from pairing.models import Pair
from programmes.testing import ensure_seeded_topics

# An upper bound (the test's point is that the count does not grow): 16 queries for the
# executive's programme dashboard, 17 with HR's comments or an export's audit entry (21 and
# 22 before issue 17).
MAX_QUERIES = 18


def queries(client, url: str) -> int:
    cache.clear()  # the cold path: every figure read from the database
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url)
    assert answer.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_the_dashboards_query_count_stays_constant_from_20_to_1500_pairs(
    client, hr_admin, executive
):
    ensure_seeded_topics()
    small = make_large_programme(sponsor=executive, pairs=20, seed=1)
    pages = {
        "programme": lambda p: reverse("evaluation:programme", args=[p.code]),
        "report": lambda p: reverse("evaluation:report", args=[p.code]),
        "csv": lambda p: reverse("evaluation:programme_indicators_csv", args=[p.code]),
    }
    counts = {}
    for user in (executive, hr_admin):
        client.force_login(user)
        for name, url in pages.items():
            counts[(user.pk, name)] = queries(client, url(small))
        counts[(user.pk, "all")] = queries(client, reverse("evaluation:dashboard"))

    large = make_large_programme(sponsor=executive, pairs=1500, seed=7)
    assert Pair.objects.filter(programme=large).count() == 1500
    assert Meeting.objects.filter(pair__programme=large).count() == 9000
    assert Feedback.objects.filter(meeting__pair__programme=large).count() > 12_000
    for user in (executive, hr_admin):
        client.force_login(user)
        for name, url in pages.items():
            measured = queries(client, url(large))
            assert measured == counts[(user.pk, name)], name
            assert measured <= MAX_QUERIES, name
        # Two programmes now: the all-programmes dashboard reads them in as many queries.
        assert queries(client, reverse("evaluation:dashboard")) == counts[(user.pk, "all")]
    client.force_login(hr_admin)
    assert queries(client, reverse("evaluation:pairs", args=[large.code])) <= 12
    assert queries(client, reverse("evaluation:pairs_csv", args=[large.code])) <= 12
