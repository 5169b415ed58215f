import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import Entry
from audit.recording import record

pytestmark = pytest.mark.django_db


def test_an_entry_cannot_be_changed_or_deleted_through_the_model(hr_admin):
    entry = record(Entry.Kind.EXPORT_DOWNLOADED, by=hr_admin, details={"export": "x.csv"})
    entry.details = {"export": "rewritten.csv"}
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()
    assert Entry.objects.get().details == {"export": "x.csv"}


def test_an_unknown_kind_is_refused(hr_admin):
    with pytest.raises(ValueError):
        record("made_up", by=hr_admin)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET kind = 'role_revoked'",
        "UPDATE audit_entry SET actor_id = NULL",
        "DELETE FROM audit_entry",
    ],
)
def test_postgresql_refuses_update_and_delete_on_the_audit_table(hr_admin, statement):
    record(Entry.Kind.ROLE_GRANTED, by=hr_admin, person=hr_admin, details={"role": "executive"})
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Entry.objects.get().kind == Entry.Kind.ROLE_GRANTED
    assert Entry.objects.filter(actor=hr_admin).count() == 1


@pytest.mark.postgres
def test_postgresql_refuses_a_queryset_update_and_delete(hr_admin):
    record(Entry.Kind.ROLE_GRANTED, by=hr_admin, person=hr_admin)
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.update(kind=Entry.Kind.ROLE_REVOKED)
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.all().delete()
    assert Entry.objects.count() == 1


@pytest.mark.postgres
def test_deleting_a_person_leaves_their_entries_in_place(hr_admin, mentee):
    """No foreign key on the table: deleting what an entry points to touches no row."""
    record(Entry.Kind.PERSON_EDITED, by=hr_admin, person=mentee)
    mentee.delete()
    assert Entry.objects.get().person_id is not None
