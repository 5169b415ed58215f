"""The words of the catalogues, as patterns that tell one language from the other.

Every entry of the French catalogues Tandem serves (its own locale/fr, allauth's, and
Django's with the contrib apps and django-countries it uses) whose translation differs
from its English msgid gives two patterns: the English msgid, which must never be read
on a French page, and its French translation, which must never be read on an English
one. Entries of allauth and Django left untranslated (or fuzzy) in French give a third
kind: shown on a French page, they are English text nobody translated.

Placeholders (`%(name)s`, `%s`, `{name}`) match any text on the same line; markup in a
msgid (`<strong>…</strong>`) is dropped, as it is from the page's text. Matching is
case-sensitive and on whole words, so that "Name" does not match inside "Namespace".
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
from django.conf import settings

PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdfir]|%[sdfi]|\{[a-z_][a-z_0-9]*\}")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’-]\w+)*")
SPACES = re.compile(r"\s+")
NUMBER = re.compile(r"%(?:\([^)]+\))?d")


@dataclass(frozen=True)
class Pattern:
    """One text of a catalogue that must not be read on a page of the other language."""

    text: str  # as written in the catalogue, for the report
    source: str  # "tandem", "allauth", "django"...
    kind: str  # "english" (read on a French page), "french" (on an English page), "untranslated"
    regex: re.Pattern[str]
    key: tuple[str, ...]  # one word or two that any match contains: the page index's key


def _source_of(path: Path) -> str:
    parts = path.parts
    if "site-packages" not in parts:
        return "tandem"
    return parts[parts.index("site-packages") + 1]


def catalogue_files() -> list[Path]:
    """The French .po files of every catalogue the pages are rendered with."""
    import allauth
    import django
    import django_countries

    django_dir = Path(django.__file__).parent
    files = [Path(path) / "fr" / "LC_MESSAGES" / "django.po" for path in settings.LOCALE_PATHS]
    files.append(Path(allauth.__file__).parent / "locale/fr/LC_MESSAGES/django.po")
    files.append(Path(django_countries.__file__).parent / "locale/fr/LC_MESSAGES/django.po")
    files.append(django_dir / "conf/locale/fr/LC_MESSAGES/django.po")
    for app in ("auth", "humanize", "contenttypes", "sessions"):
        files.append(django_dir / f"contrib/{app}/locale/fr/LC_MESSAGES/django.po")
    return [path for path in files if path.exists()]


def plain(text: str) -> str:
    """A catalogue text as a page shows it: markup dropped, whitespace folded."""
    return SPACES.sub(" ", TAG.sub("", text)).strip()


def _compile(text: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """The text as a regular expression, and the words that index it; None for a text too
    short to tell a language: words cut by placeholders one by one ("from %(a)s to %(b)s"
    matches any sentence with "from" and "to"), except beside a number ("%(n)d hours")."""
    text = plain(text).replace("%%", "%")
    chunks = PLACEHOLDER.split(text)
    holders = PLACEHOLDER.findall(text)
    words = [word for chunk in chunks for word in WORD.findall(chunk)]
    longest = max(chunks, key=lambda chunk: len(WORD.findall(chunk)))
    numeric = all(NUMBER.match(holder) for holder in holders)
    if not words or (holders and len(WORD.findall(longest)) < 2 and not numeric):
        return None
    parts = []
    for index, chunk in enumerate(chunks):
        if index:
            holder = holders[index - 1]
            parts.append(r"\d[\d\s.,]*" if NUMBER.match(holder) else r"[^\n]+?")
        parts.append(r"\s+".join(re.escape(piece) for piece in chunk.split(" ")))
    body = "".join(parts)
    if len(words) == 1 and not holders:
        # A word alone ("Mon", "and", "date") is a word of both languages inside a
        # sentence: it counts only as a line of its own, a label or a button.
        regex = re.compile(rf"^{body}[\s:.]*$", re.MULTILINE)
    else:
        # Whole words only: no letter may touch the text at either end.
        regex = re.compile(rf"(?<!\w){body}(?!\w)")
    return regex, tuple(WORD.findall(longest)[:2])


def _texts(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English, French) of an entry, its plural forms paired one with the other."""
    if entry.msgid_plural:
        forms = [entry.msgstr_plural.get(i, "") for i in sorted(entry.msgstr_plural)]
        if not forms:
            return [(entry.msgid, ""), (entry.msgid_plural, "")]
        return [(entry.msgid, forms[0]), (entry.msgid_plural, forms[-1])]
    return [(entry.msgid, entry.msgstr)]


@dataclass
class Catalogue:
    english: list[Pattern]
    french: list[Pattern]
    untranslated: list[Pattern]

    def patterns(self, language: str) -> list[Pattern]:
        """What must not be read on a page in `language`."""
        if language == "fr":
            return [*self.english, *self.untranslated]
        return self.french


@cache
def load() -> Catalogue:
    english: dict[str, Pattern] = {}
    french: dict[str, Pattern] = {}
    untranslated: dict[str, Pattern] = {}
    translated_somewhere, same = set(), set()
    entries = []
    for path in catalogue_files():
        source = _source_of(path)
        for entry in polib.pofile(str(path)):
            entries.append((source, entry))
            if entry.translated() and not entry.obsolete:
                translated_somewhere.update(en for en, _fr in _texts(entry))
                same.update(plain(en) for en, fr in _texts(entry) if plain(en) == plain(fr))
    for source, entry in entries:
        for en, fr in _texts(entry):
            en_plain, fr_plain = plain(en), plain(fr)
            if not fr_plain or "fuzzy" in entry.flags:
                if source != "tandem" and en not in translated_somewhere:
                    _add(untranslated, en_plain, source, "untranslated")
                continue
            if en_plain == fr_plain or en_plain in same:
                # Tandem's "Note" is "Note" in French, whatever allauth's catalogue says.
                continue
            _add(english, en_plain, source, "english")
            _add(french, fr_plain, source, "french")
    # A text that is a translation in one catalogue and a msgid of the other language in
    # another ("Message", "Question") proves nothing.
    for text in set(english) & set(french):
        del english[text], french[text]
    return Catalogue(list(english.values()), list(french.values()), list(untranslated.values()))


def _add(patterns: dict[str, Pattern], text: str, source: str, kind: str) -> None:
    if text in patterns:
        return
    compiled = _compile(text)
    if compiled is not None:
        patterns[text] = Pattern(text, source, kind, *compiled)
