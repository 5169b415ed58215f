import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from programmes import services
from programmes.models import Programme, Topic
from programmes.testing import make_programme

from .forms_data import edit_form_data, programme_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, hr_admin):
    client.force_login(hr_admin)
    return client


def test_hr_adds_a_topic_named_in_both_languages(hr_client):
    response = hr_client.post(
        reverse("programmes:topic_create"),
        {"name_en": "No-code automation", "name_fr": "Automatisation sans code", "kind": "taught"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="no-code-automation")
    with translation.override("fr"):
        assert topic.name == "Automatisation sans code"


def test_a_topic_needs_a_name_in_at_least_one_language(hr_client):
    response = hr_client.post(
        reverse("programmes:topic_create"), {"name_en": " ", "name_fr": "", "kind": "taught"}
    )
    assert response.status_code == 200
    assert "Give the topic a name in English or in French." in response.content.decode()
    assert not Topic.objects.filter(slug="topic").exists()


def test_renaming_a_topic_keeps_its_slug(hr_client):
    topic = Topic.objects.get(slug="generative-ai")
    hr_client.post(
        reverse("programmes:topic_edit", args=[topic.code]),
        {"name_en": "GenAI assistants", "name_fr": "Assistants d'IA", "kind": "taught"},
    )
    topic.refresh_from_db()
    assert (topic.slug, topic.name_en, topic.name_fr) == (
        "generative-ai",
        "GenAI assistants",
        "Assistants d'IA",
    )


def test_a_retired_topic_stays_on_the_programmes_that_used_it(hr_client, hr_admin, draft):
    topic = Topic.objects.get(slug="strategy")
    hr_client.post(reverse("programmes:topic_retire", args=[topic.code]))
    topic.refresh_from_db()
    assert topic.is_retired
    assert topic in draft.topics.all()
    page = hr_client.get(reverse("programmes:detail", args=[draft.code])).content.decode()
    assert "Strategy (retired)" in page


def test_a_retired_topic_cannot_be_picked_for_a_new_programme(hr_client, hr_admin, executive):
    services.retire_topic(topic=Topic.objects.get(slug="strategy"), by=hr_admin)
    response = hr_client.get(reverse("programmes:create", args=["blank"]))
    assert "strategy" not in {t.slug for t in response.context["form"].fields["topics"].queryset}
    response = hr_client.post(
        reverse("programmes:create", args=["blank"]),
        programme_form_data(sponsor=executive, topics=("strategy",)),
    )
    assert response.status_code == 200
    assert "Retired topics cannot be picked." in response.content.decode()
    assert not Programme.objects.exists()


def test_a_retired_topic_can_be_kept_when_editing_a_programme_that_has_it(
    hr_client, hr_admin, draft
):
    services.retire_topic(topic=Topic.objects.get(slug="strategy"), by=hr_admin)
    response = hr_client.post(
        reverse("programmes:edit", args=[draft.code]), edit_form_data(draft, name="Renamed")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "Renamed"
    assert "strategy" in {topic.slug for topic in draft.topics.all()}


def test_the_service_refuses_to_add_a_retired_topic_anew(hr_admin, executive):
    services.retire_topic(topic=Topic.objects.get(slug="strategy"), by=hr_admin)
    programme = make_programme(sponsor=executive, topics=("generative-ai",))
    with pytest.raises(ValidationError, match="Retired topics cannot be picked"):
        services.update_programme(
            programme=programme,
            by=hr_admin,
            fields={},
            managers=[],
            topics=Topic.objects.filter(slug__in=["generative-ai", "strategy"]),
            objectives=[],
        )


def test_a_retired_topic_can_be_brought_back(hr_client, hr_admin):
    topic = services.retire_topic(topic=Topic.objects.get(slug="strategy"), by=hr_admin)
    hr_client.post(reverse("programmes:topic_restore", args=[topic.code]))
    topic.refresh_from_db()
    assert not topic.is_retired


def test_the_catalogue_page_lists_active_and_retired_topics(hr_client, hr_admin):
    services.retire_topic(topic=Topic.objects.get(slug="negotiation"), by=hr_admin)
    response = hr_client.get(reverse("programmes:topics"))
    assert "negotiation" in {topic.slug for topic in response.context["retired"]}
    assert "negotiation" not in {topic.slug for topic in response.context["active"]}
    assert len(response.context["active"]) == Topic.objects.active().count()
