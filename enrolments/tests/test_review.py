"""HR's review: a queue per programme, decisions one by one or in bulk, emailed after commit."""

import pytest
from django.core import mail
from django.urls import reverse

from common.testing import in_words
from enrolments import services
from enrolments.models import Enrolment
from enrolments.testing import make_enrolment
from people.testing import make_person

Status = Enrolment.Status


def review_url(programme) -> str:
    return reverse("enrolments:review", args=[programme.code])


@pytest.fixture
def french_mentee(db):
    return make_person(
        email="claire@example.com", name="Claire Dubois", grade=16, preferred_language="fr"
    )


@pytest.fixture
def volunteers(programme, mentor, mentee, french_mentee) -> list[Enrolment]:
    return [
        make_enrolment(programme=programme, person=mentor, role="mentor"),
        make_enrolment(programme=programme, person=mentee, role="mentee"),
        make_enrolment(
            programme=programme,
            person=french_mentee,
            role="mentee",
            topics={"social-networks": 1},
        ),
    ]


def test_the_queue_lists_every_volunteer_waiting_first(client, hr_admin, programme, volunteers):
    services.withdraw(enrolment=volunteers[0], by=volunteers[0].person)
    client.force_login(hr_admin)

    response = client.get(review_url(programme))

    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [row.person.email for row in rows] == [
        "mentee@example.com",
        "claire@example.com",
        "mentor@example.com",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"role": "mentor"}, {"mentor@example.com"}),
        ({"role": "mentee"}, {"mentee@example.com", "claire@example.com"}),
        ({"topic": "social-networks"}, {"claire@example.com"}),
        ({"status": "approved"}, {"mentee@example.com"}),
        ({"role": "mentee", "status": "submitted"}, {"claire@example.com"}),
    ],
)
def test_the_queue_filters_by_role_status_and_topic(
    client, hr_admin, programme, volunteers, filters, expected
):
    Enrolment.objects.filter(person__email="mentee@example.com").update(status=Status.APPROVED)
    client.force_login(hr_admin)

    response = client.get(review_url(programme), filters)

    assert {row.person.email for row in response.context["page"].object_list} == expected


def test_an_approval_emails_the_person_in_their_language_after_commit(
    client, hr_admin, programme, volunteers, django_capture_on_commit_callbacks
):
    claire = volunteers[2]
    client.force_login(hr_admin)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("enrolments:decide", args=[claire.code]),
            {"decision": "approved", "reason": ""},
        )
        assert mail.outbox == []  # nothing is sent before the transaction commits
    assert response.status_code == 302
    assert len(callbacks) == 1
    callbacks[0]()

    claire.refresh_from_db()
    assert claire.status == Status.APPROVED
    assert claire.decided_by == hr_admin and claire.decided_at is not None
    [message] = mail.outbox
    assert message.to == ["claire@example.com"]
    assert message.extra_headers["Content-Language"] == "fr"
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html
    # The start in French words, “1er” on the first: the email was written in French.
    assert in_words(programme.start_on, "fr") in message.body
    assert reverse("enrolments:detail", args=[claire.code]) in message.body


def test_declining_requires_a_reason_and_sends_it(
    client, hr_admin, programme, volunteers, django_capture_on_commit_callbacks
):
    mentor_enrolment = volunteers[0]
    client.force_login(hr_admin)
    url = reverse("enrolments:decide", args=[mentor_enrolment.code])

    refused = client.post(url, {"decision": "declined", "reason": "  "})

    assert refused.status_code == 200
    assert "reason" in refused.context["decision_form"].errors
    assert Enrolment.objects.get(pk=mentor_enrolment.pk).status == Status.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"decision": "declined", "reason": "We have more mentors than mentees on AI."}
        )

    mentor_enrolment.refresh_from_db()
    assert mentor_enrolment.status == Status.DECLINED
    assert mentor_enrolment.decision_reason == "We have more mentors than mentees on AI."
    [message] = mail.outbox
    assert message.to == ["mentor@example.com"]
    assert message.extra_headers["Content-Language"] == "en"
    assert "We have more mentors than mentees on AI." in message.body


def test_a_bulk_decision_changes_every_ticked_volunteer_and_emails_each(
    client, hr_admin, programme, volunteers, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)
    ticked = [volunteers[1], volunteers[2]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(programme) + "?role=mentee",
            {
                "enrolments": [str(enrolment.code) for enrolment in ticked],
                "decision": "waitlisted",
                "reason": "",
            },
        )

    assert response.status_code == 302
    assert response.url == review_url(programme) + "?role=mentee"
    statuses = dict(Enrolment.objects.values_list("person__email", "status"))
    assert statuses == {
        "mentor@example.com": Status.SUBMITTED,
        "mentee@example.com": Status.WAITLISTED,
        "claire@example.com": Status.WAITLISTED,
    }
    languages = {
        message.to[0]: message.extra_headers["Content-Language"] for message in mail.outbox
    }
    assert languages == {"mentee@example.com": "en", "claire@example.com": "fr"}


def test_a_bulk_decision_is_all_or_nothing_when_someone_withdrew_meanwhile(
    client, hr_admin, programme, volunteers, django_capture_on_commit_callbacks
):
    services.withdraw(enrolment=volunteers[2], by=volunteers[2].person)
    client.force_login(hr_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(programme),
            {
                "enrolments": [str(enrolment.code) for enrolment in volunteers],
                "decision": "approved",
            },
            follow=True,
        )

    assert "Claire Dubois withdrew meanwhile. Nothing was changed" in response.text
    assert set(Enrolment.objects.values_list("status", flat=True)) == {
        Status.SUBMITTED,
        Status.WITHDRAWN,
    }
    assert mail.outbox == []


def test_deciding_again_the_same_way_sends_no_second_email(
    hr_admin, programme, volunteers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            programme=programme, enrolments=volunteers[:1], decision="approved", by=hr_admin
        )
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide(
            programme=programme, enrolments=volunteers, decision="approved", by=hr_admin
        )

    assert [row.pk for row in decided.unchanged] == [volunteers[0].pk]
    assert len(decided.changed) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "claire@example.com",
        "mentee@example.com",
        "mentor@example.com",
    ]


def test_a_decision_changed_before_its_email_left_sends_only_the_latest(
    hr_admin, programme, volunteers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as first:
        services.decide(
            programme=programme, enrolments=volunteers[:1], decision="approved", by=hr_admin
        )
    with django_capture_on_commit_callbacks() as second:
        services.decide(
            programme=programme,
            enrolments=volunteers[:1],
            decision="declined",
            reason="Sorry",
            by=hr_admin,
        )
    for callback in first + second:
        callback()

    [message] = mail.outbox
    assert "Sorry" in message.body


def test_a_bulk_post_without_a_ticked_volunteer_is_refused(client, hr_admin, programme, volunteers):
    client.force_login(hr_admin)

    response = client.post(review_url(programme), {"decision": "approved"})

    assert response.status_code == 200
    assert response.context["form"].errors["enrolments"] == ["Tick at least one volunteer."]


def test_volunteers_of_another_programme_cannot_be_decided_from_this_queue(
    client, hr_admin, executive, programme, volunteers
):
    from programmes.models import Programme
    from programmes.testing import make_programme

    other = make_programme(name="Other", sponsor=executive, status=Programme.Status.ENROLMENT_OPEN)
    stranger = make_enrolment(programme=other, person=make_person(grade=4))
    client.force_login(hr_admin)

    response = client.post(
        review_url(programme), {"enrolments": [str(stranger.code)], "decision": "approved"}
    )

    assert response.status_code == 200
    assert "enrolments" in response.context["form"].errors
    assert Enrolment.objects.get(pk=stranger.pk).status == Status.SUBMITTED


def test_only_hr_admins_may_decide_in_the_service(mentor, programme, volunteers):
    with pytest.raises(services.PermissionDenied):
        services.decide(programme=programme, enrolments=volunteers, decision="approved", by=mentor)


def test_a_completed_programme_takes_no_more_decisions(client, hr_admin, programme, volunteers):
    from programmes.models import Programme

    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    client.force_login(hr_admin)

    response = client.post(
        reverse("enrolments:decide", args=[volunteers[0].code]),
        {"decision": "approved"},
        follow=True,
    )

    assert "This programme is over" in response.text
    assert Enrolment.objects.get(pk=volunteers[0].pk).status == Status.SUBMITTED
