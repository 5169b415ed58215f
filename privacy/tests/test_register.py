from django.apps import apps
from django.core.management import call_command
from django.db import models

from privacy import register


def test_every_field_of_every_model_is_in_the_register():
    assert register.problems() == []


def test_the_register_covers_every_app_of_the_project():
    labels = {model._meta.label for model in register.registered_models()}
    for app in ("people", "programmes", "enrolments", "pairing", "meetings"):
        assert any(label.startswith(f"{app}.") for label in labels), app
    for app in ("reminders", "evaluation", "privacy"):
        if apps.is_installed(app):
            assert any(label.startswith(f"{app}.") for label in labels), app
    assert "account.EmailAddress" in labels
    assert "sessions.Session" in labels
    assert "auth.Permission" not in labels  # nothing personal in it


def test_a_new_field_missing_from_the_register_is_reported(monkeypatch):
    field = models.CharField(name="nickname", max_length=20)
    field.concrete = True
    user = apps.get_model("people", "User")
    real = register.field_names
    monkeypatch.setattr(
        register,
        "field_names",
        lambda model: real(model) + (["nickname"] if model is user else []),
    )
    assert register.problems() == ["people.User.nickname: field missing from the register"]


def test_a_field_that_no_longer_exists_is_reported(monkeypatch):
    entry = register.REGISTER["people.User"]
    fields = {**entry.fields, "birthday": register.personal("Cake.", "cleared")}
    monkeypatch.setitem(
        register.REGISTER, "people.User", register.ModelEntry(entry.purpose, fields)
    )
    assert register.problems() == [
        "people.User.birthday: in the register but not a field of the model"
    ]


def test_a_personal_field_must_say_what_erasure_does(monkeypatch):
    entry = register.REGISTER["people.Department"]
    fields = {**entry.fields, "name": register.Entry(register.PERSONAL, "A name.")}
    monkeypatch.setitem(
        register.REGISTER, "people.Department", register.ModelEntry(entry.purpose, fields)
    )
    assert register.problems() == [
        "people.Department.name: personal, but nothing says what erasure does"
    ]


def test_journals_exit_reasons_and_gender_are_sensitive():
    assert register.REGISTER["meetings.JournalEntry"].fields["text"].category == register.SENSITIVE
    assert register.REGISTER["meetings.ExitRequest"].fields["reason"].category == register.SENSITIVE
    assert register.REGISTER["enrolments.Enrolment"].fields["gender"].category == (
        register.SENSITIVE
    )
    assert register.REGISTER["people.User"].fields["password"].category == register.SENSITIVE


def test_the_document_is_generated_from_the_register():
    assert register.DOCUMENT.read_text() == register.markdown()
    call_command("data_register", "--check")
