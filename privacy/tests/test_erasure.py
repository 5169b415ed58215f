from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db.models import Avg, Count, Sum
from django.urls import reverse

from common.testing import PASSWORD
from enrolments.models import Enrolment
from evaluation import models as evaluation
from evaluation.models import Answer
from meetings.models import Agreement, Feedback, JournalEntry, Meeting
from pairing.models import Pair
from people.models import User
from privacy import services
from privacy.models import Erasure
from programmes.models import AuditEvent

from .conftest import Scene


def erase_url(person: User) -> str:
    return reverse("privacy:erase", args=[person.code])


def aggregates() -> dict:
    """What the dashboards add up: pairs, sessions held, ratings, survey scores."""
    return {
        "pairs": Pair.objects.published().count(),
        "pairs_by_programme": list(
            Pair.objects.values("programme").annotate(n=Count("pk")).order_by("programme")
        ),
        "sessions_held": Meeting.objects.held().count(),
        "minutes_held": Meeting.objects.held().aggregate(total=Sum("duration_minutes"))["total"],
        "ratings": Feedback.objects.aggregate(n=Count("pk"), mean=Avg("rating")),
        "survey_values": Answer.objects.filter(value__isnull=False).aggregate(
            n=Count("pk"), total=Sum("value")
        ),
        "enrolments": list(
            Enrolment.objects.values("role").annotate(n=Count("pk")).order_by("role")
        ),
    }


@pytest.fixture
def erased(client, hr_admin, mentee, scene: Scene) -> User:
    """The mentee, erased by HR through the page."""
    client.force_login(hr_admin)
    response = client.post(erase_url(mentee), {"email": "MENTEE@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:erasures")
    return User.objects.get(pk=mentee.pk)


def test_erasure_keeps_every_aggregate_identical(client, hr_admin, mentee, scene: Scene):
    before = aggregates()
    client.force_login(hr_admin)
    client.post(erase_url(mentee), {"email": mentee.email})
    assert Erasure.objects.filter(person=mentee).exists()
    assert aggregates() == before


def test_the_erased_account_keeps_no_trace_of_the_person(erased: User):
    erasure = Erasure.objects.get(person=erased)
    assert erased.name == f"Former employee #{erasure.pk}"
    assert erased.email.endswith("@erased.invalid")
    assert "mentee" not in erased.email
    assert not erased.has_usable_password()
    assert not erased.is_active
    assert (erased.department, erased.grade, erased.job_title, erased.site) == (None, None, "", "")
    assert erased.languages == []
    assert not EmailAddress.objects.filter(user=erased).exists()


def test_two_erased_accounts_get_different_numbers_and_addresses(
    client, hr_admin, mentee, mentor, scene: Scene
):
    first = services.erase_person(person=mentee, by=hr_admin)
    second = services.erase_person(person=mentor, by=hr_admin)
    assert first.label != second.label
    people = User.objects.filter(pk__in=[mentee.pk, mentor.pk])
    assert len({person.email for person in people}) == 2


def test_notes_and_free_text_are_deleted_and_the_other_members_kept(erased: User, scene: Scene):
    assert not JournalEntry.objects.filter(author=erased).exists()
    # The other member's note on the same session is theirs, and stays.
    assert JournalEntry.objects.filter(text="CANARY-MENTOR-NOTE").exists()
    assert JournalEntry.objects.filter(text="CANARY-OTHER-PAIR-NOTE").exists()
    given = Feedback.objects.get(meeting=scene.second, author=erased)
    assert (given.rating, given.learned, given.taught) == (2, "", "")
    assert not Answer.objects.filter(response__enrolment__person=erased).exclude(text="").exists()
    assert Answer.objects.filter(response__enrolment__person=erased, value=4).exists()
    agreement = Agreement.objects.get(pair=scene.pair)
    assert (agreement.mentee_learns, agreement.channel_details) == ("", "")


def test_the_enrolment_is_detached_from_the_person(erased: User, scene: Scene):
    enrolment = Enrolment.objects.get(pk=scene.pair.mentee_id)
    assert enrolment.motivation == ""
    assert enrolment.languages == []
    assert enrolment.gender == ""
    assert enrolment.status == Enrolment.Status.APPROVED  # it was paired: the figures keep it


def test_the_active_pair_ends_and_the_other_member_keeps_it_by_the_new_name(
    erased: User, scene: Scene
):
    pair = Pair.objects.get(pk=scene.pair.pk)
    assert pair.status == Pair.Status.ENDED
    assert pair.end_reason == Pair.EndReason.LEFT
    assert str(pair.mentee_person) == erased.name
    # The other pair is untouched.
    assert Pair.objects.get(pk=scene.other_pair.pk).status == Pair.Status.ACTIVE


def test_the_person_can_no_longer_sign_in(client, hr_admin, mentee, scene: Scene):
    assert client.login(email="mentee@example.com", password=PASSWORD)
    client.logout()
    services.erase_person(person=mentee, by=hr_admin)
    assert not client.login(email="mentee@example.com", password=PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": "mentee@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with an error
    assert SESSION_KEY not in client.session


def test_open_sessions_of_the_person_end(client, hr_admin, mentee, scene: Scene):
    client.force_login(mentee)
    assert client.get(reverse("people:profile")).status_code == 200
    services.erase_person(person=mentee, by=hr_admin)
    assert not any(
        str(session.get_decoded().get(SESSION_KEY)) == str(mentee.pk)
        for session in Session.objects.all()
    )
    response = client.get(reverse("people:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_names_copied_into_histories_are_replaced(hr_admin, executive, scene: Scene):
    AuditEvent.objects.create(
        programme=scene.programme,
        actor=hr_admin,
        action=AuditEvent.Action.UPDATED,
        changes={"sponsor": ["Somebody", executive.name], "managers": [[], ["Hélène Ressources"]]},
    )
    erasure = services.erase_person(person=executive, by=hr_admin)
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED)
    assert event.changes["sponsor"] == ["Somebody", erasure.label]
    created = AuditEvent.objects.get(action=AuditEvent.Action.CREATED)
    assert created.changes["sponsor"] == [None, erasure.label]
    assert event.changes["managers"] == [[], ["Hélène Ressources"]]


def test_the_erasure_is_recorded_without_the_persons_identity(erased: User, hr_admin):
    erasure = Erasure.objects.get(person=erased)
    assert erasure.erased_by == hr_admin
    assert erasure.source == Erasure.Source.PAGE
    assert erasure.summary["private_notes_deleted"] == 1
    assert erasure.summary["pairs_ended"] == 1
    assert "mentee" not in str(erasure.summary).lower()


def test_erasure_is_all_or_nothing(hr_admin, mentee, scene: Scene):
    before = aggregates()
    with (
        mock.patch.object(services, "end_sessions", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.erase_person(person=mentee, by=hr_admin)
    mentee.refresh_from_db()
    assert mentee.name == "Marc Senior"
    assert mentee.is_active
    assert JournalEntry.objects.filter(text="CANARY-MENTEE-NOTE").exists()
    assert Pair.objects.get(pk=scene.pair.pk).status == Pair.Status.ACTIVE
    assert not Erasure.objects.exists()
    assert aggregates() == before


def test_a_testimonial_goes_with_the_person(hr_admin, mentee, scene: Scene):
    from django.utils import timezone

    from evaluation.testing import answer

    response = answer(scene.pair.mentee, "final", {})
    evaluation.Testimonial.objects.create(
        response=response, text="Great!", consented_at=timezone.now()
    )
    services.erase_person(person=mentee, by=hr_admin)
    assert not evaluation.Testimonial.objects.exists()


# --- The page ---------------------------------------------------------------------------


def test_hr_sees_a_confirmation_before_anything_happens(client, hr_admin, mentee, scene):
    client.force_login(hr_admin)
    page = client.get(erase_url(mentee))
    assert page.status_code == 200
    assert "This cannot be undone." in page.content.decode()
    assert not Erasure.objects.exists()


def test_a_wrong_address_is_refused_next_to_the_field(client, hr_admin, mentee, scene: Scene):
    client.force_login(hr_admin)
    page = client.post(erase_url(mentee), {"email": "mentor@example.com"})
    assert page.status_code == 200
    assert page.context["form"].errors["email"] == ["This is not Marc Senior's address."]
    assert User.objects.get(pk=mentee.pk).is_active


def test_hr_cannot_erase_themselves(client, hr_admin):
    client.force_login(hr_admin)
    page = client.post(erase_url(hr_admin), {"email": hr_admin.email})
    assert "You cannot erase your own account" in page.content.decode()
    assert User.objects.get(pk=hr_admin.pk).is_active


def test_the_person_page_links_to_erasure_for_hr(client, hr_admin, mentee):
    client.force_login(hr_admin)
    page = client.get(reverse("people:person", args=[mentee.code])).content.decode()
    assert erase_url(mentee) in page


@pytest.mark.parametrize("persona", ["mentor", "mentee", "executive", "outsider"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_hr_may_erase(client, request, persona: str, method: str, scene: Scene):
    target = request.getfixturevalue("mentee" if persona != "mentee" else "mentor")
    client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(erase_url(target), {"email": target.email})
    assert response.status_code == 404
    assert client.get(reverse("privacy:erasures")).status_code == 404
    assert not Erasure.objects.exists()


def test_an_erased_person_cannot_be_erased_again(client, hr_admin, erased: User):
    assert client.get(erase_url(erased)).status_code == 404
    with pytest.raises(services.ErasureRefused):
        services.erase_person(person=erased, by=hr_admin)


def test_the_erasures_page_lists_them_by_number(client, hr_admin, erased: User):
    page = client.get(reverse("privacy:erasures")).content.decode()
    assert erased.name in page
    assert "Marc Senior" not in page


# --- The command ------------------------------------------------------------------------


def test_the_command_erases_by_email(mentee, scene: Scene, capsys):
    call_command("erase_person", "Mentee@Example.com", "--no-input")
    erasure = Erasure.objects.get(person=mentee)
    assert erasure.source == Erasure.Source.COMMAND
    assert erasure.erased_by is None
    assert erasure.label in capsys.readouterr().out


def test_the_command_asks_before_erasing(mentee, scene: Scene):
    with mock.patch("builtins.input", return_value="no"), pytest.raises(CommandError):
        call_command("erase_person", mentee.email)
    assert not Erasure.objects.exists()
    with mock.patch("builtins.input", return_value="yes"):
        call_command("erase_person", mentee.email)
    assert Erasure.objects.filter(person=mentee).exists()


def test_the_command_refuses_an_unknown_address(db):
    with pytest.raises(CommandError, match="Nobody has the address"):
        call_command("erase_person", "nobody@example.com", "--no-input")


def test_the_erased_persons_download_would_hold_nothing_of_them(erased: User, scene: Scene):
    from privacy import export

    body = "".join(export.stream(erased))
    for text in ("Marc Senior", "mentee@example.com", "CANARY-MENTEE"):
        assert text not in body


def test_pair_reasons_and_the_admin_history_no_longer_name_the_person(hr_admin, mentee, scene):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    Pair.objects.filter(pk=scene.pair.pk).update(
        reasons=[{"code": "diverse", "params": {"criteria": ["gender"]}}]
    )
    entry = LogEntry.objects.create(
        user=hr_admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(mentee.pk),
        object_repr="Marc Senior",
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Grade"]}}]',
    )
    erasure = services.erase_person(person=mentee, by=hr_admin)
    assert Pair.objects.get(pk=scene.pair.pk).reasons == []
    assert Pair.objects.get(pk=scene.other_pair.pk).reasons == []  # it had none to begin with
    entry.refresh_from_db()
    assert "Marc Senior" not in entry.object_repr
    assert erasure.label in entry.object_repr
    assert entry.change_message == ""
