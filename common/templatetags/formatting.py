"""`{% load formatting %}`: numbers, percentages, dates and lists in the reader's language
(common/formatting.py). Registered in settings.TEMPLATES' `libraries`, since `common` is not
an installed app.

    {{ count|number }}          1,234 / 1 234
    {{ rating|number:1 }}       4.2 / 4,2
    {{ share|percent }}         72% / 72 %        {{ share|percent:1 }}  72.5% / 72,5 %
    {{ change|signed:2 }}       +1.33 / +1,33
    {{ on|day }}                6 December 2026 / 6 décembre 2026
    {{ on|day:"weekday" }}      Sunday 6 December 2026 / dimanche 6 décembre 2026
    {{ on|day:"no year" }}      6 December / 6 décembre   ("weekday, no year": both)
    {{ at|moment }}             6 December 2026 at 14:30 / 6 décembre 2026 à 14:30
    {{ at|moment:"weekday" }}   Sunday 6 December 2026 at 14:30 (options as for day)
    {{ names|word_list }}       A, B and C / A, B et C
    {{ people|word_list:"name" }}   each one's name, as a list
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template

from common import formatting

register = template.Library()

Number = float | int | Decimal


@register.filter
def number(value: Number | None, digits: int = 0) -> str:
    if value is None or value == "":
        return ""
    return formatting.number(value, int(digits))


@register.filter
def percent(value: Number | None, digits: int = 0) -> str:
    return formatting.percent(value, int(digits))


@register.filter
def signed(value: Number | None, digits: int = 0) -> str:
    if value is None or value == "":
        return ""
    return formatting.signed(value, int(digits))


def _options(spec: str) -> dict[str, bool]:
    """ "weekday", "no year" or "weekday, no year": what a date shows besides its day."""
    words = {word.strip() for word in str(spec or "").split(",")} - {""}
    unknown = words - {"weekday", "no year"}
    if unknown:
        raise template.TemplateSyntaxError(f"Unknown date options: {', '.join(sorted(unknown))}")
    return {"weekday": "weekday" in words, "year": "no year" not in words}


@register.filter
def day(value: date | datetime | None, spec: str = "") -> str:
    return formatting.day(value, **_options(spec))


@register.filter
def moment(value: datetime | None, spec: str = "") -> str:
    return formatting.moment(value, **_options(spec))


@register.filter
def as_of(value: datetime | None) -> str:
    """“Figures as of 23:37”, with the day when it is not today."""
    return formatting.as_of(value) if value else ""


@register.filter
def word_list(items: Iterable[Any] | None, attribute: str = "") -> str:
    """The items, or each item's `attribute` (`{{ people|word_list:"name" }}`), as a list."""
    items = items or []
    if attribute:
        items = [getattr(item, attribute) for item in items]
    return formatting.word_list(items)
