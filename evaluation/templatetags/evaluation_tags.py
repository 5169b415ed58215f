"""Figures as the pages show them: a number, or "not enough answers" when it is hidden."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from evaluation.indicators import Estimate, Figure, Moments

register = template.Library()


def not_enough() -> SafeString:
    return format_html('<span class="not-enough">{}</span>', _("not enough answers"))


@register.simple_tag
def fig(item: Figure | Moments | None, digits: int = 0, suffix: str = "") -> SafeString | str:
    """The figure's value with `digits` decimals and a suffix (" %"), or "not enough answers"."""
    if isinstance(item, Moments):
        item = item.mean()
    if item is None or item.hidden or item.value is None:
        return not_enough()
    return f"{number_format(round(item.value, digits), digits)}{suffix}"


@register.simple_tag
def change(item: Estimate, digits: int = 2) -> SafeString | str:
    """A mean change with its sign, its 95 % interval and its n."""
    if item.hidden or item.mean is None:
        return not_enough()

    def signed(value: float) -> str:
        sign = "+" if value > 0 else ("−" if value < 0 else "")
        return f"{sign}{number_format(abs(round(value, digits)), digits)}"

    if item.low is None:
        return signed(item.mean)
    interval = _("95 %% interval from %(low)s to %(high)s, n = %(n)s") % {
        "low": signed(item.low),
        "high": signed(item.high),
        "n": item.n,
    }
    return format_html(
        '{} <span class="text-body-secondary small">({})</span>', signed(item.mean), interval
    )


@register.filter
def shown(item: Figure | Moments | None) -> bool:
    if isinstance(item, Moments):
        return not item.hidden
    return item is not None and item.shown and item.value is not None
