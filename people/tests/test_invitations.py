"""The invitation email sent to the people a directory import creates."""

import re

import pytest
from django.core import mail

from people import services, tasks
from people.models import User

from .directory_files import csv_file, person

pytestmark = pytest.mark.django_db


def import_file(data: bytes, *, send_invitations: bool = True):
    return services.import_directory(data=data, send_invitations=send_invitations, by=None)


def test_each_new_person_is_invited_on_commit_in_their_own_language(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://tandem.example.com"
    data = csv_file(
        person("amelie@example.com", name="Amélie Roux", preferred_language="fr"),
        person("oliver@example.com", name="Oliver Brown", preferred_language="en"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        import_file(data)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"amelie@example.com", "oliver@example.com"}
    for email, language, name in [
        ("amelie@example.com", "fr", "Amélie Roux"),
        ("oliver@example.com", "en", "Oliver Brown"),
    ]:
        message = by_recipient[email]
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert f'<html lang="{language}">' in html
        assert name in message.body and name in html
        assert "\n" not in message.subject
        assert "https://tandem.example.com/accounts/password/reset/key/" in message.body


def test_nothing_is_sent_before_the_import_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_file(csv_file(person("ana@example.com")))

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_the_link_in_the_invitation_lets_the_person_choose_a_password_and_sign_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(csv_file(person("ana@example.com", preferred_language="en")))
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(
        form_url, {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"}
    )

    assert response.status_code == 302
    ana = User.objects.get(email="ana@example.com")
    assert ana.check_password("a-long-new-passphrase")


def test_no_invitation_when_hr_asks_for_none(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(csv_file(person("ana@example.com")), send_invitations=False)

    assert mail.outbox == []


def test_only_people_the_file_adds_are_invited(django_capture_on_commit_callbacks):
    import_file(csv_file(person("ana@example.com")), send_invitations=False)

    with django_capture_on_commit_callbacks(execute=True):
        import_file(csv_file(person("ana@example.com", grade="9"), person("bob@example.com")))

    assert [message.to for message in mail.outbox] == [["bob@example.com"]]


def test_a_refused_file_invites_nobody(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_file(csv_file(person("ana@example.com"), person("bob@example.com", grade="0")))

    assert callbacks == []
    assert mail.outbox == []


def test_invitations_go_out_in_chunks_with_one_connection_each(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "INVITATIONS_PER_TASK", 2)
    chunks = []
    monkeypatch.setattr(tasks.send_invitations, "delay", lambda ids: chunks.append(ids))

    with django_capture_on_commit_callbacks(execute=True):
        import_file(csv_file(*[person(f"p{number}@example.com") for number in range(5)]))

    assert [len(chunk) for chunk in chunks] == [2, 2, 1]
    new_ids = set(User.objects.values_list("pk", flat=True))
    assert {pk for chunk in chunks for pk in chunk} == new_ids

    connections = []
    real_get_connection = mail.get_connection

    def counting_connection(*args, **kwargs):
        connections.append(1)
        return real_get_connection(*args, **kwargs)

    monkeypatch.setattr(mail, "get_connection", counting_connection)
    assert tasks.send_invitations(chunks[0]) == 2
    assert len(connections) == 1
    assert len(mail.outbox) == 2


def test_someone_who_already_chose_a_password_is_not_invited_again():
    import_file(
        csv_file(person("ana@example.com"), person("bob@example.com")), send_invitations=False
    )
    ana = User.objects.get(email="ana@example.com")
    ana.set_password("chosen-already-1234")
    ana.save()

    sent = tasks.send_invitations(list(User.objects.values_list("pk", flat=True)))

    assert sent == 1
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
