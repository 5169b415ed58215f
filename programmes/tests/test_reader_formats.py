"""Issue 12, item 4, on the programme pages: dates in words (“1er” on the first in French),
with their weekday in the schedule, the managers as a list and the history's moments in the
reader's language and time zone."""

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from people.models import User
from people.testing import make_person
from programmes import services
from programmes.models import Programme
from programmes.testing import make_programme

pytestmark = pytest.mark.django_db

TODAY = datetime(2027, 1, 10, 9, 5, tzinfo=UTC)  # 10:05 in Paris

EXPECTED = {
    "en": {
        "dates": "From 1 April 2027 to 30 September 2027",
        "schedule": '<time datetime="2027-04-01">Thursday 1 April 2027</time>',
        "managers": "Hélène Ressources and Zoé Martin",
        "enrolment": "10 January 2027 to 15 February 2027",
        "history": '">10 January 2027 at 10:05</time>',
        "change": "<del>1 March 2027</del> → 1 April 2027",
        "list": '<time datetime="2027-04-01">1 April 2027</time>',
    },
    "fr": {
        "dates": "Du 1er avril 2027 au 30 septembre 2027",
        "schedule": '<time datetime="2027-04-01">Jeudi 1er avril 2027</time>',
        "managers": "Hélène Ressources et Zoé Martin",
        "enrolment": "du 10 janvier 2027 au 15 février 2027",
        "history": '">10 janvier 2027 à 10:05</time>',
        "change": "<del>1er mars 2027</del> → 1er avril 2027",
        "list": '<time datetime="2027-04-01">1er avril 2027</time>',
    },
}


@pytest.fixture
def programme(hr_admin: User, executive: User) -> Programme:
    """Made on 10 January to start on 1 March, then moved to 1 April by HR."""
    colleague = make_person(email="zoe.rh@example.com", name="Zoé Martin", is_hr_admin=True)
    with time_machine.travel(TODAY, tick=False):
        programme = make_programme(
            sponsor=executive, managers=[hr_admin, colleague], duration_months=6, cadence="monthly"
        )
        return services.update_programme(
            programme=programme,
            by=hr_admin,
            fields={"start_on": date(2027, 4, 1)},
            managers=[hr_admin, colleague],
            topics=programme.topics.all(),
            objectives=[
                services.ObjectiveData(pk=objective.pk, sentence_en=objective.sentence_en)
                for objective in programme.objectives.all()
            ],
        )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_hr_reads_a_programme_in_their_format(client, programme, hr_admin, language):
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language)
    client.force_login(hr_admin)
    expected = EXPECTED[language]

    page = re.sub(
        r"[ \t\n]+",
        " ",
        unescape(client.get(reverse("programmes:detail", args=[programme.code])).content.decode()),
    )
    listed = unescape(client.get(reverse("programmes:list")).content.decode())

    assert programme.start_on == date(2027, 4, 1)
    assert expected["dates"] in page
    assert expected["schedule"] in page
    assert expected["managers"] in page
    assert expected["enrolment"] in page
    assert expected["history"] in page
    assert expected["change"] in page
    assert expected["list"] in listed


def test_a_newcomer_sees_the_programme_dates_in_words(client, programme):
    reader = make_person(email="lea@example.com", preferred_language="fr")
    client.force_login(reader)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.ENROLMENT_OPEN)

    page = unescape(
        client.get(reverse("programmes:detail", args=[programme.code])).content.decode()
    )

    assert "Du 1er avril 2027 au 30 septembre 2027" in page
