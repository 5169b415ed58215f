"""A testimonial's translation is its author's personal data (issue 12): in the register, in
the author's download, and gone when the author is erased."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import models as evaluation
from evaluation.testing import answer
from privacy import register, services

from .conftest import Scene

pytestmark = pytest.mark.django_db

TRANSLATION = "CANARY-TRANSLATION: j'utilise un assistant chaque semaine."


@pytest.fixture
def translated(scene: Scene) -> evaluation.Testimonial:
    response = answer(scene.pair.mentee, "final", {})
    now = timezone.now()
    return evaluation.Testimonial.objects.create(
        response=response,
        text="CANARY-WORDS: I use an assistant every week.",
        language="en",
        consented_at=now,
        translation_consented_at=now,
        translation=TRANSLATION,
        status=evaluation.Testimonial.Status.APPROVED,
        decided_at=now,
    )


def test_the_register_lists_the_language_the_consent_and_the_translation_as_the_authors():
    fields = register.REGISTER["evaluation.Testimonial"].fields
    for name in ("language", "translation_consented_at", "translation"):
        assert fields[name].category == register.PERSONAL
        assert fields[name].on_erasure == "deleted"


def test_the_authors_download_holds_the_translation_and_both_consents(
    client, mentee, mentor, translated
):
    client.force_login(mentee)
    body = b"".join(client.get(reverse("privacy:my_data_download")).streaming_content)
    data = json.loads(body)
    (final,) = [row for row in data["surveys"] if row["testimonial"]]
    testimonial = final["testimonial"]
    assert testimonial["translation"] == TRANSLATION
    assert testimonial["language"] == "en"
    assert testimonial["consented_at"] and testimonial["translation_consented_at"]
    client.force_login(mentor)
    other = b"".join(client.get(reverse("privacy:my_data_download")).streaming_content)
    assert b"CANARY-TRANSLATION" not in other


def test_erasing_the_author_erases_the_translation(hr_admin, mentee, translated):
    services.erase_person(person=mentee, by=hr_admin)
    assert not evaluation.Testimonial.objects.filter(pk=translated.pk).exists()
    assert not evaluation.Testimonial.objects.filter(translation__contains="CANARY").exists()
