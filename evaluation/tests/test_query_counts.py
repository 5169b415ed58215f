"""The dashboard reads a programme of 1,500 pairs in a fixed, small number of queries."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from evaluation.testing import make_large_programme
from meetings.models import Feedback, Meeting
from pairing.models import Pair
from programmes.testing import ensure_seeded_topics

MAX_QUERIES = 22  # 18 to 19 measured (bench/pages.py): session, user, programme, ~15 reads


@pytest.fixture
def large(executive):
    ensure_seeded_topics()
    return make_large_programme(sponsor=executive)


def test_the_dashboards_of_a_large_programme_keep_a_fixed_number_of_queries(
    client, hr_admin, executive, large, django_assert_max_num_queries
):
    assert Pair.objects.filter(programme=large).count() == 1500
    assert Meeting.objects.filter(pair__programme=large).count() == 9000
    assert Feedback.objects.filter(meeting__pair__programme=large).count() > 12_000
    for user in (executive, hr_admin):
        client.force_login(user)
        for url in (
            reverse("evaluation:programme", args=[large.code]),
            reverse("evaluation:dashboard"),
            reverse("evaluation:report", args=[large.code]),
        ):
            cache.clear()  # the cold path: every figure read from the database
            with django_assert_max_num_queries(MAX_QUERIES):
                page = client.get(url)
            assert page.status_code == 200
            assert page.context["report"].sessions_held.shown
    client.force_login(hr_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evaluation:pairs", args=[large.code])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evaluation:pairs_csv", args=[large.code])).status_code == 200
