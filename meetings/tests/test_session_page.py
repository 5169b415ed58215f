"""A session's page: what it costs, and that it reads no feedback text the member may not see."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.access import feedback_on, meeting_page_for
from meetings.models import Meeting
from meetings.testing import make_held_meeting, make_meeting
from programmes.models import Topic

pytestmark = pytest.mark.django_db

# Reading the visitor's session is a query with the database's sessions, none with Redis's
# cached ones (settings.SESSION_ENGINE).
SESSION = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def test_a_session_to_come_costs_two_queries_besides_the_visitors_session(
    client, pair, mentor, django_assert_num_queries
):
    meeting = make_meeting(pair)
    client.force_login(mentor)
    url = reverse("meetings:detail", args=[meeting.code])
    client.get(url)

    # The session, the person, the session with its pair: nothing of the log before it is held.
    with django_assert_num_queries(2 + SESSION):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["topics"] == [] and response.context["journal"] is None


def test_a_held_session_costs_five_queries_besides_the_visitors_session(
    client, pair, mentor, mentee, django_assert_num_queries
):
    meeting = make_held_meeting(pair, note="Mine", feedback_by=(mentor, mentee))
    client.force_login(mentor)
    url = reverse("meetings:detail", args=[meeting.code])
    client.get(url)
    # The session, the person, the session with its pair and whose feedback exists, its
    # topics, the journal, both feedback rows.
    with django_assert_num_queries(5 + SESSION):
        client.get(url)

    meeting.topics.set(Topic.objects.all())
    for days in range(8, 30):
        make_held_meeting(pair, days_ago=days, note="n", feedback_by=(mentor, mentee))
    with django_assert_num_queries(5 + SESSION):
        response = client.get(url)

    page = response.content.decode()
    assert "Marc Senior learned something" in page and "Zoé Junior learned something" in page
    assert len(response.context["topics"]) == Topic.objects.count() > 0


@pytest.mark.parametrize("given", [(), ("mentee",)])
def test_before_giving_theirs_a_member_reads_no_feedback_text(client, request, pair, given):
    mentor = request.getfixturevalue("mentor")
    authors = tuple(request.getfixturevalue(who) for who in given)
    meeting = make_held_meeting(pair, feedback_by=authors)
    client.force_login(mentor)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("meetings:detail", args=[meeting.code]))

    assert not any('"learned"' in query["sql"] for query in captured.captured_queries)
    assert response.context["own_feedback"] is response.context["other_feedback"] is None
    assert response.context["other_has_given"] is bool(given)


def test_feedback_on_follows_the_rule_of_visible_to(pair, mentor, mentee, outsider):
    meeting = make_held_meeting(pair, feedback_by=(mentee,))

    seen = feedback_on(mentor, meeting_page_for(mentor, meeting.code))
    assert (seen.own, seen.other, seen.other_has_given) == (None, None, True)
    seen = feedback_on(mentee, meeting_page_for(mentee, meeting.code))
    assert (seen.own.author, seen.other, seen.other_has_given) == (mentee, None, False)
    # Someone outside the pair reads nothing, even given a session of it.
    marked = Meeting.objects.filter(pk=meeting.pk).first()
    marked.mine_given = marked.other_given = True
    seen = feedback_on(outsider, marked)
    assert (seen.own, seen.other, seen.other_has_given) == (None, None, False)
