"""Issue 12, item 4, in the reminders: HR's page of failed reminders and the emails say
when in words, in the reader's language and time zone (“lundi 15 mars”, never
"2027-W11" or "Europe/Paris")."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from common.testing import NBSP
from meetings.models import Meeting
from people.models import User
from reminders import planning

from .test_hr_reminders import MONDAY_8_PARIS
from .test_pages import failed_reminder
from .test_session_reminders import IN_FIVE_DAYS

pytestmark = pytest.mark.django_db

EXPECTED = {
    "en": {
        "due": '<td class="small">10 March 2027 at 10:00</td>',
        "digest": "Tandem: your programmes over the week from 8 March 2027",
        "active": "1 active pair",
        "nudge": "Your session with Marc Senior was planned for Monday 15 March.",
    },
    "fr": {
        "due": '<td class="small">10 mars 2027 à 10:00</td>',
        "digest": f"Tandem{NBSP}: vos programmes de la semaine du 8 mars 2027",
        "active": "1 binôme actif",
        "nudge": "Votre séance avec Marc Senior était prévue le lundi 15 mars.",
    },
}


def set_language(person: User, language: str) -> None:
    User.objects.filter(pk=person.pk).update(preferred_language=language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_hr_reads_when_a_failed_reminder_was_due_in_words(
    client, clock, programme, hr_admin, language
):
    set_language(hr_admin, language)
    failed_reminder(hr_admin, programme)  # due at 09:00 UTC, 10:00 in HR's Paris
    client.force_login(hr_admin)

    page = re.sub(r"[ \t\n]+", " ", unescape(client.get(reverse("reminders:hr")).content.decode()))

    assert EXPECTED[language]["due"] in page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_digest_names_its_week_in_words_and_counts_in_the_readers_language(
    clock, programme, pair, hr_admin, sweep, language
):
    set_language(hr_admin, language)
    sweep()  # this week's digest, already due on Wednesday
    clock.move_to(MONDAY_8_PARIS)

    [digest] = [m for m in sweep() if m.to == [hr_admin.email]]

    assert digest.subject == EXPECTED[language]["digest"]
    assert "W11" not in digest.subject
    assert EXPECTED[language]["active"] in digest.body


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_nudge_to_log_says_the_sessions_day_in_words(clock, pair, mentor, sweep, language):
    set_language(mentor, language)
    meeting = Meeting.objects.create(
        pair=pair, origin=Meeting.Origin.SCHEDULE, starts_at=IN_FIVE_DAYS, duration_minutes=60
    )
    planning.meeting_changed(meeting)
    clock.move_to(IN_FIVE_DAYS + timedelta(days=1, hours=1))

    [nudge] = [
        m
        for m in sweep()
        if m.to == [mentor.email] and m.extra_headers["X-Tandem-Reminder"] == "log_nudge"
    ]

    assert EXPECTED[language]["nudge"] in nudge.body
    assert EXPECTED[language]["nudge"] in unescape(nudge.alternatives[0][0])
