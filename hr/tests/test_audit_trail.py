"""Every kind of decision lands in the one audit trail, with who took it."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Entry
from audit.tests.test_recorded_decisions import take_every_programme_decision
from meetings.testing import make_pair
from pairing.models import Pair
from people.testing import make_person
from privacy.services import erase_person
from programmes import services as programmes

pytestmark = pytest.mark.django_db


def test_every_kind_of_decision_is_in_the_trail_with_its_actor(
    client, hr_admin, executive, mentor, mentee
):
    programme = take_every_programme_decision(hr_admin, executive, mentor, mentee)
    programmes.duplicate_programme(source=programme, by=hr_admin)
    client.force_login(hr_admin)
    person = make_person(name="Jeanne Martin", grade=9)
    client.post(reverse("hr:role", args=[person.code, "executive", "grant"]), {"confirm": "on"})
    client.post(reverse("hr:role", args=[person.code, "executive", "revoke"]), {"confirm": "on"})
    client.post(
        reverse("hr:edit_person", args=[person.code]),
        {"email": person.email, "name": person.name, "grade": "10", "preferred_language": "fr"},
    )
    client.post(reverse("hr:deactivate", args=[person.code]), {"confirm": "on"})
    client.post(reverse("hr:reactivate", args=[person.code]), {"confirm": "on"})
    client.get(reverse("hr:audit_csv"))
    erase_person(person=make_person(name="Partie Partante"), by=hr_admin)
    quiet = make_pair(
        programme=programme, mentor=make_person(grade=2), mentee=make_person(grade=14)
    )
    Pair.objects.filter(pk=quiet.pk).update(published_at=timezone.now() - timedelta(days=60))
    client.post(
        reverse("hr:nudge_pair", args=[quiet.code]),
        {"batch": str(uuid.uuid4()), "confirm": "on", "send": "fresh"},
    )

    found = set(Entry.objects.filter(actor=hr_admin).values_list("kind", flat=True))
    assert found == set(Entry.Kind.values)
    about = Entry.objects.filter(person=person).values_list("kind", flat=True)
    assert set(about) == {
        Entry.Kind.ROLE_GRANTED,
        Entry.Kind.ROLE_REVOKED,
        Entry.Kind.PERSON_EDITED,
        Entry.Kind.PERSON_DEACTIVATED,
        Entry.Kind.PERSON_REACTIVATED,
    }


def test_hr_filters_the_trail_and_downloads_it_as_csv(client, hr_admin, executive, mentor, mentee):
    programme = take_every_programme_decision(hr_admin, executive, mentor, mentee)
    client.force_login(hr_admin)
    page = client.get(
        reverse("hr:audit"), {"programme": str(programme.code), "kind": Entry.Kind.PAIR_ENDED}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 entry" in html
    assert "Another reason" in html
    assert "SECRET" not in html

    by_person = client.get(reverse("hr:audit"), {"person": mentee.email})
    assert by_person.context["page"].paginator.count >= 1

    response = client.get(reverse("hr:audit_csv"), {"kind": Entry.Kind.PAIRS_PUBLISHED})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["When", "Kind", "By"]
    assert [row[1] for row in rows[1:]] == ["Pairs published"]
    assert rows[1][2] == hr_admin.email
    assert "2 pairs; 4 emails" in rows[1][6]
    # Downloading the trail is itself in the trail.
    assert Entry.objects.filter(kind=Entry.Kind.EXPORT_DOWNLOADED, actor=hr_admin).exists()


def test_a_bad_filter_is_a_message_not_an_error(client, hr_admin):
    client.force_login(hr_admin)
    response = client.get(
        reverse("hr:audit"), {"person": "nobody@example.com", "start": "2026-02-31"}
    )
    assert response.status_code == 200
    assert "Nobody in Tandem has this address." in response.content.decode()


def test_only_hr_reads_the_trail(client, executive):
    client.force_login(executive)
    assert client.get(reverse("hr:audit")).status_code == 404
    assert client.get(reverse("hr:audit_csv")).status_code == 404
