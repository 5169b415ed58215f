"""Issue 13, done when: a mentor writes a journal entry and a shared takeaway; the mentee
sees the takeaway and not the journal; HR, the executive and the admin see neither; the
mentor's data download contains the journal."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.testing import sign_in
from meetings.models import Feedback, JournalEntry, Meeting
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from people.testing import make_person
from programmes.testing import ensure_seeded_topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Marc seems worried about the reorganisation; bring two examples next time."
TAKEAWAY = "A prompt is a brief: role, context, format."


@pytest.fixture
def pair(hr_admin, executive, mentor, mentee):
    ensure_seeded_topics()  # an earlier transactional test may have flushed them
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    return make_pair(programme=programme, mentor=mentor, mentee=mentee)


def test_a_mentors_journal_is_read_by_the_mentor_alone_and_the_takeaway_by_the_pair(
    page, browser, live_server, pair, mentor, mentee, hr_admin, executive
):
    held = make_meeting(pair, starts_at=timezone.now() - timedelta(days=2))
    make_meeting(pair, starts_at=timezone.now() + timedelta(days=20))

    # The mentor logs the session: a shared takeaway, and a journal entry for herself.
    sign_in(page, mentor.email)
    page.get_by_role("link", name="My sessions").click()
    page.get_by_test_id("my-session-pairs").get_by_role("link", name="Open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pair: Marc Senior")
    expect(page.get_by_test_id("who-reads")).to_contain_text("Your personal journal: you alone")
    page.get_by_test_id("to-log").get_by_role("link", name="Log it").click()
    page.get_by_label("Duration (minutes)").fill("75")
    page.get_by_label("How you meet").select_option("on_site")
    page.get_by_label("Generative AI").check()
    page.get_by_label("Shared takeaways").fill(TAKEAWAY)
    page.get_by_label("Next steps").fill("Marc drafts his memo with the assistant.")
    page.get_by_role("textbox", name="Your personal journal").fill(NOTE)
    page.get_by_role("button", name="Save the log").click()

    expect(page.get_by_role("status").first).to_contain_text("The session is logged")
    expect(page.get_by_test_id("log")).to_contain_text(TAKEAWAY)
    expect(page.get_by_role("textbox", name="Your personal journal")).to_have_value(NOTE)
    expect(page.get_by_test_id("journal-who-reads")).to_contain_text("Only you read it")

    # Her data download holds her journal.
    page.goto("/privacy/my-data/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        assert NOTE in exported.read()

    # The mentee reads the takeaway, never the journal, and gives feedback.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    sign_in(other, mentee.email)
    other.goto(f"/sessions/{held.code}/")
    expect(other.get_by_test_id("log")).to_contain_text(TAKEAWAY)
    expect(other.get_by_role("textbox", name="Your personal journal")).to_have_value("")
    assert NOTE not in other.content()
    other.get_by_role("link", name="Give feedback").first.click()
    other.get_by_label("5").check()
    other.get_by_label("What did you learn?").fill("How to brief an assistant like a colleague.")
    other.get_by_role("button", name="Send my feedback").click()
    expect(other.get_by_test_id("own-feedback")).to_contain_text("5 out of 5")
    assert NOTE not in other.content()
    other.goto("/privacy/my-data/")
    with other.expect_download() as download:
        other.get_by_role("link", name="Download my data").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        assert NOTE not in exported.read()
    context.close()

    # HR sees that it was held and how long; neither the takeaway nor the journal.
    hr = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(hr, hr_admin.email)
    hr.goto(f"/sessions/pair/{pair.code}/")
    expect(hr.get_by_test_id("held")).to_have_text("1")
    expect(hr.get_by_test_id("minutes")).to_contain_text("75 minutes")
    for path in (f"/sessions/pair/{pair.code}/", f"/sessions/{held.code}/", "/evaluation/"):
        hr.goto(path)
        assert NOTE not in hr.content() and TAKEAWAY not in hr.content()
    hr.context.close()

    # The executive: the dashboards, never a word of it.
    boss = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(boss, executive.email)
    for path in ("/", "/evaluation/", f"/sessions/pair/{pair.code}/", f"/sessions/{held.code}/"):
        boss.goto(path)
        assert NOTE not in boss.content() and TAKEAWAY not in boss.content()
    boss.context.close()

    # The Django admin: the session's page and lists show its schedule only.
    root = make_person(email="root@example.com", is_staff=True, is_superuser=True)
    admin = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(admin, root.email)
    for path in (
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{held.pk}/change/",
        "/admin/meetings/meeting/?q=reorganisation",
    ):
        admin.goto(path)
        expect(admin.get_by_role("heading", level=1)).to_be_visible()
        assert NOTE not in admin.content() and TAKEAWAY not in admin.content()
    admin.context.close()

    held.refresh_from_db()
    assert (held.status, held.duration_minutes, held.mode) == ("held", 75, "on_site")
    assert JournalEntry.objects.get(meeting=held).author == mentor
    assert Feedback.objects.get(meeting=held).author == mentee
    assert Meeting.objects.count() == 2


def test_the_other_feedback_appears_once_both_have_given_theirs(page, pair, mentor, mentee):
    meeting = make_held_meeting(pair, feedback_by=(mentee,))

    sign_in(page, mentor.email)
    page.goto(f"/sessions/{meeting.code}/")
    expect(page.get_by_test_id("other-feedback")).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text("Marc Senior learned something")
    page.get_by_role("link", name="Give feedback").click()
    page.get_by_label("4").check()
    page.get_by_role("button", name="Send my feedback").click()

    expect(page.get_by_test_id("other-feedback")).to_contain_text("Marc Senior learned something")
