"""Input HR types by mistake is answered next to the field, never with a server error."""

import pytest

from programmes.models import Programme

from .forms_data import programme_form_data
from .test_programme_forms import CREATE_URL, field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, hr_admin):
    client.force_login(hr_admin)
    return client


@pytest.mark.parametrize("target", ["0", "101", "-1"])
def test_an_objective_target_outside_1_to_100_is_refused_with_a_message(
    hr_client, executive, target
):
    objective = {"sentence": "Mentees post on LinkedIn.", "topics": [], "target_percent": target}
    data = programme_form_data(sponsor=executive, objectives=[objective])

    response = hr_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert "A target is a percentage from 1 to 100." in response.content.decode()
    assert not Programme.objects.exists()


@pytest.mark.parametrize("target", ["0", "101"])
def test_the_target_message_reads_in_french_too(hr_client, hr_admin, executive, target):
    hr_admin.preferred_language = "fr"
    hr_admin.save(update_fields=["preferred_language"])
    objective = {"sentence": "Mentees post on LinkedIn.", "topics": [], "target_percent": target}

    response = hr_client.post(
        CREATE_URL, programme_form_data(sponsor=executive, objectives=[objective])
    )

    assert response.status_code == 200
    assert "Une cible est un pourcentage de 1 à 100." in response.content.decode()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2999-01-01", "1899-12-31"])
def test_a_start_date_no_one_means_is_refused_next_to_the_field(hr_client, executive, day):
    response = hr_client.post(CREATE_URL, programme_form_data(sponsor=executive, start_on=day))

    assert response.status_code == 200
    assert "Enter a date between" in field_error(response, "start_on")
    assert not Programme.objects.exists()


def test_the_schedule_preview_of_a_start_in_year_9999_is_no_server_error(hr_client, executive):
    data = programme_form_data(sponsor=executive, start_on="9999-12-31", preview="1")

    response = hr_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert response.context["preview"] is None
    assert not Programme.objects.exists()
