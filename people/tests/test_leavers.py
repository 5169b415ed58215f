"""Issue 18: a leaver found by a full directory import is handled like any other leaver
(people/leavers.py): the account closes at once, the sessions to come are cancelled."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.testing import make_meeting, make_pair, make_running_programme
from people import services
from people.models import DirectoryEvent

from .directory_files import csv_file, person

pytestmark = pytest.mark.django_db


def test_a_full_import_closes_the_leavers_account_and_cancels_their_sessions(
    client, hr_admin, executive, mentor, mentee
):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    coming = make_meeting(pair, starts_at=timezone.now() + timedelta(days=10))
    client.force_login(mentor)
    assert client.get(reverse("home")).status_code == 200

    everyone_but_the_mentor = [
        person(someone.email, name=someone.name) for someone in (hr_admin, executive, mentee)
    ]
    report = services.import_directory(
        data=csv_file(*everyone_but_the_mentor), send_invitations=False, by=hr_admin, full=True
    )

    assert report.ok and report.left == 1
    mentor.refresh_from_db()
    assert not mentor.is_active
    assert mentor.directory_events.get().kind == DirectoryEvent.Kind.LEFT
    assert mentor.left_on == timezone.localdate()
    coming.refresh_from_db()
    assert coming.status == Meeting.Status.CANCELLED
    assert client.get(reverse("home")).status_code == 302  # their open session ended


def test_a_partial_import_closes_nobody(hr_admin, mentor, mentee):
    report = services.import_directory(
        data=csv_file(person(mentee.email, name=mentee.name)), send_invitations=False, by=hr_admin
    )
    assert report.ok and report.left == 0
    mentor.refresh_from_db()
    assert mentor.is_active
