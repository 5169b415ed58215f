"""Control characters stop at the door (common/middleware.py), whatever the view or form."""

import pytest
from django.urls import reverse

from people.models import User

pytestmark = pytest.mark.django_db


def test_a_path_with_a_control_character_is_a_404_for_anyone(client, mentee):
    assert client.get("/people/%00/").status_code == 404
    client.force_login(mentee)
    assert client.get("/sessions/calendar/%01abc.ics").status_code == 404


def test_control_characters_are_removed_from_a_form_and_the_person_is_told(client, mentee):
    client.force_login(mentee)

    response = client.post(
        reverse("people:profile"),
        {"name": "Ma\x00rc\x1b \x7fDupont", "preferred_language": "en", "time_zone": "UTC"},
        follow=True,
    )

    mentee.refresh_from_db()
    assert mentee.name == "Marc Dupont"
    assert "invisible control characters" in response.content.decode()


def test_the_notice_is_in_the_persons_language(client, mentee):
    mentee.preferred_language = "fr"
    mentee.save(update_fields=["preferred_language"])
    client.force_login(mentee)

    response = client.post(
        reverse("people:profile"),
        {"name": "Marc\x00", "preferred_language": "fr", "time_zone": "UTC"},
        follow=True,
    )

    assert "caractères de contrôle invisibles" in response.content.decode()


def test_tabs_and_line_breaks_are_kept(client, mentee):
    client.force_login(mentee)

    client.post(
        reverse("people:profile"),
        {"name": "Marc\tDupont", "preferred_language": "en", "time_zone": "Europe/Paris"},
    )

    assert User.objects.get(pk=mentee.pk).name == "Marc\tDupont"


def test_allauths_sign_in_form_reads_a_nul_byte_as_nothing(client, mentee):
    response = client.post(
        reverse("account_login"), {"login": "\x00" + mentee.email, "password": "\x00wrong"}
    )

    assert response.status_code == 200


def test_a_session_cookie_with_a_nul_byte_is_ignored(client):
    client.cookies["sessionid"] = '"\\000\\000\\000\\000\\000\\000\\000\\000\\000"'

    response = client.get(reverse("account_login"))

    assert response.status_code == 200
