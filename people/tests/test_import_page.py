"""The directory import page: HR admins only, all or nothing, every bad line shown."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import forms
from people.importing import COLUMNS
from people.models import User

from .directory_files import csv_file, person

IMPORT_URL = reverse("people:import")
EXAMPLE_URL = reverse("people:import-example")


def upload(data: bytes, name: str = "directory.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize("persona", ["executive", "mentor", "mentee", "outsider"])
@pytest.mark.parametrize("url", [IMPORT_URL, EXAMPLE_URL])
def test_the_import_pages_do_not_exist_for_anyone_but_hr_admins(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url).status_code == 404
    assert client.post(url, {"file": upload(csv_file(person("x@example.com")))}).status_code == 404
    assert not User.objects.filter(email="x@example.com").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_page_explains_the_columns_and_offers_an_example(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    content = response.content.decode()
    for column in COLUMNS:
        assert f"<code>{column}</code>" in content
    assert EXAMPLE_URL in content
    assert 'enctype="multipart/form-data"' in content


def test_the_example_file_downloads_as_csv(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(EXAMPLE_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)


def test_a_good_file_is_imported_and_hr_lands_on_the_directory_with_the_counts(
    client, hr_admin, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)
    data = csv_file(
        person("ana@example.com", name="Ana Lima"),
        person("hr@example.com", name="Hélène Ressources", job_title="HR lead"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            IMPORT_URL, {"file": upload(data), "send_invitations": "on"}, follow=True
        )

    assert response.redirect_chain == [(reverse("people:directory"), 302)]
    content = response.content.decode()
    assert "1 added, 1 updated, 0 unchanged" in content
    assert "Ana Lima" in content
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]


def test_hr_may_import_without_sending_invitations(
    client, hr_admin, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMPORT_URL, {"file": upload(csv_file(person("ana@example.com")))})

    assert User.objects.filter(email="ana@example.com").exists()
    assert mail.outbox == []


def test_a_bad_file_shows_every_bad_line_and_imports_nothing(client, hr_admin):
    client.force_login(hr_admin)
    data = csv_file(
        person("ana@example.com"),
        person("bob@example.com", grade="99"),
        person("cat@example.com", manager_email="ghost@example.com"),
        person("ana@example.com"),
    )

    response = client.post(IMPORT_URL, {"file": upload(data)})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported" in content
    rows = [(problem.line, problem.column) for problem in response.context["report"].problems]
    assert rows == [(3, "grade"), (4, "manager_email"), (5, "email")]
    assert 'id="import-problems-table"' in content
    assert "ghost@example.com" in content
    assert User.objects.count() == 1  # the HR admin alone


def test_a_file_with_semicolons_explains_how_to_save_it_with_commas(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        IMPORT_URL, {"file": upload(csv_file(person("a@example.com"), delimiter=";"))}
    )

    assert "Nothing was imported" in response.content.decode()
    assert "semicolons" in response.content.decode()


def test_the_form_asks_for_a_file(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(IMPORT_URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["report"] is None


def test_a_file_too_large_is_refused_before_reading_it(client, hr_admin, monkeypatch):
    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 10)
    client.force_login(hr_admin)

    response = client.post(IMPORT_URL, {"file": upload(csv_file(person("a@example.com")))})

    assert response.context["form"].errors["file"]
    assert not User.objects.filter(email="a@example.com").exists()
