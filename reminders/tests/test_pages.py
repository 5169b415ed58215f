"""The person's reminder settings, HR's reminders page, and the command."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from meetings import services as meetings
from people.testing import make_person
from reminders.models import ProgrammeReminderSettings, Reminder, ReminderPreferences

from .conftest import NOW

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status
SOON = NOW.replace(hour=10) + timedelta(days=1)


def plan_soon(pair):
    return meetings.add_meeting(
        pair=pair, by=pair.mentor_person, starts_at=SOON, duration_minutes=60
    )


def failed_reminder(person, programme, error: str = "SMTPDataError: (554, b'Rejected')"):
    return Reminder.objects.create(
        kind=Kind.WEEKLY_DIGEST,
        recipient=person,
        programme=programme,
        due_at=NOW,
        dedupe_key=f"test:{person.pk}:{error}",
        status=Status.FAILED,
        attempts=5,
        last_error=error,
    )


def test_the_profile_page_links_to_the_reminder_settings(client, mentor):
    client.force_login(mentor)

    response = client.get(reverse("people:profile"))

    assert reverse("reminders:preferences") in response.content.decode()


def test_a_person_turns_off_the_reminders_meant_for_them(client, clock, pair, mentor, mentee):
    client.force_login(mentor)
    page = client.get(reverse("reminders:preferences"))
    assert page.status_code == 200
    assert "Sessions coming up" in page.content.decode()
    assert "Weekly digest" not in page.content.decode()  # HR's: not theirs to turn off

    response = client.post(
        reverse("reminders:preferences"), {"log_nudge": "on", "feedback_request": "on"}
    )

    assert response.status_code == 302
    preferences = ReminderPreferences.objects.get(person=mentor)
    assert (preferences.upcoming_session, preferences.log_nudge) == (False, True)
    pair.programme.managers.clear()
    plan_soon(pair)
    call_command("send_due_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [message.to for message in mail.outbox] == [[mentee.email]]
    assert Reminder.objects.get(recipient=mentor, kind=Kind.UPCOMING_SESSION).status == (
        Status.CANCELLED
    )


def test_a_cancellation_by_the_partner_is_told_even_with_invitations_turned_off(
    clock, pair, mentor, mentee
):
    from reminders import sweeping as services

    pair.programme.managers.clear()
    meeting = plan_soon(pair)
    services.sweep()
    ReminderPreferences.objects.create(person=mentor, upcoming_session=False)

    meetings.cancel_meeting(meeting=meeting, by=mentee, reason="Ill")
    services.sweep()

    # A change is always told: the page that cancels promises it.
    cancellations = [
        m for m in mail.outbox if m.extra_headers["X-Tandem-Reminder"] == "session_cancelled"
    ]
    assert sorted(message.to[0] for message in cancellations) == sorted(
        [mentor.email, mentee.email]
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("hr_admin", 200), ("executive", 404), ("mentor", 404), ("outsider", 404)],
)
def test_only_hr_admins_see_the_reminders_page(client, request, programme, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("reminders:hr")).status_code == status
    url = reverse("reminders:programme", args=[programme.code])
    assert client.get(url).status_code == status


def test_hr_sees_failed_reminders_and_sends_one_again(client, clock, programme, hr_admin, mentor):
    reminder = failed_reminder(mentor, programme)
    client.force_login(hr_admin)

    page = client.get(reverse("reminders:hr")).content.decode()

    assert "Reminders that could not be sent" in page
    assert mentor.email in page and "Rejected" in page and programme.name in page
    response = client.post(reverse("reminders:retry", args=[reminder.code]))
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.PENDING, 0)


def test_nobody_else_can_send_a_failed_reminder_again(client, programme, mentor):
    reminder = failed_reminder(mentor, programme)
    client.force_login(mentor)

    assert client.post(reverse("reminders:retry", args=[reminder.code])).status_code == 404
    reminder.refresh_from_db()
    assert reminder.status == Status.FAILED


def test_the_reminders_page_reads_in_a_few_queries(
    client, programme, hr_admin, django_assert_max_num_queries
):
    people = [make_person() for _ in range(20)]
    for person in people:
        failed_reminder(person, programme)
    client.force_login(hr_admin)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("reminders:hr"))

    assert response.content.decode().count("Send again") == 20


def test_hr_sets_how_many_days_before_sessions_are_reminded(client, programme, hr_admin):
    client.force_login(hr_admin)
    url = reverse("reminders:programme", args=[programme.code])

    assert client.post(url, {"days_before": "30"}).status_code == 200  # at most 14
    response = client.post(url, {"days_before": "5"})

    assert response.status_code == 302
    assert ProgrammeReminderSettings.objects.get(programme=programme).days_before == 5
    assert "5" in client.get(reverse("reminders:hr")).content.decode()


def test_the_command_runs_one_sweep_without_celery(clock, pair, capsys):
    plan_soon(pair)

    call_command("send_due_reminders")

    out = capsys.readouterr().out
    assert "sent" in out
    assert len(mail.outbox) == 3  # the two members, and HR's weekly digest
