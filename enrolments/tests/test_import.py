"""Importing volunteers collected elsewhere: all or nothing, with every bad line reported."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from enrolments import services
from enrolments.importing import COLUMNS
from enrolments.models import Enrolment
from enrolments.testing import make_enrolment
from people.testing import make_person
from programmes.models import Programme

HEADER = ",".join(COLUMNS)


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode()


@pytest.fixture
def people(db) -> dict:
    return {
        "lea": make_person(email="lea@example.com", name="Léa Martin", grade=4, languages=["fr"]),
        "sam": make_person(email="sam@example.com", name="Samuel Okafor", grade=16),
        "ines": make_person(email="ines@example.com", name="Inès Garcia", grade=5),
    }


def run(programme, data: bytes):
    return services.import_enrolments(programme=programme, data=data, by=None)


def problems(report) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.column) for problem in report.problems]


def test_a_good_file_enrols_everyone_for_review(programme, people):
    report = run(
        programme,
        csv_file(
            'lea@example.com,mentor,generative-ai:4;social-networks:2,2,,"mon 09:00-12:00; '
            'thu 14:00-17:30","I explain TikTok to my parents, I can do it at work."',
            "SAM@example.com,Mentee,generative-ai:1:2;social-networks:2,,en;fr,flexible,",
        ),
    )

    assert report.ok and report.created == 2
    lea = Enrolment.objects.get(person=people["lea"])
    assert (lea.role, lea.status, lea.source, lea.capacity) == ("mentor", "submitted", "import", 2)
    assert lea.charter_accepted_at is None  # accepted later, from their own page
    assert lea.languages == ["fr"]  # empty cell: the directory's languages
    assert lea.availability["slots"][1] == {"day": "thu", "start": "14:00", "end": "17:30"}
    assert {(row.topic.slug, row.level) for row in lea.topic_rows.all()} == {
        ("generative-ai", 4),
        ("social-networks", 2),
    }
    sam = Enrolment.objects.get(person=people["sam"])
    assert (sam.role, sam.capacity, sam.languages) == ("mentee", None, ["en", "fr"])
    assert {(row.topic.slug, row.priority, row.confidence) for row in sam.topic_rows.all()} == {
        ("generative-ai", 1, 2),
        ("social-networks", 2, None),
    }
    assert sam.availability == {"flexible": True, "slots": []}


BAD_LINES = [
    ("nobody@example.com,mentor,generative-ai:3,,,,", "email", "Nobody in the directory"),
    ("not-an-address,mentor,generative-ai:3,,,,", "email", "is not an email address"),
    (",mentor,generative-ai:3,,,,", "email", "The email address is missing."),
    ("ines@example.com,sponsor,generative-ai:3,,,,", "role", "must be “mentor” or “mentee”"),
    ("ines@example.com,mentor,,,,,", "topics", "Give at least one topic"),
    ("ines@example.com,mentor,knitting:3,,,,", "topics", "There is no topic “knitting”."),
    ("ines@example.com,mentor,negotiation:3,,,,", "topics", "is not among the topics"),
    ("ines@example.com,mentor,strategy:3,,,,", "topics", "is not among the topics"),
    ("ines@example.com,mentor,generative-ai:5,,,,", "topics", "The level on “generative-ai”"),
    ("ines@example.com,mentor,generative-ai:high,,,,", "topics", "whole number from 1 to 4"),
    ("ines@example.com,mentor,generative-ai,,,,", "topics", "is not a topic and a number"),
    ("ines@example.com,mentor,generative-ai:3:2,,,,", "topics", "For a mentor, give one number"),
    ("ines@example.com,mentor,generative-ai:3;generative-ai:2,,,,", "topics", "appears twice"),
    ("sam@example.com,mentee,generative-ai:0,,,,", "topics", "The priority of"),
    ("sam@example.com,mentee,generative-ai:1:9,,,,", "topics", "The confidence on"),
    ("ines@example.com,mentor,generative-ai:3,3,,,", "capacity", "from 1 to 2 mentee(s)"),
    ("ines@example.com,mentor,generative-ai:3,many,,,", "capacity", "not “many”"),
    ("sam@example.com,mentee,generative-ai:1,1,,,", "capacity", "Only mentors take mentees"),
    ("ines@example.com,mentor,generative-ai:3,,xx,,", "languages", "is not a language code"),
    ('ines@example.com,mentor,generative-ai:3,,"fr,en",,', "languages", "with a semicolon"),
    ("ines@example.com,mentor,generative-ai:3,,,someday,", "availability", "is not a day and"),
    ("ines@example.com,mentor,generative-ai:3,,,mon 14:00-09:00,", "availability", "must end"),
    ("ines@example.com,mentor,generative-ai:3,,,moon 09:00-10:00,", "availability", "not a day"),
    ("ines@example.com,mentor,generative-ai:3,,", "", "This line has 5 values"),
]


@pytest.mark.parametrize(("line", "column", "message"), BAD_LINES)
def test_each_bad_line_is_reported_with_its_column_and_nothing_is_imported(
    programme, people, line, column, message
):
    good = "lea@example.com,mentor,generative-ai:3,,,,"

    report = run(programme, csv_file(good, line))

    assert not report.ok
    assert [(problem.line, problem.column) for problem in report.problems] == [(3, column)]
    assert message in report.problems[0].message
    assert not Enrolment.objects.exists()


def test_someone_ineligible_is_refused_with_the_reason(programme, people):
    Programme.objects.filter(pk=programme.pk).update(mentee_min_grade=17)
    programme.refresh_from_db()
    make_person(email="nograde@example.com", name="No Grade", grade=None)

    report = run(
        programme,
        csv_file(
            "sam@example.com,mentee,generative-ai:1,,,,",
            "nograde@example.com,mentor,generative-ai:2,,,,",
        ),
    )

    assert problems(report) == [(2, "role"), (3, "role")]
    assert "mentees must be from grade 17" in report.problems[0].message
    assert "has no grade in the directory" in report.problems[1].message
    assert not Enrolment.objects.exists()


def test_duplicates_in_the_file_and_in_the_programme_are_refused(programme, people):
    make_enrolment(programme=programme, person=people["ines"])

    report = run(
        programme,
        csv_file(
            "lea@example.com,mentor,generative-ai:3,,,,",
            "lea@example.com,mentor,social-networks:3,,,,",
            "ines@example.com,mentor,generative-ai:3,,,,",
        ),
    )

    assert problems(report) == [(3, "email"), (4, "email")]
    assert "already on line 2" in report.problems[0].message
    assert "Inès Garcia has already volunteered for this programme" in report.problems[1].message
    assert Enrolment.objects.count() == 1


def test_every_problem_of_the_file_is_reported_at_once(programme, people):
    report = run(
        programme,
        csv_file(
            "nobody@example.com,mentor,generative-ai:3,,,,",
            "lea@example.com,mentor,generative-ai:3,,,,",
            "ines@example.com,mentee,generative-ai:9,4,zz,never,",
        ),
    )

    assert problems(report) == [
        (2, "email"),
        (4, "topics"),
        (4, "capacity"),
        (4, "languages"),
        (4, "availability"),
    ]
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"email,role\r\nlea@example.com,mentor\r\n", "Missing: topics, capacity"),
        (HEADER.replace(",", ";").encode() + b"\r\n", "separated by semicolons"),
        (HEADER.encode() + b"\r\n", "The file has no volunteers in it."),
        ("\ufeff".encode("utf-16") + HEADER.encode("utf-16"), "UTF-16"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(programme, people, data, message):
    report = run(programme, data)

    assert not report.ok
    assert message in report.problems[0].message


def test_a_running_programme_takes_no_more_imports(programme, people):
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.RUNNING)
    programme.refresh_from_db()

    report = run(programme, csv_file("lea@example.com,mentor,generative-ai:3,,,,"))

    assert "can be imported only until it starts" in report.problems[0].message
    assert not Enrolment.objects.exists()


def test_the_import_page_imports_and_sends_hr_to_the_queue(client, hr_admin, programme, people):
    client.force_login(hr_admin)
    upload = SimpleUploadedFile(
        "volunteers.csv", csv_file("lea@example.com,mentor,generative-ai:3,,,,"), "text/csv"
    )

    response = client.post(reverse("enrolments:import", args=[programme.code]), {"file": upload})

    assert response.status_code == 302
    assert response.url == reverse("enrolments:review", args=[programme.code])
    assert Enrolment.objects.get().person == people["lea"]


def test_the_import_page_shows_every_problem(client, hr_admin, programme, people):
    client.force_login(hr_admin)
    upload = SimpleUploadedFile(
        "volunteers.csv",
        csv_file("nobody@example.com,mentor,generative-ai:3,,,,", "lea@example.com,boss,x:1,,,,"),
        "text/csv",
    )

    response = client.post(reverse("enrolments:import", args=[programme.code]), {"file": upload})

    assert response.status_code == 200
    assert 'data-testid="import-problems"' in response.text
    assert len(response.context["report"].problems) == 3
    assert not Enrolment.objects.exists()


def test_the_import_page_explains_the_columns_and_the_example_reads_back(
    client, hr_admin, programme, people
):
    client.force_login(hr_admin)

    page = client.get(reverse("enrolments:import", args=[programme.code]))
    example = client.get(reverse("enrolments:import_example", args=[programme.code]))

    for column in COLUMNS:
        assert f"<code>{column}</code>" in page.text
    assert example["Content-Type"].startswith("text/csv")
    assert example.content.startswith(b"\xef\xbb\xbf")
    make_person(email="lea.martin@example.com", grade=3)
    make_person(email="samuel.okafor@example.com", grade=17)
    assert run(programme, example.content).created == 2


def test_the_command_imports_a_file(programme, people, tmp_path: Path):
    path = tmp_path / "volunteers.csv"
    path.write_bytes(csv_file("lea@example.com,mentor,generative-ai:3,,,,"))
    out = StringIO()

    call_command("import_enrolments", "digital-acculturation", str(path), stdout=out)

    assert "1 volunteer(s) submitted for review" in out.getvalue()
    assert Enrolment.objects.get().person == people["lea"]


def test_the_command_lists_the_problems_and_fails(programme, people, tmp_path: Path):
    path = tmp_path / "volunteers.csv"
    path.write_bytes(csv_file("nobody@example.com,mentor,generative-ai:3,,,,"))
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_enrolments", "digital-acculturation", str(path), stderr=err)

    assert "line 2, email: Nobody in the directory" in err.getvalue()
    assert not Enrolment.objects.exists()


def test_the_command_names_an_unknown_programme(db, tmp_path: Path):
    with pytest.raises(CommandError, match="no programme with the short name “nope”"):
        call_command("import_enrolments", "nope", str(tmp_path / "missing.csv"))
