import pytest
from django.urls import reverse

from programmes import services
from programmes.models import AuditEvent, Programme, Topic
from programmes.templates_catalogue import TEMPLATES
from programmes.testing import make_programme

pytestmark = pytest.mark.django_db


def test_the_four_templates_are_offered(client, hr_admin):
    client.force_login(hr_admin)
    page = client.get(reverse("programmes:choose_template")).content.decode()
    for title in [
        "Digital acculturation",
        "Executive committee",
        "CSR and sustainability",
        "Inclusion",
    ]:
        assert title in page
    assert set(TEMPLATES) == {
        "digital-acculturation",
        "executive-committee",
        "csr-sustainability",
        "inclusion",
    }


def test_digital_acculturation_prefills_six_monthly_one_hour_sessions(client, hr_admin):
    client.force_login(hr_admin)
    response = client.get(reverse("programmes:create", args=["digital-acculturation"]))
    initial = response.context["form"].initial
    assert initial["name_en"] == "Digital acculturation"
    assert (initial["duration_months"], initial["cadence"], initial["session_minutes"]) == (
        6,
        Programme.Cadence.MONTHLY,
        60,
    )
    assert {topic.slug for topic in initial["topics"]} >= {"generative-ai", "social-networks"}
    assert initial["managers"] == [hr_admin]
    assert len(response.context["preview"]) == 6
    objectives = [form.initial for form in response.context["formset"].forms if form.initial]
    assert objectives[0]["target_percent"] == 70
    assert "generative-AI assistant" in objectives[0]["sentence_en"]


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_prefills_a_valid_frame_with_existing_topics(key):
    template = TEMPLATES[key]
    known = set(Topic.objects.values_list("slug", flat=True))
    assert set(template.topics) <= known
    assert all(set(objective.topics) <= known for objective in template.objectives)
    assert 3 <= template.duration_months <= 6
    assert template.cadence in Programme.Cadence.values
    assert template.objectives


def test_a_template_leaves_retired_topics_out(client, hr_admin):
    services.retire_topic(topic=Topic.objects.get(slug="generative-ai"), by=hr_admin)
    client.force_login(hr_admin)
    response = client.get(reverse("programmes:create", args=["digital-acculturation"]))
    assert "generative-ai" not in {
        topic.slug for topic in response.context["form"].initial["topics"]
    }


def test_duplicating_makes_an_audited_draft_copy_with_objectives_and_topics(
    client, hr_admin, executive
):
    source = make_programme(
        sponsor=executive,
        managers=[hr_admin],
        status=Programme.Status.RUNNING,
        objectives=("First objective", "Second objective"),
        max_mentees_per_mentor=3,
    )
    client.force_login(hr_admin)
    response = client.post(reverse("programmes:duplicate", args=[source.code]))
    copy = Programme.objects.exclude(pk=source.pk).get()
    assert response.url == reverse("programmes:edit", args=[copy.code])
    assert copy.status == Programme.Status.DRAFT
    assert copy.name == f"Copy of {source.name}"
    assert copy.slug != source.slug
    assert copy.max_mentees_per_mentor == 3
    assert [o.sentence for o in copy.objectives.all()] == ["First objective", "Second objective"]
    assert set(copy.topics.all()) == set(source.topics.all())
    assert list(copy.managers.all()) == [hr_admin]
    event = copy.audit_events.get()
    assert event.action == AuditEvent.Action.DUPLICATED
    assert event.actor == hr_admin
    assert event.changes["copied_from"] == [None, source.name]
    assert list(source.objectives.values_list("sentence_en", flat=True)) == [
        "First objective",
        "Second objective",
    ]


def test_a_copy_leaves_retired_topics_behind(hr_admin, executive):
    source = make_programme(sponsor=executive, topics=("generative-ai", "strategy"))
    services.retire_topic(topic=Topic.objects.get(slug="strategy"), by=hr_admin)
    copy = services.duplicate_programme(source=source, by=hr_admin)
    assert [topic.slug for topic in copy.topics.all()] == ["generative-ai"]
