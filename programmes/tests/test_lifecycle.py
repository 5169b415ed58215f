from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from programmes import services
from programmes.models import Programme
from programmes.testing import make_programme

pytestmark = pytest.mark.django_db
Status = Programme.Status


def test_a_complete_draft_opens_for_enrolment(hr_admin, draft):
    assert services.transition_blockers(draft, Status.ENROLMENT_OPEN) == []
    programme = services.change_status(programme=draft, to=Status.ENROLMENT_OPEN, by=hr_admin)
    assert programme.status == Status.ENROLMENT_OPEN
    assert Programme.objects.get(pk=draft.pk).status == Status.ENROLMENT_OPEN


def test_enrolment_cannot_open_without_a_charter_or_a_window(hr_admin, executive):
    draft = make_programme(
        sponsor=executive,
        charter_en="",
        charter_fr="",
        enrolment_opens_on=None,
        enrolment_closes_on=None,
    )
    with pytest.raises(services.TransitionRefused) as refusal:
        services.change_status(programme=draft, to=Status.ENROLMENT_OPEN, by=hr_admin)
    reasons = " ".join(refusal.value.reasons)
    assert "The charter is empty" in reasons
    assert "The enrolment window is not set" in reasons
    assert Programme.objects.get(pk=draft.pk).status == Status.DRAFT


def test_one_charter_language_is_enough_to_open_enrolment(hr_admin, executive):
    draft = make_programme(sponsor=executive, charter_fr="")
    assert services.transition_blockers(draft, Status.ENROLMENT_OPEN) == []


def test_enrolment_cannot_open_on_a_window_that_has_already_closed(hr_admin, executive):
    today = timezone.localdate()
    draft = make_programme(
        sponsor=executive,
        start_on=today,
        enrolment_opens_on=today - timedelta(days=20),
        enrolment_closes_on=today - timedelta(days=1),
    )
    assert services.transition_blockers(draft, Status.ENROLMENT_OPEN) == [
        "The enrolment window has already closed: move it forward."
    ]


def test_enrolment_cannot_open_without_objectives_topics_or_an_executive_sponsor(
    hr_admin, executive
):
    draft = make_programme(sponsor=executive, objectives=(), topics=())
    executive.is_executive = False
    executive.save()
    draft.refresh_from_db()
    reasons = " ".join(services.transition_blockers(draft, Status.ENROLMENT_OPEN))
    assert "no objective yet" in reasons
    assert "No topic is in scope yet" in reasons
    assert "is no longer an executive" in reasons


def test_running_needs_published_pairs_which_do_not_exist_yet(hr_admin, executive):
    programme = make_programme(sponsor=executive, status=Status.PAIRING)
    assert services.published_pair_count(programme) == 0
    with pytest.raises(services.TransitionRefused) as refusal:
        services.change_status(programme=programme, to=Status.RUNNING, by=hr_admin)
    assert refusal.value.reasons == [
        "No published pairs yet: pair the volunteers and publish the pairs."
    ]


def test_running_starts_once_the_pairing_hook_reports_published_pairs(
    hr_admin, executive, monkeypatch
):
    programme = make_programme(sponsor=executive, status=Status.PAIRING)
    monkeypatch.setattr(services, "published_pair_count", lambda programme: 3)
    services.change_status(programme=programme, to=Status.RUNNING, by=hr_admin)
    assert Programme.objects.get(pk=programme.pk).status == Status.RUNNING


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.ENROLMENT_OPEN, Status.PAIRING),
        (Status.RUNNING, Status.COMPLETED),
        (Status.COMPLETED, Status.ARCHIVED),
    ],
)
def test_the_other_steps_move_forward_freely(hr_admin, executive, current, target):
    programme = make_programme(sponsor=executive, status=current)
    services.change_status(programme=programme, to=target, by=hr_admin)
    assert Programme.objects.get(pk=programme.pk).status == target


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.DRAFT, Status.RUNNING),
        (Status.DRAFT, Status.ARCHIVED),
        (Status.ENROLMENT_OPEN, Status.DRAFT),
        (Status.ARCHIVED, Status.DRAFT),
        (Status.RUNNING, "paused"),
    ],
)
def test_steps_cannot_be_skipped_or_undone(hr_admin, executive, current, target):
    programme = make_programme(sponsor=executive, status=current)
    with pytest.raises(services.TransitionRefused):
        services.change_status(programme=programme, to=target, by=hr_admin)
    assert Programme.objects.get(pk=programme.pk).status == current


def test_only_hr_admins_may_move_a_programme_even_when_calling_the_service(executive, draft):
    with pytest.raises(PermissionDenied):
        services.change_status(programme=draft, to=Status.ENROLMENT_OPEN, by=executive)


def test_the_status_button_reports_success(client, hr_admin, draft):
    client.force_login(hr_admin)
    response = client.post(
        reverse("programmes:change_status", args=[draft.code]),
        {"to": Status.ENROLMENT_OPEN},
        follow=True,
    )
    assert "The programme is now “Enrolment open”." in response.content.decode()


def test_the_status_button_says_what_is_missing(client, hr_admin, executive):
    draft = make_programme(sponsor=executive, charter_en="", charter_fr="")
    client.force_login(hr_admin)
    response = client.post(
        reverse("programmes:change_status", args=[draft.code]),
        {"to": Status.ENROLMENT_OPEN},
        follow=True,
    )
    page = response.content.decode()
    assert "The programme cannot move on yet" in page
    assert "The charter is empty" in page
    assert Programme.objects.get(pk=draft.pk).status == Status.DRAFT


def test_the_programme_page_lists_what_the_next_step_lacks_before_it_is_tried(
    client, hr_admin, executive
):
    programme = make_programme(sponsor=executive, status=Status.PAIRING)
    client.force_login(hr_admin)
    response = client.get(reverse("programmes:detail", args=[programme.code]))
    assert response.context["next_status"] == Status.RUNNING
    assert "No published pairs yet" in response.content.decode()
