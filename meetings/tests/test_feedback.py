"""Feedback: each member gives theirs once, and reads the other's only after giving theirs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import Feedback
from meetings.testing import make_held_meeting, make_meeting

pytestmark = pytest.mark.django_db


def give(client, meeting, rating="5", learned="", taught=""):
    return client.post(
        reverse("meetings:feedback", args=[meeting.code]),
        {"rating": rating, "learned": learned, "taught": taught},
    )


def test_a_member_reads_the_others_feedback_only_after_giving_their_own(
    client, pair, mentor, mentee
):
    meeting = make_held_meeting(pair)
    detail = reverse("meetings:detail", args=[meeting.code])
    client.force_login(mentor)
    give(client, meeting, "4", learned="How a budget is argued", taught="Prompting patterns")

    client.force_login(mentee)
    before = client.get(detail)
    give(client, meeting, "5", learned="Ask the assistant for counter-arguments")
    after = client.get(detail)

    assert "How a budget is argued" not in before.content.decode()
    assert before.context["other_feedback"] is None
    assert "has given their feedback: give yours to read it" in before.content.decode()
    assert "How a budget is argued" in after.content.decode()
    assert after.context["other_feedback"].author == mentor
    client.force_login(mentor)
    assert "Ask the assistant for counter-arguments" in client.get(detail).content.decode()


def test_the_rule_holds_in_the_query_not_only_the_template(pair, mentor, mentee, outsider):
    meeting = make_held_meeting(pair, feedback_by=(mentor,))

    assert list(Feedback.objects.visible_to(mentee)) == []
    assert [f.author for f in Feedback.objects.visible_to(mentor)] == [mentor]
    assert list(Feedback.objects.visible_to(outsider)) == []

    services.give_feedback(meeting=meeting, by=mentee, rating=3)

    assert {f.author for f in Feedback.objects.visible_to(mentee)} == {mentor, mentee}
    assert list(Feedback.objects.visible_to(outsider)) == []


def test_feedback_is_given_once_and_only_on_a_held_session(client, pair, mentor):
    held = make_held_meeting(pair, feedback_by=(mentor,))
    planned = make_meeting(pair)

    with pytest.raises(ValidationError):
        services.give_feedback(meeting=held, by=mentor, rating=1)
    with pytest.raises(ValidationError):
        services.give_feedback(meeting=planned, by=mentor, rating=1)
    client.force_login(mentor)
    again = give(client, held, "1")

    assert again.status_code == 302
    assert Feedback.objects.get().rating == 4


def test_a_rating_outside_one_to_five_is_refused(client, pair, mentor):
    meeting = make_held_meeting(pair)
    client.force_login(mentor)

    response = give(client, meeting, "6")

    assert response.status_code == 200
    assert response.context["form"].errors["rating"]
    assert not Feedback.objects.exists()


def test_giving_feedback_updates_the_reminders_inside_the_transaction(pair, mentor, monkeypatch):
    from django.db import transaction

    meeting = make_held_meeting(pair)
    calls = []
    monkeypatch.setattr(
        services.reminders,
        "meeting_logged",
        lambda m: calls.append(transaction.get_connection().in_atomic_block),
    )

    services.give_feedback(meeting=meeting, by=mentor, rating=5)

    assert calls == [True]
