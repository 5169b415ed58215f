import pytest
from django.urls import reverse

from audit.models import Entry
from people.models import User
from people.testing import make_person

pytestmark = pytest.mark.django_db


def _data(person: User, **changes: str) -> dict[str, str]:
    data = {
        "email": person.email,
        "name": person.name,
        "department": person.department.name if person.department else "",
        "job_title": person.job_title,
        "grade": str(person.grade or ""),
        "manager_email": person.manager.email if person.manager else "",
        "hired_on": "",
        "birth_year": "",
        "site": person.site,
        "country": "",
        "languages": "",
        "preferred_language": person.preferred_language,
    }
    return data | changes


def test_hr_edits_a_directory_entry_and_the_trail_names_the_fields(client, hr_admin, mentee):
    client.force_login(hr_admin)
    response = client.post(
        reverse("hr:edit_person", args=[mentee.code]),
        _data(mentee, name="Marc Senior-Dupont", grade="16", languages="fr;en", country="fr"),
    )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert (mentee.name, mentee.grade, mentee.languages, mentee.country.code) == (
        "Marc Senior-Dupont",
        16,
        ["fr", "en"],
        "FR",
    )
    entry = Entry.objects.get(kind=Entry.Kind.PERSON_EDITED)
    assert entry.actor == hr_admin and entry.person == mentee
    assert entry.changes["grade"] == [15, 16]
    assert "name" in entry.details["fields"]
    # The trail holds no personal text: the new name is read through the link.
    assert "Marc Senior-Dupont" not in str(entry.changes) + str(entry.details)


def test_the_page_refuses_what_the_import_refuses_with_its_words(client, hr_admin, mentee):
    client.force_login(hr_admin)
    response = client.post(
        reverse("hr:edit_person", args=[mentee.code]),
        _data(mentee, grade="25", country="France", email="not-an-address"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The grade must be a whole number from 1 to 20, not “25”." in text
    assert "“France” is not a country code." in text
    assert "“not-an-address” is not an email address." in text
    mentee.refresh_from_db()
    assert mentee.grade == 15
    assert not Entry.objects.exists()


def test_a_manager_who_reports_to_the_person_is_refused(client, hr_admin, mentee):
    report = make_person(name="Rapport Direct", manager=mentee)
    further = make_person(name="Rapport Indirect", manager=report)
    client.force_login(hr_admin)
    response = client.post(
        reverse("hr:edit_person", args=[mentee.code]), _data(mentee, manager_email=further.email)
    )
    assert response.status_code == 400
    assert "would go round in a circle" in response.content.decode()


def test_an_address_someone_else_has_is_refused(client, hr_admin, mentee, mentor):
    client.force_login(hr_admin)
    response = client.post(
        reverse("hr:edit_person", args=[mentee.code]), _data(mentee, email=mentor.email.upper())
    )
    assert response.status_code == 400
    assert "Someone else in Tandem already has this address." in response.content.decode()


def test_a_new_address_becomes_the_sign_in_address(client, hr_admin, mentee):
    client.force_login(hr_admin)
    client.post(
        reverse("hr:edit_person", args=[mentee.code]), _data(mentee, email="marc.new@example.com")
    )
    mentee.refresh_from_db()
    assert mentee.email == "marc.new@example.com"
    assert list(mentee.emailaddress_set.values_list("email", flat=True)) == ["marc.new@example.com"]
