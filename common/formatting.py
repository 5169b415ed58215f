"""Numbers as the reader writes them: "12.5%" in English, "12,5 %" in French (a comma
decimal and a non-breaking space before the sign); lists joined in their language."""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

NBSP = "\u00a0"


def _french() -> bool:
    return (get_language() or "en").startswith("fr")


def number(value: float | int | Decimal, digits: int = 0) -> str:
    """`value` with `digits` decimals, the reader's decimal sign, and thousands grouped."""
    text = number_format(round(value, digits), digits, use_l10n=True, force_grouping=True)
    return text.replace(" ", NBSP)


def percent(value: float | int | Decimal | None, digits: int = 0) -> str:
    """ "80%" / "80 %"; an empty value stays empty."""
    if value is None or value == "":
        return ""
    return f"{number(value, digits)}{NBSP if _french() else ''}%"


def word_list(items: Iterable[str]) -> str:
    """“a, b and c” / “a, b et c”."""
    return str(get_text_list([str(item) for item in items], _("and")))
