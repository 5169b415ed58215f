"""`python manage.py import_people FILE.csv`: the same import, from a terminal."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from people.models import User

from .directory_files import csv_file, person

pytestmark = pytest.mark.django_db


def test_the_command_imports_the_file_prints_the_counts_and_invites(
    tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "directory.csv"
    path.write_bytes(
        csv_file(
            person("top@example.com"), person("ana@example.com", manager_email="top@example.com")
        )
    )
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_people", str(path), stdout=out)

    assert "2 created, 0 updated, 0 unchanged" in out.getvalue()
    assert User.objects.get(email="ana@example.com").manager.email == "top@example.com"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.com",
        "top@example.com",
    ]


def test_the_command_can_leave_invitations_out(tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "directory.csv"
    path.write_bytes(csv_file(person("ana@example.com")))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_people", str(path), "--no-invitations", stdout=StringIO())

    assert User.objects.filter(email="ana@example.com").exists()
    assert mail.outbox == []


def test_a_second_run_reports_updates(tmp_path):
    path = tmp_path / "directory.csv"
    path.write_bytes(csv_file(person("ana@example.com"), person("bob@example.com")))
    call_command("import_people", str(path), "--no-invitations", stdout=StringIO())
    path.write_bytes(csv_file(person("ana@example.com", grade="9"), person("bob@example.com")))
    out = StringIO()

    call_command("import_people", str(path), "--no-invitations", stdout=out)

    assert "0 created, 1 updated, 1 unchanged" in out.getvalue()


def test_a_bad_file_prints_every_bad_line_fails_and_writes_nothing(tmp_path):
    path = tmp_path / "directory.csv"
    path.write_bytes(
        csv_file(
            person("ana@example.com", grade="42"),
            person("bob@example.com"),
            person("cat@example.com", manager_email="ghost@example.com"),
        )
    )
    err = StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_people", str(path), stdout=StringIO(), stderr=err)

    assert "line 2, grade:" in err.getvalue()
    assert "line 4, manager_email:" in err.getvalue()
    assert "ghost@example.com" in err.getvalue()
    assert User.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_people", str(tmp_path / "nowhere.csv"))
