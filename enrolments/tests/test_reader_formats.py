"""Issue 12, item 4, on the enrolment pages and the decision email: dates in words (“1er” on
the first in French), languages and availabilities as lists in the reader's language,
whatever the language of the person who volunteered."""

from datetime import UTC, date, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from enrolments import availability
from enrolments.emails import decision
from enrolments.models import Enrolment
from enrolments.testing import make_enrolment
from people.models import User
from people.testing import make_person
from programmes.models import Programme
from programmes.testing import make_programme

pytestmark = pytest.mark.django_db

Role = Enrolment.Role

# (language, review page: submitted, languages, availability, capacity; open page: closes,
#  starts; the approval email's start)
EXPECTED = {
    "en": {
        "submitted": "10 January 2027",
        "languages": "French and English",
        "availability": "Monday 09:00–12:00 and Thursday 14:00–17:30",
        "capacity": "takes 2 mentees",
        "closes": "Enrolment closes on 1 February 2027",
        "starts": "Starts on 1 March 2027, for 6 months",
        "email": "The programme starts on 1 March 2027.",
    },
    "fr": {
        "submitted": "10 janvier 2027",
        "languages": "français et anglais",
        "availability": "Lundi 09:00–12:00 et jeudi 14:00–17:30",
        "capacity": "accompagne 2 mentoré·es",
        "closes": "Inscriptions jusqu’au 1er février 2027",
        "starts": "Démarre le 1er mars 2027, pour 6 mois",
        "email": "Le programme démarre le 1er mars 2027.",
    },
}


@pytest.fixture
def programme(hr_admin: User, executive: User) -> Programme:
    return make_programme(
        name="Digital acculturation",
        slug="digital-acculturation",
        sponsor=executive,
        managers=[hr_admin],
        status=Programme.Status.ENROLMENT_OPEN,
        start_on=date(2027, 3, 1),
        duration_months=6,
        enrolment_opens_on=date(2027, 1, 1),
        enrolment_closes_on=date(2027, 2, 1),
        max_mentees_per_mentor=2,
    )


@pytest.fixture
def volunteers(programme: Programme, mentor: User, mentee: User) -> list[Enrolment]:
    submitted = datetime(2027, 1, 10, 9, tzinfo=UTC)
    rows = [
        make_enrolment(programme=programme, person=mentor, role=Role.MENTOR, capacity=2),
        make_enrolment(
            programme=programme,
            person=mentee,
            role=Role.MENTEE,
            topics={"generative-ai": 1},
            availability=availability.parse("mon 09:00-12:00; thu 14:00-17:30"),
            status=Enrolment.Status.APPROVED,
        ),
    ]
    Enrolment.objects.filter(programme=programme).update(submitted_at=submitted)
    return rows


def text_of(response) -> str:
    return unescape(response.content.decode())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_hr_reads_the_volunteers_in_their_format(client, hr_admin, programme, volunteers, language):
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language)
    client.force_login(hr_admin)
    expected = EXPECTED[language]

    review = text_of(client.get(reverse("enrolments:review", args=[programme.code])))

    assert f'">{expected["submitted"]}</time>' in review
    assert f"{expected['languages']}<br>{expected['availability']}</td>" in review
    assert expected["capacity"] in review


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_volunteer_reads_the_open_programme_and_the_decision_in_their_format(
    client, programme, volunteers, language
):
    approved = volunteers[1]
    User.objects.filter(pk=approved.person_id).update(preferred_language=language)
    approved.person.refresh_from_db()
    newcomer = make_person(email="lea@example.com", grade=14, preferred_language=language)
    expected = EXPECTED[language]

    with time_machine.travel(datetime(2027, 1, 15, 10, tzinfo=UTC), tick=False):
        client.force_login(newcomer)
        page = text_of(client.get(reverse("enrolments:open")))  # while enrolment is open
    email = decision(approved)

    assert expected["closes"] in page
    assert expected["starts"] in page
    assert expected["email"] in email.body
    assert expected["email"] in unescape(email.alternatives[0][0])
