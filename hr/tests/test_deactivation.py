import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from audit.models import Entry
from meetings.testing import make_pair, make_running_programme
from pairing.models import Pair
from pairing.testing import Role, approve
from people.testing import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(hr_admin, executive):
    return make_running_programme(hr_admin=hr_admin, executive=executive)


def test_the_confirmation_lists_the_active_pairs(client, hr_admin, programme, mentor, mentee):
    make_pair(programme=programme, mentor=mentor, mentee=mentee)
    client.force_login(hr_admin)
    page = client.get(reverse("hr:deactivate", args=[mentor.code])).content.decode()
    assert "1 active pair: tick it to end it." in page
    assert "Digital acculturation: Zoé Junior → Marc Senior" in page


def test_deactivating_a_mentor_ends_the_pair_and_re_pairs_the_mentee(
    client, hr_admin, programme, mentor, mentee
):
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    spare = make_person(name="Sami Relais", grade=4)
    approve(programme, spare, Role.MENTOR, {"generative-ai": 4}, capacity=2)
    mentor_client = client.__class__()
    mentor_client.force_login(mentor)
    client.force_login(hr_admin)

    response = client.post(
        reverse("hr:deactivate", args=[mentor.code]),
        {"end_pairs": [str(pair.code)], "repair_partners": "on", "confirm": "on"},
    )

    assert response.status_code == 302
    mentor.refresh_from_db()
    pair.refresh_from_db()
    assert not mentor.is_active
    assert (pair.status, pair.end_reason, pair.ended_by) == (
        Pair.Status.ENDED,
        Pair.EndReason.LEFT,
        hr_admin,
    )
    proposal = Pair.objects.proposed().get(mentee_person=mentee)
    assert proposal.mentor_person == spare
    assert not any(
        session.get_decoded().get("_auth_user_id") == str(mentor.pk)
        for session in Session.objects.all()
    )
    kinds = list(Entry.objects.filter(actor=hr_admin).values_list("kind", flat=True))
    assert Entry.Kind.PAIR_ENDED in kinds
    assert Entry.Kind.PERSON_DEACTIVATED in kinds
    assert Entry.Kind.ROUND_RUN in kinds


def test_deactivation_needs_the_confirmation(client, hr_admin, mentor):
    client.force_login(hr_admin)
    response = client.post(reverse("hr:deactivate", args=[mentor.code]), {})
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.is_active


def test_hr_cannot_deactivate_itself_nor_the_last_hr_admin(client, hr_admin):
    client.force_login(hr_admin)
    page = client.get(reverse("hr:deactivate", args=[hr_admin.code])).content.decode()
    assert "You cannot deactivate your own account" in page
    other = make_person(name="Inès Autre", is_hr_admin=True)
    client.force_login(other)
    hr_admin.is_hr_admin = True
    other.is_hr_admin = False
    other.save()
    # `other` is no longer HR: a 404, whatever the target.
    assert client.get(reverse("hr:deactivate", args=[hr_admin.code])).status_code == 404


def test_reactivation_is_confirmed_and_audited(client, hr_admin, mentor):
    mentor.is_active = False
    mentor.save()
    client.force_login(hr_admin)
    client.post(reverse("hr:reactivate", args=[mentor.code]), {"confirm": "on"})
    mentor.refresh_from_db()
    assert mentor.is_active
    entry = Entry.objects.get(kind=Entry.Kind.PERSON_REACTIVATED)
    assert (entry.actor, entry.person) == (hr_admin, mentor)
