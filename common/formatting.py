"""Numbers, dates and lists as the reader writes them, in the active language.

- numbers: "1,234.5" in English, "1 234,5" in French (a comma decimal, a non-breaking space
  between thousands);
- percentages: "72.5%" in English, "72,5 %" in French (a non-breaking space, U+00A0,
  before the sign, so that it never starts a line);
- months for charts and tables: "Apr 2025" / "avr. 2025" (`month_label`);
- dates in words: "6 December 2026" / "6 décembre 2026" ("1er décembre" on the first),
  with the weekday ("Sunday 6 December 2026" / "dimanche 6 décembre 2026") or without the
  year ("6 December"), and with the time ("… at 14:30" / "… à 14:30");
- lists: "A, B and C" / "A, B et C"; labelled values: "A: 1; B: 2" / "A : 1 ; B : 2";
- spreadsheets (CSV): the delimiter and decimal sign the reader's spreadsheet expects
  ("," and "." in English; ";" and "," in French), numbers without grouping.

Pages use them through the `formatting` template library (common/templatetags), the
evaluation figures through evaluation/wording.py, CSV files through `csv_cell`.
"""

import functools
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

NBSP = "\u00a0"
MINUS = "\u2212"  # “−2”: the minus sign, not a hyphen

Number = float | int | Decimal


def _french() -> bool:
    return (get_language() or "en").startswith("fr")


def number(value: Number, digits: int = 0) -> str:
    """`value` with `digits` decimals, the reader's decimal sign, and thousands grouped."""
    if type(value) is int and not digits and -1000 < value < 1000:
        return str(value)  # nothing to group, no decimals: the same in every language
    text = number_format(round(value, digits), digits, use_l10n=True, force_grouping=True)
    return text.replace(" ", NBSP)


def plural_count(value: Number, digits: int = 0) -> int:
    """The count that chooses the singular or plural of the word after a number shown with
    `digits` decimals (ngettext): the number itself when it shows whole ("1 point", "0
    point" in French, "2 points"), otherwise 2, the plural ("1.5 points": French grammar
    also allows "1,5 point", but the plural is the usage)."""
    shown = round(abs(value), digits)
    return int(shown) if shown == int(shown) else 2


def signed(value: Number, digits: int = 0) -> str:
    """“+1.33”, “−0.5”, “0”: a change, with its sign (a true minus sign)."""
    rounded = round(value, digits)
    sign = "+" if rounded > 0 else (MINUS if rounded < 0 else "")
    return f"{sign}{number(abs(value), digits)}"


def percent(value: Number | None, digits: int = 0) -> str:
    """ "80%" / "80 %"; an empty value stays empty."""
    if value is None or value == "":
        return ""
    return f"{number(value, digits)}{NBSP if _french() else ''}%"


def word_list(items: Iterable[str]) -> str:
    """“a, b and c” / “a, b et c”."""
    return str(get_text_list([str(item) for item in items], gettext_lazy("and")))


def colon() -> str:
    """What goes between a label and its value: ": " / " : " (a no-break space in French)."""
    return f"{NBSP}: " if _french() else ": "


def labelled(pairs: Iterable[tuple[str, str]]) -> str:
    """“Volunteers: 16; Paired: 14” / “Volontaires : 16 ; En binôme : 14” (French puts a
    no-break space before a colon and a semicolon)."""
    space = NBSP if _french() else ""
    return f"{space}; ".join(f"{label}{colon()}{value}" for label, value in pairs)


@functools.cache
def _words(language: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The month names, weekday names and “… at …” of a language, as Django's date formats
    write them ("j F Y", "l"): read from the catalogue once, not for each date a page shows."""
    with translation.override(language):
        return (
            tuple(str(MONTHS[month]) for month in range(1, 13)),
            tuple(str(WEEKDAYS[weekday]) for weekday in range(7)),
            _("%(day)s at %(time)s"),
        )


def day(value: date | datetime | None, *, weekday: bool = False, year: bool = True) -> str:
    """A date in words: “6 December 2026”, “6 décembre 2026”, “1er décembre 2026”; with
    `weekday`, “Sunday 6 December 2026” / “dimanche 6 décembre 2026” (a French weekday is
    written in lower case: `capfirst` it at the start of a sentence); without `year`,
    “6 December” / “6 décembre”. An aware datetime is read in the current time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return _day(value, get_language(), weekday, year)


def _day(value: date, language: str | None, weekday: bool, year: bool) -> str:
    if language is None:  # translations deactivated: Django's formats, untranslated
        text = formats.date_format(value, "j F Y" if year else "j F")
        return f"{formats.date_format(value, 'l')} {text}" if weekday else text
    months, weekdays, _at = _words(language)
    french = language.startswith("fr")
    text = f"{'1er' if french and value.day == 1 else value.day} {months[value.month - 1]}"
    if year:
        text = f"{text} {value.year:04d}"
    if weekday:
        name = weekdays[value.weekday()]
        text = f"{name.lower() if french else name} {text}"
    return text


FRENCH_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def month_label(value: date, *, year: bool = True) -> str:
    """A month in a chart's axis or a table's first column: “Apr 2025” / “avr. 2025”, “Jul
    2025” / “juil. 2025”. French uses its standard abbreviations (never the ambiguous “Jui”
    for both juin and juillet); without `year`, the month alone."""
    name = FRENCH_MONTHS[value.month - 1] if _french() else formats.date_format(value, "M")
    return f"{name}{NBSP}{value.year}" if year else name


def moment(value: datetime | None, *, weekday: bool = False, year: bool = True) -> str:
    """A date in words and its time, in the current time zone: “6 December 2026 at 14:30”,
    “6 décembre 2026 à 14:30” (`weekday` and `year` as for `day`)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    language = get_language()
    at = _words(language)[2] if language else _("%(day)s at %(time)s")
    return at % {
        "day": _day(local.date(), language, weekday, year),
        "time": f"{local.hour:02d}:{local.minute:02d}",  # "H:i"
    }


def as_of(value: datetime) -> str:
    """When figures were read: “Figures as of 23:37” / “Chiffres à 23:37” today, with the
    day otherwise (“Figures as of 5 December 2026 at 23:37” / “Chiffres du 5 décembre
    2026 à 23:37”), in the current time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.date() == timezone.localdate():
        return _("Figures as of %(time)s") % {"time": formats.time_format(local, "H:i")}
    return _("Figures as of %(moment)s") % {"moment": moment(value)}


# --- spreadsheets ---------------------------------------------------------------------------


def csv_delimiter() -> str:
    """What separates cells for the reader's spreadsheet: Excel set to French splits a
    CSV on semicolons (the comma is its decimal sign), set to English on commas."""
    return ";" if _french() else ","


def csv_number(value: Number) -> str:
    """A number a spreadsheet of the reader's language reads as a number: no grouping,
    the reader's decimal sign, a plain hyphen-minus (“-0,5”, “1234.5”)."""
    if isinstance(value, int):
        return str(value)
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format(exact, "f")
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",") if _french() else text


def csv_date(value: date | datetime) -> str:
    """ISO 8601 (“2026-12-06”, “2026-12-06 14:30” in the current time zone): every
    spreadsheet reads it as a date, in either language."""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()
