from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enrolments.models import Enrolment
from hr import worklist
from hr.home import executive_section, hr_section
from meetings import services as meetings
from meetings.testing import make_held_meeting, make_pair, make_running_programme
from pairing.models import Pair
from pairing.testing import Role, approve
from people import leavers
from people.testing import make_person
from programmes.models import Programme
from programmes.testing import make_programme
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


def _company(hr_admin, executive, size: int) -> Programme:
    """A running programme with `size` of each thing the work list counts."""
    programme = make_running_programme(
        hr_admin=hr_admin, executive=executive, slug=f"running-{size}", name=f"Running {size}"
    )
    long_ago = timezone.now() - timedelta(days=90)
    for number in range(size):
        mentor = make_person(name=f"Mentor {size}-{number}", grade=3)
        mentee = make_person(name=f"Mentee {size}-{number}", grade=15)
        pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
        Pair.objects.filter(pk=pair.pk).update(published_at=long_ago)
        Reminder.objects.create(
            kind=Reminder.Kind.LOG_NUDGE,
            status=Reminder.Status.FAILED,
            recipient=mentor,
            programme=programme,
            dedupe_key=f"failed-{size}-{number}",
            due_at=timezone.now(),
        )
        approve(programme, make_person(grade=4), Role.MENTOR, status=Enrolment.Status.SUBMITTED)
    return programme


def test_each_line_counts_what_its_page_lists(hr_admin, executive):
    _company(hr_admin, executive, 3)
    today = timezone.localdate()
    make_programme(
        name="Closing soon",
        slug="closing-soon",
        status=Programme.Status.ENROLMENT_OPEN,
        enrolment_opens_on=today - timedelta(days=10),
        enrolment_closes_on=today + timedelta(days=3),
        start_on=today + timedelta(days=20),
    )
    lines = {line.key: line for line in worklist.hr_work()}
    assert lines["review"].count == 3
    assert lines["at_risk"].count == 3
    assert lines["reminders"].count == 3
    assert lines["closing"].count == 1
    assert lines["closing"].detail == "Closing soon"
    assert lines["at_risk"].text == "3 pairs at risk (no session held in 45 days)"
    assert lines["at_risk"].link == reverse("hr:attention") + "#at-risk"


def test_a_pair_that_met_recently_is_not_at_risk(hr_admin, executive, mentor, mentee):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    Pair.objects.filter(pk=pair.pk).update(published_at=timezone.now() - timedelta(days=90))
    make_held_meeting(pair, days_ago=3)
    lines = {line.key: line for line in worklist.hr_work()}
    assert lines["at_risk"].count == 0


def _queries(build) -> int:
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


def test_hr_home_runs_the_same_number_of_queries_whatever_the_data(hr_admin, executive):
    now = timezone.now()
    _company(hr_admin, executive, 1)
    small = _queries(lambda: hr_section(hr_admin, now))
    _company(hr_admin, executive, 6)
    large = _queries(lambda: hr_section(hr_admin, now))
    assert small == large == 8


def test_executive_figures_run_the_same_number_of_queries(hr_admin, executive):
    now = timezone.now()
    _company(hr_admin, executive, 1)
    small = _queries(lambda: executive_section(executive, now))
    _company(hr_admin, executive, 5)
    large = _queries(lambda: executive_section(executive, now))
    assert small == large == 4
    figures = executive_section(executive, now)["headlines"]
    assert [(line.active_pairs, line.at_risk) for line in figures] == [(1, 1), (5, 5)]


def test_the_home_page_shows_the_work_list_to_hr_only(client, hr_admin, executive, mentor):
    _company(hr_admin, executive, 2)
    client.force_login(hr_admin)
    page = client.get("/").content.decode()
    assert "Your work list" in page
    assert "2 volunteers waiting for review" in page
    client.force_login(mentor)
    assert "Your work list" not in client.get("/").content.decode()


def test_exit_requests_and_leavers_are_lines_of_the_work_list_and_rows_of_the_page(
    client, hr_admin, executive, mentor, mentee
):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    asking = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    meetings.request_exit(pair=asking, by=mentee, reason="Nous ne trouvons pas de créneau")
    leaver = make_person(name="Léa Partie", grade=3)
    left_behind = make_person(name="Paul Resté", grade=15)
    make_pair(programme=programme, mentor=leaver, mentee=left_behind)
    leavers.deactivate(person=leaver, by=hr_admin, source="hr")

    lines = {line.key: line for line in worklist.hr_work()}
    assert lines["exits"].count == 1
    assert lines["exits"].text == "1 pair asks HR to end it"
    assert lines["exits"].link == reverse("hr:attention") + "#exits"
    assert lines["leavers"].count == 1
    assert lines["leavers"].link == reverse("hr:attention") + "#leavers"

    client.force_login(hr_admin)
    page = client.get(reverse("hr:attention")).text
    assert page.count('data-testid="exit-request"') == 1
    assert page.count('data-testid="leaver-pair"') == 1
    assert "Léa Partie" in page and "has left" in page
    # Only HR reads the reason, and on the pair's page, not in a list.
    assert "Nous ne trouvons pas de créneau" not in page


def _short_final_survey(programme: Programme, answered: int, invited: int) -> None:
    """Move `programme` so that its final review closes in three days, with `answered` of
    `invited` answers."""
    from evaluation.models import Response
    from evaluation.services.surveys import ensure_surveys

    today = timezone.localdate()
    for back in range(0, 800):
        programme.start_on = today - timedelta(days=back)
        if programme.ends_on == today + timedelta(days=3):
            break
    Programme.objects.filter(pk=programme.pk).update(
        start_on=programme.start_on,
        enrolment_opens_on=programme.start_on - timedelta(days=30),
        enrolment_closes_on=programme.start_on - timedelta(days=10),
    )
    final = ensure_surveys(programme)["final"]
    for number in range(invited):
        pair = make_pair(
            programme=programme,
            mentor=make_person(name=f"Survey mentor {programme.pk}-{number}", grade=3),
            mentee=make_person(name=f"Survey mentee {programme.pk}-{number}", grade=15),
        )
        Response.objects.create(
            survey=final,
            enrolment=pair.mentee,
            answered_at=timezone.now() if number < answered else None,
        )


def _rows(client, link: str, testid: str) -> int:
    return client.get(link).text.count(f'data-testid="{testid}"')


def test_each_line_links_to_a_page_that_shows_what_it_counts(client, hr_admin, executive):
    today = timezone.localdate()
    for number in (1, 2):
        make_programme(
            name=f"Closing soon {number}",
            slug=f"closing-soon-{number}",
            status=Programme.Status.ENROLMENT_OPEN,
            enrolment_opens_on=today - timedelta(days=10),
            enrolment_closes_on=today + timedelta(days=number),
            start_on=today + timedelta(days=20),
        )
    make_programme(
        name="Closing later",
        slug="closing-later",
        status=Programme.Status.ENROLMENT_OPEN,
        enrolment_opens_on=today - timedelta(days=10),
        enrolment_closes_on=today + timedelta(days=30),
        start_on=today + timedelta(days=40),
    )
    lyon = make_running_programme(hr_admin=hr_admin, executive=executive, name="Lyon")
    _short_final_survey(lyon, answered=6, invited=16)
    client.force_login(hr_admin)

    lines = {line.key: line for line in worklist.hr_work()}
    assert lines["closing"].count == 2
    page = client.get(lines["closing"].link).text
    assert page.count('data-testid="closing-soon"') == 2
    assert "Closing later" not in page
    assert "Enrolment closes" in page

    assert lines["surveys"].count == 1
    page = client.get(lines["surveys"].link).text
    assert page.count('data-testid="highlighted-survey"') == 1
    closes = (today + timedelta(days=3)).strftime("%-d %B %Y")
    assert "6 of 16 answered (38%)" in page
    assert f"closes on {closes}" in page

    # A second programme short of answers: the line links to HR's list of them.
    other = make_running_programme(
        hr_admin=hr_admin, executive=executive, name="Paris", slug="paris"
    )
    _short_final_survey(other, answered=1, invited=4)
    lines = {line.key: line for line in worklist.hr_work()}
    assert lines["surveys"].count == 2
    assert _rows(client, lines["surveys"].link, "short-survey") == 2
