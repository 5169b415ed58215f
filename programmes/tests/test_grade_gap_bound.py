"""The grade gap is bounded by the grade scale: a gap nobody can meet is refused, in the
reader's language, next to its field."""

import pytest
from django.urls import reverse
from django.utils import translation

from programmes.models import Programme

from .forms_data import programme_form_data
from .test_programme_forms import field_error

pytestmark = pytest.mark.django_db
CREATE_URL = reverse("programmes:create", args=["blank"])


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Grades run from 1 to 20, so the gap can be at most 19."),
        ("fr", "Les grades vont de 1 à 20\u00a0: l’écart ne peut pas dépasser 19."),
    ],
)
def test_a_gap_larger_than_the_scale_is_refused_in_both_languages(
    client, hr_admin, executive, language, message
):
    hr_admin.preferred_language = language
    hr_admin.save()
    client.force_login(hr_admin)
    response = client.post(CREATE_URL, programme_form_data(sponsor=executive, min_grade_gap="25"))
    assert response.status_code == 200
    assert message in field_error(response, "min_grade_gap")
    assert not Programme.objects.exists()
    translation.activate("en")


def test_the_largest_gap_the_scale_allows_is_accepted(client, hr_admin, executive):
    client.force_login(hr_admin)
    client.post(CREATE_URL, programme_form_data(sponsor=executive, min_grade_gap="19"))
    assert Programme.objects.get().min_grade_gap == 19
