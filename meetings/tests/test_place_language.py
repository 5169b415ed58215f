"""A session's place kept from its programme is read in each reader's language (pages,
calendar invitations, reminder emails); a place a member typed stays as typed."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from meetings import ics, services
from meetings.models import Meeting
from meetings.planning import plan_meetings_for_pairs
from meetings.testing import make_meeting
from reminders import emails
from reminders.models import Reminder

pytestmark = pytest.mark.django_db

EN, FR = "Lyon and Teams", "Lyon et Teams"


@pytest.fixture
def bilingual_place(programme):
    programme.place_en, programme.place_fr = EN, FR
    programme.save(update_fields=["place_en", "place_fr"])
    return programme


@pytest.fixture
def french_mentee(mentee):
    mentee.preferred_language = "fr"
    mentee.save(update_fields=["preferred_language"])
    return mentee


def test_planned_sessions_keep_the_programme_s_place_for_each_reader(
    client, bilingual_place, pair, mentor, french_mentee
):
    plan_meetings_for_pairs([pair])
    meetings = list(Meeting.objects.filter(pair=pair))
    assert meetings and {meeting.place for meeting in meetings} == {""}
    meeting = meetings[0]
    for person, language, place, other in ((french_mentee, "fr", FR, EN), (mentor, "en", EN, FR)):
        client.force_login(person)
        for url in (
            reverse("meetings:pair", args=[pair.code]),
            reverse("meetings:detail", args=[meeting.code]),
        ):
            html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            assert place in html and other not in html, (language, url)


def test_the_invitation_and_the_reminder_speak_the_recipient_s_language(
    bilingual_place, pair, mentor, french_mentee
):
    meeting = make_meeting(pair, place="")
    meeting = Meeting.objects.select_related("pair__programme").get(pk=meeting.pk)
    assert f"LOCATION:{FR}" in ics.invitation(meeting, recipient=french_mentee).decode()
    assert f"LOCATION:{EN}" in ics.invitation(meeting, recipient=mentor).decode()
    for person, place in ((french_mentee, FR), (mentor, EN)):
        reminder = Reminder(
            kind=Reminder.Kind.UPCOMING_SESSION,
            recipient=person,
            pair=pair,
            programme=pair.programme,
            meeting=meeting,
            due_at=timezone.now(),
        )
        message = emails.upcoming_session(reminder)
        assert place in message.body
        assert place in message.alternatives[0][0]
        (calendar,) = message.attachments
        assert f"LOCATION:{place}" in calendar.get_payload(decode=True).decode()


def test_a_place_a_member_types_stays_and_the_programme_s_is_stored_empty(
    bilingual_place, pair, french_mentee
):
    when = timezone.now() + timedelta(days=10)
    typed = services.add_meeting(
        pair=pair, by=french_mentee, starts_at=when, duration_minutes=60, place="Salle 4"
    )
    kept = services.add_meeting(
        pair=pair,
        by=french_mentee,
        starts_at=when + timedelta(days=1),
        duration_minutes=60,
        place=f" {FR} ",
    )
    assert (typed.place, kept.place) == ("Salle 4", "")
    services.reschedule_meeting(
        meeting=typed,
        by=french_mentee,
        starts_at=when + timedelta(days=2),
        duration_minutes=60,
        place=EN,
    )
    typed.refresh_from_db()
    assert typed.place == ""


def test_the_migration_empties_places_copied_from_the_programme_only(bilingual_place, pair):
    copied_en = make_meeting(pair, place=EN)
    copied_fr = make_meeting(pair, starts_at=timezone.now() + timedelta(days=9), place=FR)
    typed = make_meeting(pair, starts_at=timezone.now() + timedelta(days=12), place="Salle 4")
    migration = importlib.import_module("meetings.migrations.0004_place_of_the_programme")
    migration.programme_place_to_empty(apps, None)
    places = dict(Meeting.objects.values_list("pk", "place"))
    assert places == {copied_en.pk: "", copied_fr.pk: "", typed.pk: "Salle 4"}
