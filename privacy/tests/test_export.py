import json

import pytest
from django.urls import reverse

from meetings.testing import make_held_meeting
from people.models import User
from people.testing import make_person
from programmes.models import AuditEvent
from reminders.models import ReminderPreferences

from .conftest import Scene

DOWNLOAD = reverse("privacy:my_data_download")
CANARIES_OF_OTHERS = {
    # Whose data, and what the mentee must never find in their file.
    "CANARY-MENTOR-NOTE",  # the other member's note (left out: notes stay in the pair)
    "CANARY-MENTOR-FEEDBACK-UNSEEN",  # feedback on a session the mentee gave none on
    "CANARY-MENTOR-MOTIVATION",  # the other member's application
    "CANARY-MENTOR-SURVEY",  # the other member's survey answer
    "CANARY-OTHER-PAIR-NOTE",
    "CANARY-OTHER-LOG",
    "CANARY-OTHER-FEEDBACK",
    "CANARY-OTHER-SURVEY",
}


def download(client, person: User) -> tuple[dict, str]:
    client.force_login(person)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    return json.loads(body), body


def test_the_download_is_an_attachment_that_no_cache_keeps(client, mentee, scene: Scene):
    client.force_login(mentee)
    response = client.get(DOWNLOAD)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tandem-my-data-')
    assert response["Cache-Control"] == "no-store"


def test_the_profile_page_links_to_my_data(client, mentee):
    client.force_login(mentee)
    profile = client.get(reverse("people:profile")).content.decode()
    assert reverse("privacy:my_data") in profile
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert DOWNLOAD in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(DOWNLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_mentee_file_holds_their_own_record_and_pair(client, mentee, scene: Scene):
    data, _body = download(client, mentee)
    assert data["account"]["email"] == "mentee@example.com"
    assert data["account"]["email_addresses"] == [
        {"email": "mentee@example.com", "verified": True, "primary": True}
    ]
    assert data["directory"]["grade"] == 15
    assert data["directory"]["department"] == "Operations"
    [enrolment] = data["enrolments"]
    assert enrolment["role"] == "mentee"
    assert enrolment["topics"][0]["priority"] == 1
    assert enrolment["availability"] == {"flexible": True, "slots": []}
    [pair] = data["pairs"]
    assert pair["other_member"] == "Zoé Junior"
    assert pair["my_role"] == "mentee"
    assert pair["agreement"]["mentee_learns"] == "CANARY-AGREEMENT"
    assert len(pair["sessions"]) == 3


def test_the_other_member_appears_by_name_only(client, mentee, scene: Scene):
    _data, body = download(client, mentee)
    assert "Zoé Junior" in body
    assert "mentor@example.com" not in body
    assert "Nina Autre" not in body
    assert "outsider@example.com" not in body


def test_mentee_file_has_their_own_journal_and_nothing_of_the_other_members(
    client, mentee, scene: Scene
):
    data, body = download(client, mentee)
    sessions = {row["code"]: row for row in data["pairs"][0]["sessions"]}
    first = sessions[str(scene.first.code)]
    assert first["my_journal"]["text"] == "CANARY-MENTEE-NOTE"
    # The partner's journal is theirs alone: not even whether one exists.
    assert not [key for key in first if "other_member" in key or "their_journal" in key]
    assert first["shared_takeaways"] == "CANARY-SHARED-TAKEAWAYS"
    assert sessions[str(scene.second.code)]["my_journal"] is None
    for canary in CANARIES_OF_OTHERS:
        assert canary not in body, canary


def test_feedback_received_follows_the_both_have_given_rule(client, mentee, mentor, scene):
    data, _body = download(client, mentee)
    sessions = {row["code"]: row for row in data["pairs"][0]["sessions"]}
    first, second = sessions[str(scene.first.code)], sessions[str(scene.second.code)]
    assert first["my_feedback"] is None
    assert first["feedback_received"] is None  # the mentee has not given theirs
    assert second["my_feedback"]["what_i_taught"] == "CANARY-MENTEE-GIVEN"
    assert second["feedback_received"]["what_i_learned"] == "CANARY-MENTOR-SEEN"

    data, _body = download(client, mentor)
    sessions = {row["code"]: row for row in data["pairs"][0]["sessions"]}
    assert sessions[str(scene.first.code)]["my_feedback"]["rating"] == 5
    assert sessions[str(scene.first.code)]["feedback_received"] is None


def test_gender_is_in_the_file_only_when_declared(client, mentee, mentor, scene: Scene):
    data, body = download(client, mentee)
    assert "gender" not in data["enrolments"][0]
    # Nor anyone else's: the other member's and the other pair's declared genders.
    assert "woman" not in body
    assert "non_binary" not in body
    data, _body = download(client, mentor)
    assert data["enrolments"][0]["gender"] == "woman"
    assert data["enrolments"][0]["gender_consent"] is True


def test_survey_answers_are_the_persons_own(client, mentee, scene: Scene):
    data, _body = download(client, mentee)
    [response] = data["surveys"]
    assert response["survey"] == "midpoint"
    answers = {row["text"] or row["value"] for row in response["answers"]}
    assert answers == {4, "CANARY-MENTEE-SURVEY"}


def test_reminder_preferences_are_in_the_file(client, mentee):
    data, _body = download(client, mentee)
    assert data["reminder_preferences"]["log_nudge"] is True  # never changed: defaults
    ReminderPreferences.objects.create(person=mentee, log_nudge=False)
    data, _body = download(client, mentee)
    assert data["reminder_preferences"]["log_nudge"] is False


def test_an_outsider_without_a_pair_gets_their_record_and_nothing_else(client, db):
    newcomer = make_person(email="newcomer@example.com", name="Nouvelle Venue")
    data, _body = download(client, newcomer)
    assert data["account"]["name"] == "Nouvelle Venue"
    assert data["enrolments"] == []
    assert data["pairs"] == []
    assert data["surveys"] == []
    assert data["reminders_received"] == []
    assert data["audit_events"] == []


def test_hr_file_lists_the_programme_changes_they_made(client, hr_admin, scene: Scene):
    AuditEvent.objects.create(
        programme=scene.programme,
        actor=hr_admin,
        action=AuditEvent.Action.UPDATED,
        changes={"name": ["Old", "New"]},
    )
    data, body = download(client, hr_admin)
    assert data["audit_events"][-1]["changes"] == {"name": ["Old", "New"]}
    assert data["programmes"]["managed"] == [scene.programme.name]
    # HR runs the programme but reads nothing a pair wrote.
    for canary in CANARIES_OF_OTHERS | {"CANARY-MENTEE-NOTE", "CANARY-AGREEMENT"}:
        assert canary not in body, canary
    assert data["pairs"] == []


def test_secrets_are_not_in_the_file(client, mentee, scene: Scene):
    from meetings.models import CalendarFeed

    feed = CalendarFeed.objects.create(person=mentee)
    data, body = download(client, mentee)
    assert feed.token not in body
    assert mentee.password not in body
    assert data["calendar_feed"] is not None


@pytest.mark.parametrize("sessions", [3, 30])
def test_the_export_reads_a_fixed_number_of_queries(
    client, mentee, scene: Scene, sessions: int, django_assert_max_num_queries
):
    for days_ago in range(sessions):
        make_held_meeting(scene.pair, days_ago=30 + days_ago, note="n", feedback_by=(mentee,))
    client.force_login(mentee)
    with django_assert_max_num_queries(25):  # 24 measured, whatever the number of sessions
        response = client.get(DOWNLOAD)
        b"".join(response.streaming_content)
