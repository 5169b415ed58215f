"""Texts people write in both languages: two plain fields, `<name>_en` and `<name>_fr`.

A reader reads the text of their language, and the other one when theirs is empty, with
a mark that says so (`programmes/templatetags/bilingual.py`). Both columns sit on the
row they describe, so reading a programme in either language costs no extra query.

Why two plain fields rather than django-modeltranslation or django-parler: parler keeps
translations in a table of their own, a join or a prefetch more on every list that the
query-count tests would meet; modeltranslation writes the same two columns as these but
adds a third, original column whose value its own documentation calls undetermined,
patches the models' managers to rewrite `filter(name=…)` and `order_by("name")` into the
active language's column (without falling back: a French list would put the programmes
named only in English first), and would clash with the `name_en`/`name_fr` columns that
topics, charters and survey questions already had. What is left to write is this module.
"""

from dataclasses import dataclass

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

LANGUAGES = ("en", "fr")


def reader_language() -> str:
    """The active language, as one of LANGUAGES."""
    return "fr" if (get_language() or "en").startswith("fr") else "en"


@dataclass(frozen=True)
class Text:
    """A text as one reader reads it: in their language, or in the other one (`fallback`)."""

    text: str
    language: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def choose(english: str, french: str, language: str | None = None) -> Text:
    language = language or reader_language()
    mine, other = (french, english) if language == "fr" else (english, french)
    if (mine or "").strip() or not (other or "").strip():
        return Text(mine or "", language, False)
    return Text(other, "en" if language == "fr" else "fr", True)


def in_language(english: str, french: str) -> str:
    """The text in the active language, falling back on the other one when it is empty."""
    return choose(english, french).text


def text_of(obj: object, field: str, language: str | None = None) -> Text:
    return choose(getattr(obj, f"{field}_en"), getattr(obj, f"{field}_fr"), language)


def bilingual(field: str, doc: str = "") -> property:
    """`obj.<field>` reads the reader's language (or the other one); assigning it writes
    the active language's column, so `Programme(name="…")` still works."""

    def get(self: object) -> str:
        return text_of(self, field).text

    def set_(self: object, value: str) -> None:
        setattr(self, f"{field}_{reader_language()}", value)

    return property(get, set_, doc=doc or f"The {field} in the reader's language.")


def either_contains(field: str, words: str) -> Q:
    """A filter on the text in either language."""
    return Q(**{f"{field}_en__icontains": words}) | Q(**{f"{field}_fr__icontains": words})


def sort_key(field: str) -> Coalesce:
    """An expression to order by `field` as the reader reads it: `order_by(sort_key("name"))`,
    `sort_key("programme__name")`."""
    mine, other = ("fr", "en") if reader_language() == "fr" else ("en", "fr")
    return Coalesce(NullIf(F(f"{field}_{mine}"), Value("")), F(f"{field}_{other}"))
