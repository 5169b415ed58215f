"""Reasons stored as words become codes with parameters, worded when a page is read.

Rounds refused for one person stored their sentence as it was written then (in the
language of whoever ran the round); some older rows may hold sentences where codes
belong. Each sentence that reads as one of the known ones, in English or in French,
becomes its code; any other stays as it was, under the code "text", shown as written.
"""

import re

from django.db import migrations

# The sentences as they were written (frozen here: a migration must not follow the code).
SENTENCES = [
    ("no_longer_approved", r"(?P<name>.+) is no longer approved\.", None),
    ("no_longer_approved", r"L’inscription de (?P<name>.+) n’est plus acceptée\.", None),
    ("already_paired", r"(?P<name>.+) already has an active pair\.", None),
    ("already_paired", r"(?P<name>.+) a déjà un binôme actif\.", None),
    ("shared_availability", r"They share (?P<slots>\d+) available time slots?\.", int),
    ("shared_availability", r"Ils ont (?P<slots>\d+) créneaux? libres? en commun\.", int),
    ("mentors_full", r"All (?P<mentors>\d+) compatible mentors are full\.", int),
    ("mentors_full", r"Their one compatible mentor is full\.", None),
    ("flexible_availability", r"At least one of them is flexible on timing\.", None),
    ("locked", r"Locked by HR\.", None),
    ("no_mentors", r"The programme has no mentor\.", None),
]


def as_code(item):
    if not isinstance(item, str):
        return item
    for code, pattern, number in SENTENCES:
        match = re.fullmatch(pattern, item.strip())
        if match:
            params = match.groupdict()
            if number:
                params = {key: number(value) for key, value in params.items()}
            if code == "mentors_full" and not params:
                params = {"mentors": 1}
            return {"code": code, "params": params}
    return {"code": "text", "params": {"text": item}}


def codes(items):
    return [as_code(item) for item in items or []]


def to_codes(apps, schema_editor) -> None:
    PairingRound = apps.get_model("pairing", "PairingRound")
    for pairing_round in PairingRound.objects.exclude(error={}).exclude(error__isnull=True):
        params = (pairing_round.error or {}).get("params") or {}
        if any(isinstance(item, str) for item in params.get("reasons", [])):
            params["reasons"] = codes(params["reasons"])
            pairing_round.save(update_fields=["error"])
    for name in ("Pair", "UnpairedReason"):
        model = apps.get_model("pairing", name)
        for row in model.objects.exclude(reasons=[]).only("pk", "reasons").iterator():
            if any(isinstance(item, str) for item in row.reasons):
                row.reasons = codes(row.reasons)
                row.save(update_fields=["reasons"])


class Migration(migrations.Migration):
    dependencies = [("pairing", "0002_round_goal_and_comparison")]

    operations = [migrations.RunPython(to_codes, migrations.RunPython.noop)]
