"""Issue 4, done when: an employee volunteers as a mentor, another as a mentee in French,
and an HR admin approves one and declines the other.

The French catalogue is filled later, so the French part asserts on data (the page's
language, what is stored, the email's language), never on our French strings; the
elements are found by name and test id for the same reason.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from common.testing import sign_in
from enrolments.models import Enrolment
from programmes.models import Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_tab(browser, live_server):
    contexts = []

    def open_tab():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def test_a_mentor_and_a_french_mentee_volunteer_and_hr_approves_one_and_declines_the_other(
    page, new_tab, programme, mentor, mentee, hr_admin
):
    ai = Topic.objects.get(slug="generative-ai")
    social = Topic.objects.get(slug="social-networks")

    # Zoé, a junior, volunteers as a mentor.
    sign_in(page, mentor.email)
    page.get_by_role("link", name="My programmes", exact=True).click()
    page.get_by_role("link", name="Volunteer for a programme").click()
    page.get_by_test_id("volunteer-mentor").click()
    page.locator(f"select[name=topic_{ai.pk}]").select_option("4")
    page.locator(f"select[name=topic_{social.pk}]").select_option("2")
    page.locator("select[name=capacity]").select_option("2")
    page.locator("input[name=languages][value=fr]").check()
    page.locator("input[name=when_lunchtime][value=tue]").check()
    page.locator("input[name=when_lunchtime][value=thu]").check()
    expect(page.get_by_test_id("charter")).to_be_visible()
    page.locator("input[name=accept_charter]").check()
    page.get_by_test_id("volunteer-submit").click()
    page.wait_for_url(re.compile(r"/enrolments/[0-9a-f-]{36}/$"))
    expect(page.get_by_test_id("enrolment-status")).to_have_attribute("data-status", "submitted")

    # Marc, a senior, switches to French and volunteers as a mentee.
    tab = new_tab()
    sign_in(tab, mentee.email)
    tab.get_by_test_id("language-fr").click()
    expect(tab.locator("html")).to_have_attribute("lang", "fr")
    tab.goto("/enrolments/")
    expect(tab.locator("html")).to_have_attribute("lang", "fr")
    tab.get_by_test_id("volunteer-mentee").click()
    tab.locator(f"select[name=topic_{ai.pk}]").select_option("1")
    tab.locator(f"select[name=confidence_{ai.pk}]").select_option("2")
    tab.locator("input[name=languages][value=fr]").check()
    tab.locator("input[name=flexible]").check()
    tab.locator("select[name=preferred_mode]").select_option("on_site")
    tab.locator("input[name=accept_charter]").check()
    tab.get_by_test_id("volunteer-submit").click()
    tab.wait_for_url(re.compile(r"/enrolments/[0-9a-f-]{36}/$"))
    expect(tab.locator("html")).to_have_attribute("lang", "fr")

    zoe = Enrolment.objects.get(person=mentor)
    marc = Enrolment.objects.get(person=mentee)
    assert (zoe.role, zoe.capacity, zoe.status) == ("mentor", 2, "submitted")
    assert {(row.topic.slug, row.level) for row in zoe.topic_rows.all()} == {
        ("generative-ai", 4),
        ("social-networks", 2),
    }
    assert [slot["day"] for slot in zoe.availability["slots"]] == ["tue", "thu"]
    assert (marc.role, marc.preferred_mode, marc.availability["flexible"]) == (
        "mentee",
        "on_site",
        True,
    )
    assert [(row.priority, row.confidence) for row in marc.topic_rows.all()] == [(1, 2)]
    assert marc.charter_accepted_at is not None
    mentee.refresh_from_db()
    assert mentee.preferred_language == "fr"

    # Hélène, HR, approves Zoé from the queue and declines Marc from his page.
    hr = new_tab()
    sign_in(hr, hr_admin.email)
    hr.get_by_role("link", name="Volunteers", exact=True).click()
    hr.get_by_role("link", name=programme.name, exact=True).click()
    expect(hr.get_by_test_id("review-row")).to_have_count(2)
    hr.locator(f"input[name=enrolments][value='{zoe.code}']").check()
    hr.locator("input[name=decision][value=approved]").check()
    hr.get_by_test_id("bulk-decide").click()
    expect(
        hr.locator(f"[data-email='{mentor.email}'] [data-testid=enrolment-status]")
    ).to_have_attribute("data-status", "approved")

    hr.locator(f"[data-email='{mentee.email}'] a").first.click()
    hr.locator("input[name=decision][value=declined]").check()
    hr.get_by_test_id("decide-submit").click()
    expect(hr.locator("#id_reason")).to_have_class(re.compile("is-invalid"))  # a reason is due
    hr.locator("input[name=decision][value=declined]").check()
    hr.locator("#id_reason").fill("This cohort is for the executive committee.")
    hr.get_by_test_id("decide-submit").click()
    expect(hr.get_by_test_id("decision")).to_contain_text(
        "This cohort is for the executive committee."
    )

    zoe.refresh_from_db()
    marc.refresh_from_db()
    assert (zoe.status, zoe.decided_by) == ("approved", hr_admin)
    assert (marc.status, marc.decision_reason) == (
        "declined",
        "This cohort is for the executive committee.",
    )
    emails = {message.to[0]: message for message in mail.outbox}
    assert set(emails) == {mentor.email, mentee.email}
    assert emails[mentor.email].extra_headers["Content-Language"] == "en"
    assert emails[mentee.email].extra_headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in emails[mentee.email].alternatives[0][0]
    assert "This cohort is for the executive committee." in emails[mentee.email].body

    # Marc sees the decision on his page, still in French.
    tab.goto("/enrolments/mine/")
    expect(tab.locator("html")).to_have_attribute("lang", "fr")
    expect(tab.get_by_test_id("enrolment-status")).to_have_attribute("data-status", "declined")
