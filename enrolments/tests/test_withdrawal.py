"""A volunteer withdraws at any time; HR sees it, and why if they said."""

import pytest
from django.urls import reverse

from enrolments import services
from enrolments.models import Enrolment
from enrolments.testing import make_enrolment

Status = Enrolment.Status


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED])
def test_a_volunteer_withdraws_with_a_reason(client, mentor, programme, status):
    enrolment = make_enrolment(programme=programme, person=mentor, status=status)
    client.force_login(mentor)

    response = client.post(
        reverse("enrolments:withdraw", args=[enrolment.code]),
        {"reason": "My team's deadlines moved to this quarter."},
    )

    assert response.status_code == 302
    assert response.url == reverse("enrolments:mine")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.WITHDRAWN
    assert enrolment.withdrawn_at is not None
    assert enrolment.withdrawal_reason == "My team's deadlines moved to this quarter."


def test_withdrawing_without_a_reason_is_fine(client, mentor, programme):
    enrolment = make_enrolment(programme=programme, person=mentor)
    client.force_login(mentor)

    client.post(reverse("enrolments:withdraw", args=[enrolment.code]))

    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.withdrawal_reason) == (Status.WITHDRAWN, "")


def test_withdrawing_twice_changes_nothing_the_second_time(client, mentor, programme):
    enrolment = make_enrolment(programme=programme, person=mentor)
    client.force_login(mentor)
    url = reverse("enrolments:withdraw", args=[enrolment.code])
    client.post(url, {"reason": "First reason"})
    first = Enrolment.objects.get(pk=enrolment.pk).withdrawn_at

    response = client.post(url, {"reason": "Second reason"}, follow=True)

    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at == first
    assert enrolment.withdrawal_reason == "First reason"
    assert "already “Withdrawn”" in response.text


def test_a_declined_enrolment_cannot_be_withdrawn(mentor, programme):
    enrolment = make_enrolment(programme=programme, person=mentor, status=Status.DECLINED)

    with pytest.raises(services.EnrolmentRefused):
        services.withdraw(enrolment=enrolment, by=mentor)


def test_nobody_can_withdraw_someone_else(client, mentor, outsider, hr_admin, programme):
    enrolment = make_enrolment(programme=programme, person=mentor)
    url = reverse("enrolments:withdraw", args=[enrolment.code])

    for someone in (outsider, hr_admin):
        client.force_login(someone)
        assert client.post(url).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.withdraw(enrolment=enrolment, by=outsider)
    assert Enrolment.objects.get().status == Status.SUBMITTED


def test_withdrawing_needs_a_post(client, mentor, programme):
    enrolment = make_enrolment(programme=programme, person=mentor)
    client.force_login(mentor)

    assert client.get(reverse("enrolments:withdraw", args=[enrolment.code])).status_code == 405


def test_hr_sees_the_withdrawal_and_its_reason_in_the_queue(client, mentor, hr_admin, programme):
    enrolment = make_enrolment(programme=programme, person=mentor)
    services.withdraw(enrolment=enrolment, by=mentor, reason="A new project takes my evenings.")
    client.force_login(hr_admin)

    response = client.get(
        reverse("enrolments:review", args=[programme.code]), {"status": "withdrawn"}
    )

    assert 'data-testid="withdrawal-reason"' in response.text
    assert "A new project takes my evenings." in response.text
    assert f'value="{enrolment.code}"' not in response.text  # no box to tick: nothing to decide
    counts = {row["role"].value: dict(row["cells"]) for row in response.context["counts"]}
    assert counts["mentor"][Status.WITHDRAWN] == 1


def test_the_volunteer_sees_their_withdrawal_on_my_programmes(client, mentor, programme):
    enrolment = make_enrolment(programme=programme, person=mentor)
    services.withdraw(enrolment=enrolment, by=mentor)
    client.force_login(mentor)

    response = client.get(reverse("enrolments:mine"))

    assert 'data-status="withdrawn"' in response.text


def test_an_imported_volunteer_accepts_the_charter_from_their_page(client, mentor, programme):
    enrolment = make_enrolment(
        programme=programme, person=mentor, source="import", charter_accepted_at=None
    )
    client.force_login(mentor)
    url = reverse("enrolments:detail", args=[enrolment.code])
    assert 'data-testid="accept-charter"' in client.get(url).text

    response = client.post(reverse("enrolments:accept_charter", args=[enrolment.code]))

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.charter_accepted_at is not None
    assert 'data-testid="accept-charter"' not in client.get(url).text
