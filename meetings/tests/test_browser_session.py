"""Issue 6, done when: a mentor logs a session with a private note and a mentee gives
feedback; HR then sees that the session was held, and nothing of what was said."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.testing import sign_in
from meetings.models import Feedback, Meeting, PrivateNote
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from programmes.testing import ensure_seeded_topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Marc worries about his team's adoption; bring two examples next time."


@pytest.fixture
def pair(hr_admin, executive, mentor, mentee):
    ensure_seeded_topics()  # an earlier transactional test may have flushed them
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    return make_pair(programme=programme, mentor=mentor, mentee=mentee)


def test_a_mentor_logs_a_session_with_a_private_note_and_the_mentee_gives_feedback(
    page, browser, live_server, pair, mentor, mentee, hr_admin
):
    held = make_meeting(pair, starts_at=timezone.now() - timedelta(days=2))
    make_meeting(pair, starts_at=timezone.now() + timedelta(days=20))

    # The mentor finds the session to log from the navigation.
    sign_in(page, mentor.email)
    page.get_by_role("link", name="My sessions").click()
    page.get_by_test_id("my-session-pairs").get_by_role("link", name="Open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pair: Marc Senior")
    expect(page.get_by_test_id("coming").get_by_role("listitem")).to_have_count(1)
    page.get_by_test_id("to-log").get_by_role("link", name="Log it").click()

    page.get_by_label("Duration (minutes)").fill("75")
    page.get_by_label("How you meet").select_option("on_site")
    page.get_by_label("Generative AI").check()
    page.get_by_label("Shared takeaways").fill("A prompt is a brief: role, context, format.")
    page.get_by_label("Next steps").fill("Marc drafts his memo with the assistant.")
    page.get_by_label("Private note").fill(NOTE)
    page.get_by_role("button", name="Save the log").click()

    expect(page.get_by_role("status").first).to_contain_text("The session is logged")
    expect(page.get_by_test_id("private-notes")).to_contain_text(NOTE)
    expect(page.get_by_test_id("log")).to_contain_text("A prompt is a brief")

    # The mentee gives feedback, and reads the mentor's note.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    sign_in(other, mentee.email)
    other.goto(f"/sessions/pair/{pair.code}/")
    past = other.get_by_test_id("past")
    expect(past).to_contain_text("Your feedback is awaited")
    past.get_by_role("link", name="Give feedback").click()
    other.get_by_label("5").check()
    other.get_by_label("What did you learn?").fill("How to brief an assistant like a colleague.")
    other.get_by_label("What did you teach?").fill("How the budget committee decides.")
    other.get_by_role("button", name="Send my feedback").click()

    expect(other.get_by_role("status").first).to_contain_text("Thank you for your feedback")
    expect(other.get_by_test_id("own-feedback")).to_contain_text("5 out of 5")
    expect(other.get_by_test_id("waiting-feedback")).to_contain_text("Zoé Junior")
    expect(other.get_by_test_id("private-notes")).to_contain_text(NOTE)
    context.close()

    # HR sees that it was held, and how long, nothing of what was said.
    hr = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(hr, hr_admin.email)
    hr.goto(f"/sessions/pair/{pair.code}/")
    expect(hr.get_by_test_id("held")).to_have_text("1")
    expect(hr.get_by_test_id("minutes")).to_contain_text("75 minutes")
    assert NOTE not in hr.content() and "brief an assistant" not in hr.content()
    hr.context.close()

    held.refresh_from_db()
    assert (held.status, held.duration_minutes, held.mode) == ("held", 75, "on_site")
    assert PrivateNote.objects.get(meeting=held).text == NOTE
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
