"""In the browser: a person turns a reminder off from their profile; HR sends a failed
reminder again."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.testing import sign_in
from reminders.models import Reminder, ReminderPreferences

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_turns_off_the_nudges_from_their_profile(page, mentor):
    sign_in(page, mentor.email)
    page.goto("/people/me/")
    page.get_by_role("link", name="My reminders").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My reminders")
    page.get_by_label("Log your session").uncheck()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("Your reminder settings have been saved.")
    expect(page.get_by_label("Log your session")).not_to_be_checked()
    expect(page.get_by_label("Sessions coming up")).to_be_checked()
    preferences = ReminderPreferences.objects.get(person=mentor)
    assert (preferences.log_nudge, preferences.upcoming_session) == (False, True)


def test_hr_sends_a_failed_reminder_again(page, hr_admin, mentor):
    reminder = Reminder.objects.create(
        kind=Reminder.Kind.FEEDBACK_REQUEST,
        recipient=mentor,
        due_at=timezone.now(),
        dedupe_key="browser-test",
        status=Reminder.Status.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 5.1.1 No such user",
    )
    sign_in(page, hr_admin.email)
    page.get_by_role("link", name="Reminders").click()

    failed = page.locator("#failed-reminders")
    expect(failed).to_contain_text(mentor.email)
    expect(failed).to_contain_text("No such user")
    failed.get_by_role("button", name="Send again").click()

    expect(page.get_by_role("status").first).to_contain_text("will be sent again")
    expect(page.get_by_text("Every reminder due so far has been sent.")).to_be_visible()
    expect(page.locator("#failed-reminders")).to_have_count(0)
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.PENDING
