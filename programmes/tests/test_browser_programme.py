"""Issue 3, done when: an HR admin creates a programme from a template, adjusts it, opens it."""

import re

import pytest
from playwright.sync_api import expect

from common.testing import sign_in
from programmes.models import AuditEvent, Programme
from programmes.testing import ensure_seeded_topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_hr_admin_creates_a_programme_from_a_template_adjusts_it_and_opens_enrolment(
    page, hr_admin, executive
):
    ensure_seeded_topics()  # an earlier transactional test may have flushed them
    sign_in(page, hr_admin.email)

    page.get_by_role("link", name="Programmes", exact=True).click()
    page.get_by_role("link", name="New programme").click()
    page.get_by_role("link", name="Start from “Digital acculturation”").click()

    # The template prefilled the frame: six monthly one-hour sessions, and its objectives.
    expect(page.locator("#id_name_en")).to_have_value("Digital acculturation")
    expect(page.get_by_label("Duration (months)")).to_have_value("6")
    expect(page.get_by_label("Cadence")).to_have_value("monthly")
    expect(page.get_by_label("Session length (minutes)")).to_have_value("60")
    expect(page.get_by_test_id("schedule").locator("li")).to_have_count(6)
    expect(page.locator("#id_objectives-0-target_percent")).to_have_value("70")

    # Adjust it: a name, a sponsor, five months instead of six, a place, a stricter target.
    page.locator("#id_name_en").fill("Digital acculturation, Lyon")
    page.get_by_label("Sponsor").select_option(str(executive.pk))
    page.get_by_label("Duration (months)").fill("5")
    page.locator("#id_place_en").fill("Lyon, Part-Dieu")
    page.locator("#id_objectives-0-target_percent").fill("80")
    page.get_by_role("button", name="Preview schedule").click()
    expect(page.get_by_test_id("schedule").locator("li")).to_have_count(5)
    assert not Programme.objects.exists()

    # A mistake is caught next to its field, then fixed.
    page.get_by_label("Duration (months)").fill("7")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.locator("#error_1_id_duration_months")).to_have_text(
        "A programme lasts from 3 to 6 months."
    )
    page.get_by_label("Duration (months)").fill("5")
    page.get_by_role("button", name="Create the draft").click()

    page.wait_for_url(re.compile(r"/programmes/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digital acculturation, Lyon")
    expect(page.get_by_test_id("status")).to_have_text("Draft")
    expect(page.get_by_test_id("schedule").locator("li")).to_have_count(5)

    page.get_by_role("button", name="Open enrolment").click()
    expect(page.locator("main")).to_contain_text("The programme is now “Enrolment open”.")
    expect(page.get_by_test_id("status")).to_have_text("Enrolment open")
    expect(page.get_by_test_id("audit-trail")).to_contain_text("Status changed")

    programme = Programme.objects.get()
    assert programme.status == Programme.Status.ENROLMENT_OPEN
    assert (programme.name, programme.duration_months, programme.place) == (
        "Digital acculturation, Lyon",
        5,
        "Lyon, Part-Dieu",
    )
    assert programme.sponsor == executive
    assert list(programme.managers.all()) == [hr_admin]
    assert programme.objectives.first().target_percent == 80
    assert programme.objectives.count() == 3
    assert list(programme.audit_events.values_list("action", flat=True)) == [
        AuditEvent.Action.STATUS_CHANGED,
        AuditEvent.Action.CREATED,
    ]
