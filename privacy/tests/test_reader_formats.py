"""Issue 12, item 4, on HR's register of erasures: when each erasure happened, in words, in
HR's language and time zone (never Django's "Dec. 6, 2026, 3:04 p.m.")."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from people.models import User
from people.testing import make_person
from privacy.services import erase_person

pytestmark = pytest.mark.django_db

ERASED_AT = datetime(2027, 3, 1, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "zone", "shown"),
    [
        ("en", "Europe/Paris", "<td>1 March 2027 at 15:30</td>"),
        ("fr", "Europe/Paris", "<td>1er mars 2027 à 15:30</td>"),
        ("en", "America/Toronto", "<td>1 March 2027 at 09:30</td>"),
    ],
)
def test_hr_reads_when_data_was_erased_in_words_in_their_zone(
    client, hr_admin, language, zone, shown
):
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language, time_zone=zone)
    leaver = make_person(email="leaver@example.com", name="Paul Parti")
    with time_machine.travel(ERASED_AT, tick=False):
        erase_person(person=leaver, by=hr_admin)
    client.force_login(hr_admin)

    page = client.get(reverse("privacy:erasures")).content.decode()

    assert shown in page
