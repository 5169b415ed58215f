"""The directory reads any search, and its import reports a broken line instead of failing."""

import pytest
from django.urls import reverse

from people import services
from people.models import User

from .directory_files import HEADER, csv_file, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["%00", "a%00b", "%01%1f%7f"])
def test_a_directory_search_with_control_characters_is_read_without_them(client, hr_admin, query):
    client.force_login(hr_admin)

    response = client.get(reverse("people:directory") + f"?q={query}")

    assert response.status_code == 200


def run(data: bytes):
    return services.import_directory(data=data, send_invitations=False, by=None)


def test_a_nul_byte_in_a_field_is_reported_on_its_line(db):
    data = csv_file(person("lea@example.com"), person("sam@example.com", name="Sam\x00uel"))

    report = run(data)

    assert [(problem.line, problem.column) for problem in report.problems] == [(3, "")]
    assert "NUL" in report.problems[0].message
    assert not User.objects.filter(email__in=["lea@example.com", "sam@example.com"]).exists()


def test_every_line_with_a_nul_byte_is_reported_and_the_others_are_checked(db):
    data = csv_file(
        person("lea@example.com", name="L\x00a"),
        person("sam@example.com", grade="99"),
        person("ines@example.com", job_title="\x00"),
    )

    report = run(data)

    assert [(problem.line, problem.column) for problem in report.problems] == [
        (2, ""),
        (3, "grade"),
        (4, ""),
    ]


def test_a_field_over_131072_characters_is_reported_on_its_line(db):
    data = csv_file(
        person("lea@example.com"),
        person("sam@example.com", job_title="x" * 131_073),
        person("ines@example.com", grade="99"),
    )

    report = run(data)

    assert [(problem.line, problem.column) for problem in report.problems] == [
        (3, ""),
        (4, "grade"),
    ]
    assert "too long" in report.problems[0].message


def test_a_header_of_a_million_columns_is_refused_at_once(db):
    data = (HEADER + "," * 1_000_000 + "\r\n").encode() + csv_file(person("a@example.com"))[
        len(HEADER) + 2 :
    ]

    report = run(data)

    assert [(problem.line, problem.column) for problem in report.problems] == [(1, "")]
    assert not User.objects.filter(email="a@example.com").exists()


def test_a_line_of_two_million_columns_is_reported_on_its_line(db):
    data = csv_file(person("lea@example.com")) + b"," * 2_400_000 + b"\r\n"

    report = run(data)

    assert [(problem.line, problem.column) for problem in report.problems] == [(3, "")]
