"""`{% load formatting %}`: numbers, percentages, dates and lists in the reader's language
(common/formatting.py). Registered in settings.TEMPLATES' `libraries`, since `common` is not
an installed app.

    {{ count|number }}          1,234 / 1 234
    {{ rating|number:1 }}       4.2 / 4,2
    {{ share|percent }}         72% / 72 %        {{ share|percent:1 }}  72.5% / 72,5 %
    {{ change|signed:2 }}       +1.33 / +1,33
    {{ on|day }}                6 December 2026 / 6 décembre 2026
    {{ at|moment }}             6 December 2026 at 14:30 / 6 décembre 2026 à 14:30
    {{ names|word_list }}       A, B and C / A, B et C
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

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


@register.filter
def day(value: date | datetime | None) -> str:
    return formatting.day(value)


@register.filter
def moment(value: datetime | None) -> str:
    return formatting.moment(value)


@register.filter
def word_list(items: Iterable[str] | None) -> str:
    return formatting.word_list(items or [])
