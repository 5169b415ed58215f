import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import Entry
from people.models import User
from people.testing import make_person

pytestmark = pytest.mark.django_db


def _role_url(person: User, role: str, grant: str) -> str:
    return reverse("hr:role", args=[person.code, role, grant])


def test_hr_gives_the_executive_role_after_confirming_and_it_is_audited(client, hr_admin, mentee):
    client.force_login(hr_admin)
    page = client.get(_role_url(mentee, "executive", "grant"))
    assert page.status_code == 200
    assert "Make Marc Senior executive?" in page.content.decode()

    unconfirmed = client.post(_role_url(mentee, "executive", "grant"), {})
    assert unconfirmed.status_code == 400
    mentee.refresh_from_db()
    assert not mentee.is_executive

    done = client.post(_role_url(mentee, "executive", "grant"), {"confirm": "on"})
    assert done.status_code == 302
    mentee.refresh_from_db()
    assert mentee.is_executive
    entry = Entry.objects.get(kind=Entry.Kind.ROLE_GRANTED)
    assert (entry.actor, entry.person) == (hr_admin, mentee)
    assert entry.changes == {"is_executive": [False, True]}


def test_hr_takes_the_hr_role_from_another_admin(client, hr_admin):
    other = make_person(name="Inès Autre", is_hr_admin=True)
    client.force_login(hr_admin)
    client.post(_role_url(other, "hr_admin", "revoke"), {"confirm": "on"})
    other.refresh_from_db()
    assert not other.is_hr_admin
    entry = Entry.objects.get(kind=Entry.Kind.ROLE_REVOKED)
    assert (entry.actor, entry.person, entry.details) == (hr_admin, other, {"role": "hr_admin"})


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Hélène Ressources is the last HR admin"),
        ("fr", "Hélène Ressources est la dernière personne administratrice RH"),
    ],
)
def test_the_last_hr_admin_keeps_the_role(client, hr_admin, language, message):
    hr_admin.preferred_language = language
    hr_admin.save()
    client.force_login(hr_admin)
    response = client.post(_role_url(hr_admin, "hr_admin", "revoke"), {"confirm": "on"})
    assert response.status_code == 400
    assert message in response.content.decode()
    hr_admin.refresh_from_db()
    assert hr_admin.is_hr_admin
    assert not Entry.objects.exists()
    translation.activate("en")


def test_nobody_but_hr_reaches_the_role_pages(client, executive, mentee):
    client.force_login(executive)
    assert client.get(_role_url(mentee, "executive", "grant")).status_code == 404
    assert client.post(_role_url(mentee, "hr_admin", "grant"), {"confirm": "on"}).status_code == 404
    mentee.refresh_from_db()
    assert not mentee.is_hr_admin


def test_an_unknown_role_is_a_404(client, hr_admin, mentee):
    client.force_login(hr_admin)
    assert client.get(_role_url(mentee, "superuser", "grant")).status_code == 404
