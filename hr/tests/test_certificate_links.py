"""The certificates register is reached from the programme page and the survey set-up."""

import pytest
from django.urls import reverse

from meetings.testing import make_running_programme

pytestmark = pytest.mark.django_db


def test_hr_reaches_the_certificates_register_from_the_programme_and_its_setup(
    client, hr_admin, executive
):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    register = reverse("hr:certificates", args=[programme.code])
    client.force_login(hr_admin)
    for page in ("programmes:detail", "evaluation:setup"):
        html = client.get(reverse(page, args=[programme.code])).text
        assert f'href="{register}"' in html, page
    assert client.get(register).status_code == 200


def test_others_see_no_link_to_the_register(client, hr_admin, executive, mentor):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    register = reverse("hr:certificates", args=[programme.code])
    for person in (mentor, executive):
        client.force_login(person)
        response = client.get(reverse("programmes:detail", args=[programme.code]))
        assert response.status_code == 200
        assert register not in response.text
        assert client.get(reverse("evaluation:setup", args=[programme.code])).status_code == 404
        assert client.get(register).status_code == 404
