"""A session's place copied from its programme becomes empty: "the programme's place", which
each member then reads in their own language. A place a member typed stays as typed."""

from django.db import migrations
from django.db.models import F, Q


def programme_place_to_empty(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    copied = Q(place=F("pair__programme__place_en")) | Q(place=F("pair__programme__place_fr"))
    Meeting.objects.exclude(place="").filter(copied).update(place="")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_personal_journal"), ("programmes", "0006_programme_closing_message")]

    operations = [migrations.RunPython(programme_place_to_empty, migrations.RunPython.noop)]
