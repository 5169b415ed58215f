"""Programmes and objectives get their texts in English and in French.

The columns that held one text (name, description, place; an objective's sentence and
metric) become the English ones, and a French column joins each. The texts already
written were in one language or the other: those that read as French move to the French
columns (a count of the small words each language cannot do without), the others stay.
"""

import re

from django.db import migrations, models

FRENCH = {"le", "la", "les", "des", "du", "et", "un", "une", "pour", "avec", "au", "aux",
          "sur", "dans", "est", "leur", "leurs", "chaque", "à", "où", "qui", "que"}  # fmt: skip
ENGLISH = {"the", "and", "of", "to", "for", "with", "an", "in", "on", "their", "is", "each",
           "who", "what", "at", "from", "by", "how"}  # fmt: skip
WORD = re.compile(r"[\w’']+")
PROGRAMME_TEXTS = ("name", "description", "place")
OBJECTIVE_TEXTS = ("sentence", "metric")


def reads_as_french(*texts: str) -> bool:
    words = [word.lower() for text in texts for word in WORD.findall(text or "")]
    french = sum(word in FRENCH for word in words) + sum(
        any(letter in word for letter in "éèêàùçôî") for word in words
    )
    return french > sum(word in ENGLISH for word in words)


def move_french_texts(apps, schema_editor) -> None:
    for model, fields in (
        (apps.get_model("programmes", "Programme"), PROGRAMME_TEXTS),
        (apps.get_model("programmes", "Objective"), OBJECTIVE_TEXTS),
    ):
        for row in model.objects.all():
            english = [getattr(row, f"{field}_en") for field in fields]
            if reads_as_french(*english):
                for field, text in zip(fields, english, strict=True):
                    setattr(row, f"{field}_fr", text)
                    setattr(row, f"{field}_en", "")
                row.save(
                    update_fields=[
                        f"{field}_{lang}" for field in fields for lang in "en fr".split()
                    ]
                )


def join_texts_back(apps, schema_editor) -> None:
    for model, fields in (
        (apps.get_model("programmes", "Programme"), PROGRAMME_TEXTS),
        (apps.get_model("programmes", "Objective"), OBJECTIVE_TEXTS),
    ):
        for row in model.objects.all():
            for field in fields:
                setattr(
                    row, f"{field}_en", getattr(row, f"{field}_en") or getattr(row, f"{field}_fr")
                )
            row.save(update_fields=[f"{field}_en" for field in fields])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_sponsor_survives_account_erasure")]

    operations = [
        migrations.RenameField("programme", "name", "name_en"),
        migrations.RenameField("programme", "description", "description_en"),
        migrations.RenameField("programme", "place", "place_en"),
        migrations.RenameField("objective", "sentence", "sentence_en"),
        migrations.RenameField("objective", "metric", "metric_en"),
        migrations.AlterField(
            model_name="programme",
            name="name_en",
            field=models.CharField(blank=True, max_length=150, verbose_name="name in English"),
        ),
        migrations.AddField(
            model_name="programme",
            name="name_fr",
            field=models.CharField(blank=True, max_length=150, verbose_name="name in French"),
        ),
        migrations.AlterField(
            model_name="programme",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description in English"),
        ),
        migrations.AddField(
            model_name="programme",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description in French"),
        ),
        migrations.AlterField(
            model_name="programme",
            name="place_en",
            field=models.CharField(
                blank=True,
                help_text="A site, a room, or a video link.",
                max_length=200,
                verbose_name="place in English",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="place_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in French"),
        ),
        migrations.AlterField(
            model_name="objective",
            name="sentence_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="objective in English"),
        ),
        migrations.AddField(
            model_name="objective",
            name="sentence_fr",
            field=models.CharField(blank=True, max_length=300, verbose_name="objective in French"),
        ),
        migrations.AlterField(
            model_name="objective",
            name="metric_en",
            field=models.CharField(
                blank=True,
                help_text="For example: of mentees use a generative-AI assistant weekly.",
                max_length=200,
                verbose_name="measured as (English)",
            ),
        ),
        migrations.AddField(
            model_name="objective",
            name="metric_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="measured as (French)"),
        ),
        migrations.AlterModelOptions(
            name="programme",
            options={
                "ordering": ["-start_on", "name_en", "name_fr"],
                "verbose_name": "programme",
                "verbose_name_plural": "programmes",
            },
        ),
        migrations.RunPython(move_french_texts, join_texts_back),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_en", ""), _negated=True)
                | models.Q(("name_fr", ""), _negated=True),
                name="programme_has_a_name",
                violation_error_message="Give the programme a name in English or in French.",
            ),
        ),
        migrations.AddConstraint(
            model_name="objective",
            constraint=models.CheckConstraint(
                condition=models.Q(("sentence_en", ""), _negated=True)
                | models.Q(("sentence_fr", ""), _negated=True),
                name="objective_has_a_sentence",
            ),
        ),
    ]
