"""The demo has something in every line of HR's work list, and the page behind each line
shows it; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hr import worklist
from hr.demo_ending import SLUG
from people.models import User
from programmes.models import Programme

pytestmark = pytest.mark.django_db

LINES = {
    "review",
    "closing",
    "publish",
    "at_risk",
    "exits",
    "leavers",
    "reminders",
    "surveys",
}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


def test_every_line_of_hrs_work_list_has_something_in_the_demo():
    seed()

    counts = {line.key: line.count for line in worklist.hr_work()}
    assert set(counts) == LINES
    assert all(count > 0 for count in counts.values()), counts
    surveys = next(line for line in worklist.hr_work() if line.key == "surveys")
    assert surveys.detail.startswith("Digital acculturation, Lyon site: Final review")
    ending = Programme.objects.get(slug=SLUG)
    assert ending.status == Programme.Status.RUNNING and ending.pairs.active().count() == 8

    client = Client()
    client.force_login(User.objects.get(email="hr@example.com"))
    page = client.get(reverse("hr:attention")).text
    assert 'data-testid="exit-request"' in page
    assert 'data-testid="leaver-pair"' in page
    assert 'data-testid="nudged-on"' in page  # the pair HR nudged nine days ago

    output = seed()
    assert "HR's work list: nothing to add" in output
    assert {line.key: line.count for line in worklist.hr_work()} == counts
