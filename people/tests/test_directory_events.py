"""Re-importing the full directory records who left and when, who came back, and grade
changes, as dated events (people/events.py)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from people import services
from people.models import DirectoryEvent, User
from people.testing import make_person

from .directory_files import csv_file, person

pytestmark = pytest.mark.django_db
Kind = DirectoryEvent.Kind


def run(*rows, full: bool = True):
    report = services.import_directory(
        data=csv_file(*rows), send_invitations=False, by=None, full=full
    )
    assert report.ok, report.problems
    return report


def test_a_full_import_records_leavers_grade_changes_and_returns_with_their_date():
    ann, bob, cyd = (person(f"{n}@example.com", grade="5") for n in ("ann", "bob", "cyd"))
    with time_machine.travel(date(2026, 1, 15)):
        run(ann, bob, cyd)
    assert not DirectoryEvent.objects.exists()  # newcomers: nothing changed yet

    with time_machine.travel(date(2026, 3, 2)):
        report = run(ann, {**bob, "grade": "7"})  # cyd is gone, bob promoted
    assert (report.left, report.grade_changed, report.returned) == (1, 1, 0)
    cyd_user = User.objects.get(email="cyd@example.com")
    assert not cyd_user.is_active
    left = DirectoryEvent.objects.get(kind=Kind.LEFT)
    assert (left.person, left.on) == (cyd_user, date(2026, 3, 2))
    grade = DirectoryEvent.objects.get(kind=Kind.GRADE_CHANGED)
    assert (grade.person.email, grade.before, grade.after) == ("bob@example.com", "5", "7")

    with time_machine.travel(date(2026, 9, 1)):
        report = run(ann, {**bob, "grade": "7"}, cyd)
    assert report.returned == 1 and report.left == 0
    cyd_user.refresh_from_db()
    assert cyd_user.is_active
    assert list(DirectoryEvent.objects.filter(person=cyd_user).values_list("kind", "on")) == [
        (Kind.LEFT, date(2026, 3, 2)),
        (Kind.RETURNED, date(2026, 9, 1)),
    ]


def test_a_partial_import_records_grades_but_nobody_leaves():
    ann, bob = person("ann@example.com"), person("bob@example.com")
    run(ann, bob)
    report = run({**ann, "grade": "9"}, full=False)
    assert report.left == 0 and report.grade_changed == 1
    assert User.objects.get(email="bob@example.com").is_active


def test_accounts_outside_the_directory_such_as_superusers_never_leave():
    admin = make_person(email="admin@example.com", is_superuser=True, is_staff=True)
    run(person("ann@example.com"))
    admin.refresh_from_db()
    assert admin.is_active and not DirectoryEvent.objects.filter(person=admin).exists()


def test_hr_ticks_the_whole_directory_box_on_the_import_page(client, hr_admin):
    bob = make_person(email="bob@example.com")
    client.force_login(hr_admin)
    upload = csv_file(person("ann@example.com"), person(hr_admin.email, grade="12"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        reverse("people:import"),
        {"file": SimpleUploadedFile("people.csv", upload, "text/csv"), "full": "on"},
        follow=True,
    )
    assert answer.status_code == 200
    bob.refresh_from_db()
    assert not bob.is_active
    assert "recorded as having left" in answer.content.decode()
