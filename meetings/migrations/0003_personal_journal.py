"""Private notes become personal journal entries of their author: more private, never less.

Each note keeps its author, session, text and dates; from now on only its author reads it
(the partner used to read it too). Going back copies the entries into notes again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def notes_to_journal(apps, schema_editor):
    PrivateNote = apps.get_model("meetings", "PrivateNote")
    JournalEntry = apps.get_model("meetings", "JournalEntry")
    for note in PrivateNote.objects.all().iterator():
        entry = JournalEntry.objects.create(
            meeting_id=note.meeting_id, author_id=note.author_id, text=note.text
        )
        # auto_now_add and auto_now wrote today: keep when the note was written.
        JournalEntry.objects.filter(pk=entry.pk).update(
            created_at=note.created_at, updated_at=note.updated_at
        )


def journal_to_notes(apps, schema_editor):
    PrivateNote = apps.get_model("meetings", "PrivateNote")
    JournalEntry = apps.get_model("meetings", "JournalEntry")
    PrivateNote.objects.bulk_create(
        [
            PrivateNote(meeting_id=entry.meeting_id, author_id=entry.author_id, text=entry.text)
            for entry in JournalEntry.objects.all().iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_schedule_closures_exits_video"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="JournalEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(max_length=4000, verbose_name="personal journal")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="written at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="author",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="journal_entries",
                        to="meetings.meeting",
                        verbose_name="session",
                    ),
                ),
            ],
            options={
                "verbose_name": "journal entry",
                "verbose_name_plural": "journal entries",
                "ordering": ["created_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("meeting", "author"), name="journal_entry_one_per_author"
                    )
                ],
            },
        ),
        migrations.RunPython(notes_to_journal, journal_to_notes),
        migrations.DeleteModel(name="PrivateNote"),
    ]
