import pytest
from django.urls import reverse

from programmes import services
from programmes.models import AuditEvent, Programme, Topic
from programmes.testing import make_programme

from .forms_data import edit_form_data, programme_form_data

pytestmark = pytest.mark.django_db


def test_creating_a_programme_records_who_and_every_value_set(client, hr_admin, executive):
    client.force_login(hr_admin)
    client.post(
        reverse("programmes:create", args=["blank"]),
        programme_form_data(sponsor=executive, managers=[hr_admin], duration_months="5"),
    )
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.CREATED
    assert event.actor == hr_admin
    assert event.changes["name_en"] == [None, "Digital acculturation"]
    assert event.changes["duration_months"] == [None, 5]
    assert event.changes["sponsor"] == [None, executive.name]
    assert event.changes["managers"] == [None, [hr_admin.name]]
    assert event.changes["topics"] == [None, ["generative-ai", "strategy"]]
    assert event.changes["objectives"][1][0]["sentence_en"] == (
        "Mentees use a generative-AI assistant weekly."
    )
    assert "place_en" in event.changes and "mentee_min_grade" not in event.changes


def test_an_edit_records_only_what_changed_including_topics_and_objectives(client, hr_admin, draft):
    client.force_login(hr_admin)
    data = edit_form_data(draft, duration_months="4", cadence=Programme.Cadence.EVERY_TWO_WEEKS)
    data["topics"] = [str(Topic.objects.get(slug="leadership").pk)]
    data["objectives-0-target_percent"] = "60"
    data["objectives-0-metric_en"] = "of mentees use it weekly"
    client.post(reverse("programmes:edit", args=[draft.code]), data)

    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED)
    assert event.actor == hr_admin
    assert set(event.changes) == {"duration_months", "cadence", "topics", "objectives"}
    assert event.changes["duration_months"] == [6, 4]
    assert event.changes["cadence"] == ["monthly", "every_2_weeks"]
    assert event.changes["topics"] == [
        ["generative-ai", "social-networks", "strategy"],
        ["leadership"],
    ]
    old, new = event.changes["objectives"]
    assert old[0]["target_percent"] is None
    assert new[0]["target_percent"] == 60


def test_saving_an_unchanged_form_records_nothing(client, hr_admin, draft):
    client.force_login(hr_admin)
    response = client.post(reverse("programmes:edit", args=[draft.code]), edit_form_data(draft))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED).exists()


def test_a_transition_records_the_old_and_new_status(hr_admin, draft):
    services.change_status(programme=draft, to=Programme.Status.ENROLMENT_OPEN, by=hr_admin)
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATUS_CHANGED)
    assert (event.actor, event.changes) == (hr_admin, {"status": ["draft", "enrolment_open"]})


def test_a_refused_transition_records_nothing(hr_admin, executive):
    programme = make_programme(sponsor=executive, status=Programme.Status.PAIRING)
    with pytest.raises(services.TransitionRefused):
        services.change_status(programme=programme, to=Programme.Status.RUNNING, by=hr_admin)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATUS_CHANGED).exists()


def test_hr_reads_the_history_on_the_programme_page_in_words(client, hr_admin, draft):
    services.change_status(programme=draft, to=Programme.Status.ENROLMENT_OPEN, by=hr_admin)
    client.force_login(hr_admin)
    page = client.get(reverse("programmes:detail", args=[draft.code])).content.decode()
    assert 'data-testid="audit-trail"' in page
    assert "Status changed" in page
    assert "<del>Draft</del> → Enrolment open" in page
    assert hr_admin.name in page
    assert "Generative AI" in page  # topic slugs are shown by name


def test_people_who_cannot_manage_do_not_see_the_history(client, executive, open_programme):
    client.force_login(executive)
    response = client.get(reverse("programmes:detail", args=[open_programme.code]))
    assert response.status_code == 200
    assert 'data-testid="audit-trail"' not in response.content.decode()
    assert "audit_lines" not in response.context
