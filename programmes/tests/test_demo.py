from io import StringIO

import pytest
from django.core.management import call_command

from programmes.models import AuditEvent, Programme

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


def test_the_demo_has_a_programme_in_every_status_run_by_hr_and_sponsored_by_exec():
    output = seed()
    programmes = list(Programme.objects.select_related("sponsor").prefetch_related("managers"))
    # One in each status, and a second running one that HR's step adds (hr/demo_ending.py).
    assert sorted(p.status for p in programmes) == sorted(
        [*Programme.Status.values, Programme.Status.RUNNING]
    )
    assert {p.sponsor.email for p in programmes} == {"exec@example.com"}
    assert all([m.email for m in p.managers.all()] == ["hr@example.com"] for p in programmes)
    assert all(p.objectives.exists() and p.topics.exists() for p in programmes)
    assert "6 programmes, one per status (6 new)" in output
    open_now = Programme.objects.open_for_enrolment().get()
    assert open_now.slug == "digital-acculturation"
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.STATUS_CHANGED).count()
        == 1 + 2 + 3 + 4 + 5 + 3
    )


def test_running_the_demo_again_adds_no_programme():
    seed()
    events = AuditEvent.objects.count()
    output = seed()
    assert Programme.objects.count() == 7
    assert AuditEvent.objects.count() == events
    assert "(0 new)" in output
