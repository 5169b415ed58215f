"""French elides "de" and "que" before a vowel ("l’avis d’Anne", "ce qu’Éric"), so a
translation cannot put them before a name, a programme or a month filled in when the page
is shown: "de %(name)s" reads "de Anne" for half the company. The French catalogue says
"par %(name)s", "pour %(name)s" or sets the name apart after a colon instead."""

import re

import polib
from django.conf import settings

# Placeholders whose values are words that may start with a vowel: people, programmes, months.
WORDS = "name|names|mentor|mentee|person|other|programme|month|partner|leaver|manager|sponsor"
BEFORE = re.compile(rf"\b(?:[Dd]e|[Qq]ue|[Jj]usque|[Ll]orsque|[Pp]uisque) %\((?:{WORDS})\)s")


def test_no_french_translation_puts_de_or_que_before_a_name_filled_in_later() -> None:
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    found = []
    for entry in catalogue:
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        found += [text for text in translations if BEFORE.search(text)]
    assert found == []
