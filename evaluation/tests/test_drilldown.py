"""HR's drill-down to pairs: state and counts, filtered by state; never what a pair says."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from evaluation.testing import hold, make_pair, make_running_programme, plan
from meetings.models import Feedback, JournalEntry
from programmes.testing import ensure_seeded_topics


def test_hr_filters_the_pairs_at_risk_and_reads_only_states_and_counts(client, hr_admin, executive):
    ensure_seeded_topics()
    programme = make_running_programme(sponsor=executive, managers=[hr_admin])
    now = timezone.now()
    quiet = make_pair(programme)
    old = hold(quiet, when=now - timedelta(days=60))
    JournalEntry.objects.create(meeting=old, author=quiet.mentor_person, text="CANARY-NOTE")
    Feedback.objects.create(meeting=old, author=quiet.mentee_person, rating=2, learned="CANARY")
    busy = make_pair(programme)
    hold(busy, when=now - timedelta(days=3))
    hold(busy, when=now - timedelta(days=20))
    plan(busy, when=now + timedelta(days=10))
    client.force_login(hr_admin)
    url = reverse("evaluation:pairs", args=[programme.code])

    everyone = client.get(url)
    lines = {line["pair"].pk: line for line in everyone.context["lines"]}
    assert lines[quiet.pk]["at_risk"] and lines[quiet.pk]["held"] == 1
    assert not lines[busy.pk]["at_risk"]
    assert (lines[busy.pk]["held"], lines[busy.pk]["planned"]) == (2, 1)
    assert "CANARY" not in everyone.content.decode()

    at_risk = client.get(url, {"state": "at_risk"})
    assert [line["pair"].pk for line in at_risk.context["lines"]] == [quiet.pk]
    on_track = client.get(url, {"state": "on_track"})
    assert [line["pair"].pk for line in on_track.context["lines"]] == [busy.pk]
