"""Figures as the pages show them: a number, or the reason it is hidden, in words that fit
it ("fewer than 5 people"). The words come from evaluation/wording.py, as in the CSV, the
chart data and the PDF."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from evaluation.indicators import Estimate, Figure, Moments
from evaluation.wording import change_text, difference_text, figure_text, percent_text

register = template.Library()


def _hidden(text: str) -> SafeString:
    return format_html('<span class="not-enough">{}</span>', text)


@register.simple_tag
def fig(item: Figure | Moments | None, digits: int = 0, suffix: str = "") -> SafeString | str:
    """The figure's value with `digits` decimals and a suffix (" / 5"), or why it is hidden.
    A percentage is `{% pct %}`."""
    if isinstance(item, Moments):
        item = item.mean()
    text = figure_text(item, digits, suffix)
    if item is None or item.hidden or item.value is None:
        return _hidden(text)
    return text


@register.simple_tag
def pct(item: Figure | Moments | None, digits: int = 0) -> SafeString | str:
    """A share as a percentage in the reader's format ("72.5%", "72,5 %"), or why it is
    hidden."""
    if isinstance(item, Moments):
        item = item.mean()
    text = percent_text(item, digits)
    if item is None or item.hidden or item.value is None:
        return _hidden(text)
    return text


@register.simple_tag
def change(item: Estimate, digits: int = 2) -> SafeString | str:
    """A mean change with its sign, its 95% interval and its n."""
    value, interval = change_text(item, digits)
    if item.hidden or item.mean is None:
        return _hidden(value)
    if not interval:
        return value
    return format_html('{} <span class="text-body-secondary small">({})</span>', value, interval)


@register.filter
def shown(item: Figure | Moments | None) -> bool:
    if isinstance(item, Moments):
        return not item.hidden
    return item is not None and item.shown and item.value is not None


@register.simple_tag
def interval(item: Figure, digits: int = 0) -> SafeString | str:
    """A difference in points with its 95% interval."""
    value, bounds = difference_text(item, digits)
    if item.hidden or item.value is None:
        return _hidden(value)
    return format_html('{} <span class="text-body-secondary small">({})</span>', value, bounds)
