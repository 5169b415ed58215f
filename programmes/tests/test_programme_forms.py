import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import AuditEvent, Programme

from .forms_data import edit_form_data, programme_form_data

pytestmark = pytest.mark.django_db
CREATE_URL = reverse("programmes:create", args=["blank"])


def field_error(response, field: str) -> str:
    """The error text crispy-forms renders right under the field, or '' when there is none."""
    match = re.search(
        rf'<(?:span|div|p) id="error_\d+_id_{field}"[^>]*>\s*(?:<strong>)?(.*?)(?:</strong>)?\s*</',
        response.content.decode(),
        re.S,
    )
    return match.group(1).strip() if match else ""


@pytest.fixture
def hr_client(client, hr_admin):
    client.force_login(hr_admin)
    return client


def test_a_valid_programme_is_created_as_a_draft_with_its_objectives(
    hr_client, hr_admin, executive
):
    data = programme_form_data(
        sponsor=executive,
        managers=[hr_admin],
        objectives=[
            {
                "sentence": "Mentees use a generative-AI assistant weekly.",
                "topics": ["generative-ai"],
                "target_percent": 70,
                "metric": "of mentees use it weekly",
            },
            {"sentence": "Mentors see the strategy from inside.", "topics": ["strategy"]},
            {"sentence": ""},
        ],
    )
    response = hr_client.post(CREATE_URL, data)
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programmes:detail", args=[programme.code])
    assert programme.status == Programme.Status.DRAFT
    assert programme.slug == "digital-acculturation"
    assert programme.created_by == hr_admin
    assert list(programme.managers.all()) == [hr_admin]
    assert [o.sentence for o in programme.objectives.all()] == [
        "Mentees use a generative-AI assistant weekly.",
        "Mentors see the strategy from inside.",
    ]
    first = programme.objectives.first()
    assert (first.target_percent, first.metric) == (70, "of mentees use it weekly")
    assert [t.slug for t in first.topics.all()] == ["generative-ai"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_months", "7", "A programme lasts from 3 to 6 months."),
        ("duration_months", "2", "A programme lasts from 3 to 6 months."),
        ("max_mentees_per_mentor", "0", "A mentor takes at least one mentee."),
        ("min_grade_gap", "-1", "The grade gap cannot be negative"),
    ],
)
def test_bad_frame_values_are_refused_next_to_their_field(
    hr_client, executive, field, value, message
):
    response = hr_client.post(CREATE_URL, programme_form_data(sponsor=executive, **{field: value}))
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Programme.objects.exists()


def test_an_enrolment_window_closing_after_the_start_is_refused_next_to_its_closing_date(
    hr_client, executive
):
    start = timezone.localdate() + timedelta(days=60)
    data = programme_form_data(
        sponsor=executive,
        start_on=start.isoformat(),
        enrolment_closes_on=(start + timedelta(days=1)).isoformat(),
    )
    response = hr_client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert "Enrolment must close on or before the programme starts" in field_error(
        response, "enrolment_closes_on"
    )
    assert not Programme.objects.exists()


def test_an_enrolment_window_closing_before_it_opens_is_refused(hr_client, executive):
    start = timezone.localdate() + timedelta(days=60)
    data = programme_form_data(
        sponsor=executive,
        start_on=start.isoformat(),
        enrolment_opens_on=(start - timedelta(days=5)).isoformat(),
        enrolment_closes_on=(start - timedelta(days=10)).isoformat(),
    )
    response = hr_client.post(CREATE_URL, data)
    assert "Enrolment cannot close before it opens" in field_error(response, "enrolment_closes_on")


def test_a_sponsor_who_is_not_an_executive_is_refused_next_to_the_sponsor_field(hr_client, mentee):
    response = hr_client.post(CREATE_URL, programme_form_data(sponsor=mentee))
    assert response.status_code == 200
    assert "The sponsor must be an executive" in field_error(response, "sponsor")
    assert not Programme.objects.exists()


def test_a_manager_who_is_not_an_hr_admin_is_refused(hr_client, executive, mentee):
    response = hr_client.post(CREATE_URL, programme_form_data(sponsor=executive, managers=[mentee]))
    assert "Managers must be HR administrators" in field_error(response, "managers")


def test_an_objective_target_without_what_it_measures_is_refused(hr_client, executive):
    data = programme_form_data(
        sponsor=executive, objectives=[{"sentence": "Use AI", "target_percent": 70}]
    )
    response = hr_client.post(CREATE_URL, data)
    assert "Say what the target measures." in field_error(response, "objectives-0-metric_en")
    assert not Programme.objects.exists()


def test_two_programmes_with_the_same_name_get_different_slugs(hr_client, executive):
    hr_client.post(CREATE_URL, programme_form_data(sponsor=executive))
    hr_client.post(CREATE_URL, programme_form_data(sponsor=executive))
    assert sorted(Programme.objects.values_list("slug", flat=True)) == [
        "digital-acculturation",
        "digital-acculturation-2",
    ]


def test_a_slug_already_taken_is_refused_next_to_the_slug(hr_client, executive):
    hr_client.post(CREATE_URL, programme_form_data(sponsor=executive))
    response = hr_client.post(
        CREATE_URL, programme_form_data(sponsor=executive, slug="digital-acculturation")
    )
    assert "already exists" in field_error(response, "slug")


def test_editing_saves_the_changes_and_keeps_the_slug(hr_client, draft):
    objective = draft.objectives.get()
    data = edit_form_data(draft, name="Digital first, second edition", duration_months="4")
    data["objectives-0-sentence_en"] = "Mentees use AI every week."
    response = hr_client.post(reverse("programmes:edit", args=[draft.code]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.name, draft.duration_months, draft.slug) == (
        "Digital first, second edition",
        4,
        "digital-first",
    )
    objective.refresh_from_db()
    assert objective.sentence == "Mentees use AI every week."


def test_editing_can_delete_and_add_objectives(hr_client, draft):
    data = edit_form_data(draft)
    data["objectives-0-DELETE"] = "on"
    data.update(
        {
            "objectives-TOTAL_FORMS": "2",
            "objectives-1-sentence_en": "Seniors share their network.",
            "objectives-1-topics": [],
            "objectives-1-target_percent": "",
            "objectives-1-metric_en": "",
        }
    )
    hr_client.post(reverse("programmes:edit", args=[draft.code]), data)
    assert [o.sentence for o in draft.objectives.all()] == ["Seniors share their network."]


def test_previewing_the_schedule_saves_nothing_and_shows_the_dates(hr_client, executive):
    data = programme_form_data(
        sponsor=executive,
        start_on="2031-01-31",
        enrolment_closes_on="2031-01-20",
        duration_months="3",
        preview="1",
    )
    response = hr_client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert not Programme.objects.exists()
    assert response.context["preview"] == [date(2031, 1, 31), date(2031, 2, 28), date(2031, 3, 31)]
    assert 'datetime="2031-02-28"' in response.content.decode()


def test_previewing_with_a_bad_duration_shows_the_error_and_no_schedule(hr_client, executive):
    data = programme_form_data(sponsor=executive, duration_months="9", preview="1")
    response = hr_client.post(CREATE_URL, data)
    assert response.context["preview"] is None
    assert "3 to 6 months" in field_error(response, "duration_months")


def test_the_edit_form_shows_the_current_schedule(hr_client, draft):
    response = hr_client.get(reverse("programmes:edit", args=[draft.code]))
    assert response.context["preview"] == draft.planned_session_dates()


def test_a_completed_programme_can_no_longer_be_edited(hr_client, draft):
    Programme.objects.filter(pk=draft.pk).update(status=Programme.Status.COMPLETED)
    response = hr_client.post(reverse("programmes:edit", args=[draft.code]), edit_form_data(draft))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED).count() == 0


def test_an_unknown_template_is_a_404(hr_client):
    assert hr_client.get(reverse("programmes:create", args=["no-such-template"])).status_code == 404
