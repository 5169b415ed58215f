"""Issue 12, item 4, on people's pages: a time zone is named as the picker names it (never
"America/Toronto"), a hire date is in words, languages are a list in the reader's language
and the directory's count is grouped ("1,002 people", "1 002 personnes")."""

from datetime import UTC, date, datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.importing import ImportReport, Problem
from common.testing import NBSP
from people import timezones
from people.models import User
from people.testing import make_person

pytestmark = pytest.mark.django_db

WINTER = datetime(2027, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2027, 7, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "zone", "at", "label"),
    [
        ("en", "America/Toronto", WINTER, "Toronto · Canada · UTC−05:00"),
        ("en", "America/Toronto", SUMMER, "Toronto · Canada · UTC−04:00"),
        ("fr", "Asia/Kolkata", WINTER, "Calcutta · Inde · UTC+05:30"),
        ("fr", "Asia/Singapore", WINTER, "Singapour · UTC+08:00"),  # a city that is its country
        ("en", "UTC", WINTER, "Coordinated Universal Time (UTC)"),
        ("fr", "UTC", WINTER, "Temps universel coordonné (UTC)"),
        ("en", "America/Montreal", WINTER, "Montreal · UTC−05:00"),  # an old name, still valid
    ],
)
def test_a_zone_is_named_as_the_picker_names_it(language, zone, at, label):
    with translation.override(language):
        assert timezones.label(zone, at) == label
        # The picker offers the same words for the zones it lists.
        offered = dict(item for _group, items in timezones.choices(now=at) for item in items)
        if zone in offered:
            assert offered[zone] == label


@pytest.mark.parametrize(
    ("language", "hired", "languages", "count"),
    [
        ("en", "1 March 2020", "English, French and German", "1,002 people"),
        ("fr", "1er mars 2020", "anglais, français et allemand", f"1{NBSP}002 personnes"),
    ],
)
def test_the_directory_and_a_persons_card_in_the_readers_format(
    client, hr_admin, language, hired, languages, count
):
    person = make_person(
        email="lea@example.com",
        name="Léa Martin",
        hired_on=date(2020, 3, 1),
        languages=["en", "fr", "de"],
    )
    User.objects.bulk_create(
        User(email=f"colleague{number}@example.com", name=f"Colleague {number:04d}")
        for number in range(1000)
    )
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language)
    client.force_login(hr_admin)

    card = client.get(reverse("people:person", args=[person.code])).content.decode()
    directory = client.get(reverse("people:directory")).content.decode()

    assert f'<dd class="col-sm-8">{hired}</dd>' in card
    assert f'<dd class="col-sm-8">{languages}</dd>' in card
    assert count in directory


@pytest.mark.parametrize(
    ("language", "told"),
    [
        ("en", "The file has 1,200 problems."),
        ("fr", f"Le fichier comporte 1{NBSP}200 problèmes."),
    ],
)
def test_an_import_report_counts_its_problems_grouped(language, told):
    report = ImportReport(
        problems=[Problem(line, "email", "Not an email address.") for line in range(2, 1202)]
    )
    with translation.override(language):
        html = render_to_string("includes/import_problems.html", {"report": report})

    assert told in html
