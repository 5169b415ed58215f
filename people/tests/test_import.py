"""The directory import: what it writes, and every reason it refuses a file."""

from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError
from django.utils import timezone

from common.importing import ImportReport
from people import services
from people.importing import COLUMNS, EXAMPLE_CSV
from people.models import Department, User
from people.testing import make_person

from .directory_files import company, csv_file, person

pytestmark = pytest.mark.django_db


def run(data: bytes) -> ImportReport:
    return services.import_directory(data=data, send_invitations=False, by=None)


def refused(data: bytes) -> list[tuple[int | None, str, str]]:
    report = run(data)
    assert not report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    return [(problem.line, problem.column, problem.message) for problem in report.problems]


# --- What a good file does --------------------------------------------------------------


def test_a_valid_file_creates_people_with_their_directory_attributes():
    data = csv_file(
        person("Claire.Dubois@Example.com", name="Claire Dubois", department="Direction",
               grade="20", birth_year="1968", country="fr", languages="FR; en",
               hired_on="2009-03-02", preferred_language="FR"),
        person("lea.martin@example.com", name="Léa Martin", department="Finance", grade="6",
               manager_email="CLAIRE.DUBOIS@example.com", birth_year="", site="Paris",
               languages="", preferred_language=""),
    )  # fmt: skip

    report = run(data)

    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    claire = User.objects.get(email="claire.dubois@example.com")
    lea = User.objects.get(email="lea.martin@example.com")
    assert claire.name == "Claire Dubois"
    assert claire.department.name == "Direction"
    assert claire.grade == 20
    assert claire.hired_on == date(2009, 3, 2)
    assert claire.generation == "gen_x"
    assert claire.country.code == "FR"
    assert claire.languages == ["fr", "en"]
    assert claire.preferred_language == "fr"
    assert claire.manager is None
    assert lea.manager == claire
    assert lea.generation == ""
    assert lea.languages == []
    assert lea.preferred_language == "en"
    assert lea.site == "Paris"
    assert not claire.has_usable_password()
    assert set(Department.objects.values_list("name", flat=True)) == {"Direction", "Finance"}


def test_new_people_get_a_verified_primary_address_so_that_they_can_sign_in():
    run(csv_file(person("ana@example.com")))

    address = EmailAddress.objects.get(email="ana@example.com")
    assert address.user.email == "ana@example.com"
    assert address.verified and address.primary


def test_the_example_file_offered_on_the_page_imports_cleanly():
    report = run(EXAMPLE_CSV.encode())

    assert report.ok
    assert report.created == 3
    assert User.objects.get(email="lea.martin@example.com").manager.name == "Samuel Okafor"


def test_reimporting_updates_people_by_email_whatever_the_case():
    run(csv_file(person("ana@example.com", grade="5"), person("bob@example.com", grade="7")))

    report = run(
        csv_file(
            person("ANA@example.com", grade="6", job_title="Lead", manager_email="bob@example.com"),
            person("bob@example.com", grade="7"),
        )
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    ana = User.objects.get(email="ana@example.com")
    assert (ana.grade, ana.job_title, ana.manager.email) == (6, "Lead", "bob@example.com")
    assert User.objects.count() == 2


def test_reimporting_the_same_file_changes_nobody():
    data = csv_file(*company(30))
    run(data)

    report = run(data)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 30)


def test_a_changed_manager_alone_counts_as_an_update():
    run(csv_file(person("a@example.com"), person("b@example.com"), person("c@example.com")))

    report = run(
        csv_file(
            person("a@example.com"),
            person("b@example.com", manager_email="a@example.com"),
            person("c@example.com"),
        )
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)


def test_people_already_in_tandem_are_matched_case_insensitively_and_keep_their_roles(hr_admin):
    hr_admin.email = "HR@Example.com"
    hr_admin.save()

    report = run(csv_file(person("hr@example.com", name="Hélène R.", job_title="HRBP")))

    assert (report.created, report.updated) == (0, 1)
    hr_admin.refresh_from_db()
    assert hr_admin.email == "hr@example.com"
    assert hr_admin.job_title == "HRBP"
    assert hr_admin.is_hr_admin
    assert hr_admin.has_usable_password()


def test_people_missing_from_the_file_are_left_as_they_are(mentor):
    run(csv_file(person("new@example.com", manager_email="mentor@example.com")))

    mentor.refresh_from_db()
    assert mentor.name == "Zoé Junior"
    assert User.objects.get(email="new@example.com").manager == mentor


def test_a_blank_cell_clears_the_value_on_reimport():
    run(csv_file(person("ana@example.com", site="Lyon", grade="5", birth_year="1990")))

    run(csv_file(person("ana@example.com", site="", grade="", birth_year="")))

    ana = User.objects.get(email="ana@example.com")
    assert (ana.site, ana.grade, ana.generation) == ("", None, "")


def test_departments_are_matched_whatever_the_case_and_created_once(db):
    Department.objects.create(name="Finance")

    run(csv_file(person("a@example.com", department="FINANCE"), person("b@example.com",
        department="Legal"), person("c@example.com", department="legal")))  # fmt: skip

    assert sorted(Department.objects.values_list("name", flat=True)) == ["Finance", "Legal"]
    assert User.objects.get(email="a@example.com").department.name == "Finance"
    assert User.objects.get(email="c@example.com").department.name == "Legal"


def test_managers_may_come_after_their_reports_in_the_file():
    report = run(
        csv_file(
            person("report@example.com", manager_email="middle@example.com"),
            person("middle@example.com", manager_email="top@example.com"),
            person("top@example.com"),
        )
    )

    assert report.created == 3
    report_ = User.objects.get(email="report@example.com")
    assert report_.manager.manager.email == "top@example.com"


def test_the_birth_year_is_turned_into_a_generation_and_never_stored():
    run(csv_file(person("ana@example.com", birth_year="1987", hired_on="2015-06-01")))

    ana = User.objects.get(email="ana@example.com")
    assert ana.generation == "gen_y"
    assert not [field for field in User._meta.get_fields() if "birth" in field.name]
    for field in User._meta.concrete_fields:
        if field.name in {"password", "code", "date_joined", "last_login"}:
            continue  # random or clock values that could contain the digits by chance
        value = field.value_from_object(ana)
        assert value != 1987 and "1987" not in str(value), field.name


def test_the_file_may_name_its_columns_in_any_order_and_case_and_add_columns_of_its_own():
    header = "Name,EMAIL,notes," + ",".join(c for c in COLUMNS if c not in {"name", "email"})
    line = "Ana Lima,ana@example.com,likes tea," + ",".join(
        person("x@example.com")[c] for c in COLUMNS if c not in {"name", "email"}
    )

    report = run(f"{header}\n{line}\n".encode())

    assert report.ok
    assert User.objects.get(email="ana@example.com").name == "Ana Lima"


def test_a_utf8_byte_order_mark_as_excel_writes_it_is_accepted():
    report = run(b"\xef\xbb\xbf" + csv_file(person("ana@example.com", name="Anaïs Brück")))

    assert report.ok
    assert User.objects.get(email="ana@example.com").name == "Anaïs Brück"


def test_quoted_values_blank_lines_and_empty_trailing_cells_are_fine():
    data = csv_file(person("ana@example.com", job_title='Head of "Data", Europe'))
    data += b"\r\n" + b"," * (len(COLUMNS) - 1) + b"\r\n"

    report = run(data)

    assert report.ok
    assert User.objects.get(email="ana@example.com").job_title == 'Head of "Data", Europe'


# --- Every reason to refuse, with its line and column -------------------------------------


def test_one_bad_line_among_good_ones_writes_nothing_and_names_that_line():
    rows = company(20)
    rows[11]["grade"] = "99"  # line 13: the header is line 1

    problems = refused(csv_file(*rows))

    assert [(line, column) for line, column, _ in problems] == [(13, "grade")]
    assert User.objects.count() == 0
    assert Department.objects.count() == 0
    assert EmailAddress.objects.count() == 0


def test_every_bad_line_is_reported_not_just_the_first():
    problems = refused(
        csv_file(
            person("a@example.com", grade="0"),
            person("b@example.com"),
            person("not-an-email"),
            person("d@example.com", name="", country="XX"),
        )
    )

    assert [(line, column) for line, column, _ in problems] == [
        (2, "grade"),
        (4, "email"),
        (5, "name"),
        (5, "country"),
    ]


def test_a_refused_reimport_leaves_people_as_they_were():
    run(csv_file(person("ana@example.com", job_title="Analyst")))

    refused(
        csv_file(person("ana@example.com", job_title="Lead"), person("b@example.com", grade="x"))
    )

    assert User.objects.get().job_title == "Analyst"


def test_an_unknown_manager_is_refused():
    problems = refused(csv_file(person("a@example.com", manager_email="ghost@example.com")))

    [(line, column, message)] = problems
    assert (line, column) == (2, "manager_email")
    assert "ghost@example.com" in message


def test_a_manager_already_in_tandem_is_accepted(mentee):
    report = run(csv_file(person("a@example.com", manager_email="Mentee@Example.com")))

    assert report.ok
    assert User.objects.get(email="a@example.com").manager == mentee


def test_a_circle_in_the_reporting_lines_of_the_file_is_refused_naming_the_people():
    problems = refused(
        csv_file(
            person("top@example.com"),
            person("ann@example.com", name="Ann Circle", manager_email="bob@example.com"),
            person("bob@example.com", name="Bob Circle", manager_email="cat@example.com"),
            person("cat@example.com", name="Cat Circle", manager_email="ann@example.com"),
            person("dan@example.com", manager_email="ann@example.com"),
        )
    )

    [(line, column, message)] = problems
    assert (line, column) == (3, "manager_email")
    for name in ("Ann Circle", "Bob Circle", "Cat Circle"):
        assert name in message
    assert "line 4" in message


def test_a_circle_through_someone_already_in_tandem_is_refused(db):
    boss = make_person(email="boss@example.com", name="Big Boss")
    make_person(email="deputy@example.com", name="Dee Deputy", manager=boss)

    problems = refused(csv_file(person("boss@example.com", manager_email="deputy@example.com")))

    [(line, column, message)] = problems
    assert (line, column) == (2, "manager_email")
    assert "Dee Deputy" in message
    assert "Boss@example.com".lower() in message or "Boss" in message


def test_a_file_that_breaks_a_circle_in_the_database_is_accepted(db):
    a = make_person(email="a@example.com")
    b = make_person(email="b@example.com", manager=a)
    User.objects.filter(pk=a.pk).update(manager=b)  # a circle already there

    report = run(csv_file(person("a@example.com", manager_email="")))

    assert report.ok


def test_a_person_cannot_be_their_own_manager():
    [(line, column, message)] = refused(
        csv_file(person("a@example.com", manager_email="A@example.com"))
    )

    assert (line, column) == (2, "manager_email")


@pytest.mark.parametrize("grade", ["0", "21", "-3", "senior", "5.5"])
def test_a_bad_grade_is_refused(grade):
    [(line, column, message)] = refused(csv_file(person("a@example.com", grade=grade)))

    assert (line, column) == (2, "grade")
    assert grade in message


def test_a_duplicate_email_is_refused_on_its_second_line():
    [(line, column, message)] = refused(
        csv_file(person("a@example.com"), person("b@example.com"), person("A@Example.com"))
    )

    assert (line, column) == (4, "email")
    assert "line 2" in message


def test_a_file_not_in_utf8_is_refused_naming_the_first_unreadable_line():
    data = csv_file(person("a@example.com"), person("b@example.com", name="Chloé Durand"),
                    encoding="latin-1")  # fmt: skip

    [(line, column, message)] = refused(data)

    assert line == 3
    assert "UTF-8" in message


def test_a_file_saved_as_unicode_text_is_refused():
    [(_, _, message)] = refused(csv_file(person("a@example.com")).decode().encode("utf-16"))

    assert "UTF-8" in message


@pytest.mark.parametrize(("delimiter", "named"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_with_another_delimiter_is_refused_with_how_to_save_it(delimiter, named):
    data = csv_file(person("a@example.com", languages="fr"), delimiter=delimiter)

    [(line, column, message)] = refused(data)

    assert line == 1
    assert named in message
    assert "CSV UTF-8 (comma delimited)" in message


def test_missing_columns_are_named():
    header = ",".join(c for c in COLUMNS if c not in {"grade", "hired_on"})

    [(line, column, message)] = refused(f"{header}\n".encode())

    assert line == 1
    assert "grade, hired_on" in message


def test_a_repeated_column_is_refused():
    [(line, _, message)] = refused(f"{','.join(COLUMNS)},email\n".encode())

    assert line == 1
    assert "email" in message


@pytest.mark.parametrize("email", ["", "ana", "ana@", "ana example@example.com"])
def test_a_bad_email_is_refused(email):
    [(line, column, _)] = refused(csv_file(person(email, name="Ana Lima")))

    assert (line, column) == (2, "email")


def test_a_bad_manager_email_is_refused():
    [(line, column, _)] = refused(csv_file(person("a@example.com", manager_email="boss at hq")))

    assert (line, column) == (2, "manager_email")


def test_an_empty_name_is_refused():
    [(line, column, _)] = refused(csv_file(person("a@example.com", name="   ")))

    assert (line, column) == (2, "name")


@pytest.mark.parametrize("hired_on", ["15/01/2020", "2020-02-30", "20200115", "2020-1-5"])
def test_a_date_not_written_yyyy_mm_dd_is_refused(hired_on):
    [(line, column, message)] = refused(csv_file(person("a@example.com", hired_on=hired_on)))

    assert (line, column) == (2, "hired_on")
    assert "YYYY-MM-DD" in message


def test_a_hire_date_in_the_future_is_refused():
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    [(line, column, _)] = refused(csv_file(person("a@example.com", hired_on=tomorrow)))

    assert (line, column) == (2, "hired_on")


@pytest.mark.parametrize("birth_year", ["87", "1850", "year", "this year"])
def test_an_implausible_birth_year_is_refused(birth_year):
    birth_year = birth_year.replace("this year", str(timezone.localdate().year))
    [(line, column, _)] = refused(csv_file(person("a@example.com", birth_year=birth_year)))

    assert (line, column) == (2, "birth_year")


def test_an_unknown_language_code_is_refused():
    [(line, column, message)] = refused(csv_file(person("a@example.com", languages="fr;xx")))

    assert (line, column) == (2, "languages")
    assert "xx" in message


def test_languages_separated_by_commas_are_refused_with_the_right_separator():
    [(line, column, message)] = refused(csv_file(person("a@example.com", languages="fr, en")))

    assert (line, column) == (2, "languages")
    assert "fr;en" in message


@pytest.mark.parametrize("country", ["XX", "France", "FRA"])
def test_an_unknown_country_is_refused(country):
    [(line, column, message)] = refused(csv_file(person("a@example.com", country=country)))

    assert (line, column) == (2, "country")
    assert country in message


def test_a_preferred_language_other_than_french_or_english_is_refused():
    [(line, column, _)] = refused(csv_file(person("a@example.com", preferred_language="de")))

    assert (line, column) == (2, "preferred_language")


def test_a_value_too_long_for_its_column_is_refused():
    [(line, column, _)] = refused(csv_file(person("a@example.com", job_title="x" * 151)))

    assert (line, column) == (2, "job_title")


def test_a_line_with_too_many_values_is_refused():
    data = csv_file(person("a@example.com")) + b"b@example.com,B,Finance,Analyst,5,,2020-01-01,"
    data += b"1990,Lyon,FR,fr,en,extra\r\n"

    [(line, column, message)] = refused(data)

    assert (line, column) == (3, "")
    assert "double quotes" in message


def test_an_empty_file_is_refused():
    [(line, _, message)] = refused(b"  \n")

    assert line is None
    assert "empty" in message


def test_a_file_with_only_the_column_names_is_refused():
    [(_, _, message)] = refused(f"{','.join(COLUMNS)}\r\n".encode())

    assert "no people" in message


def test_an_address_that_is_someone_elses_second_address_is_refused(mentor):
    EmailAddress.objects.create(user=mentor, email="zoe.j@example.com", verified=True)

    [(line, column, message)] = refused(csv_file(person("Zoe.J@example.com")))

    assert (line, column) == (2, "email")
    assert "Zoé Junior" in message


def test_a_conflicting_change_during_the_import_rolls_everything_back(monkeypatch):
    real_bulk_create = EmailAddress.objects.bulk_create

    def someone_else_was_quicker(objects, **kwargs):
        make_person(email="racer@example.com", verified=False)
        real_bulk_create(objects, **kwargs)
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(EmailAddress.objects, "bulk_create", someone_else_was_quicker)

    [(line, _, message)] = refused(csv_file(person("ana@example.com")))

    assert line is None
    assert "upload the file again" in message
    assert not User.objects.filter(email__in=["ana@example.com", "racer@example.com"]).exists()


# --- Speed -----------------------------------------------------------------------------------


def test_importing_200_people_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    data = csv_file(*company(200))

    with django_assert_max_num_queries(20):
        report = run(data)
    assert report.created == 200

    changed = company(200)
    for row in changed:
        row["grade"] = "6"
    with django_assert_max_num_queries(20):
        report = run(csv_file(*changed))
    assert report.updated == 200
