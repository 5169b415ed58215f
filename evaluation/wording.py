"""How a figure reads, in the reader's language: one function per shape of figure, used by
the pages (evaluation_tags), the chart data, the PDF report and the sponsor's email alike,
so that a figure cannot read one way on the page and another in the report. Numbers go
through common/formatting.py: "72.5%" and "1,234" in English, "72,5 %" and "1 234" in
French. (The CSV writes plain numbers for spreadsheets: evaluation/exports.py.)

A hidden figure reads as the reason it is hidden, in words that fit it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common import formatting

from .indicators import Estimate, Figure, Moments, Reason

REASONS = {
    Reason.NO_DATA: gettext_lazy("no answers yet"),
    Reason.FEW_PEOPLE: gettext_lazy("fewer than 5 people"),
    Reason.COMPLEMENT: gettext_lazy("hidden so that a small group cannot be worked out"),
    Reason.SAME_ANSWER: gettext_lazy("hidden: everyone gave the same answer"),
    Reason.SAME_OUTCOME: gettext_lazy("hidden: the same for everyone, it would tell each one's"),
    Reason.NOT_YET: gettext_lazy("not measurable yet"),
    Reason.NOTHING_DUE: gettext_lazy("no session due yet"),
    Reason.NOBODY_INVITED: gettext_lazy("nobody invited yet"),
}


def reason_text(item: Figure | Estimate) -> str:
    return str(REASONS[item.why])


def number(value: float, digits: int = 0) -> str:
    """A number in the reader's format (a comma for decimals in French)."""
    return formatting.number(value, digits)


def signed(value: float, digits: int = 2) -> str:
    return formatting.signed(value, digits)


def figure_text(item: Figure | Moments | None, digits: int = 0, suffix: str = "") -> str:
    """The figure's value with `digits` decimals and a suffix (" %"), or why it is hidden."""
    if isinstance(item, Moments):
        item = item.mean()
    if item is None:
        return str(REASONS[Reason.NO_DATA])
    if item.hidden or item.value is None:
        return reason_text(item)
    return f"{number(item.value, digits)}{suffix}"


def percent_text(item: Figure | Moments | None, digits: int = 0) -> str:
    """A share as a percentage, "72.5%" / "72,5 %", or why it is hidden."""
    if isinstance(item, Moments):
        item = item.mean()
    if item is None or item.hidden or item.value is None:
        return figure_text(item)
    return formatting.percent(item.value, digits)


def count_text(n: int | None) -> str:
    """The n behind a figure: "n = 1,234" / "n = 1 234"."""
    return _("n = %(n)s") % {"n": "" if n is None else formatting.number(n)}


def change_text(item: Estimate, digits: int = 2) -> tuple[str, str]:
    """A mean change with its sign, and its 95% interval with n (or why it is hidden)."""
    if item.hidden or item.mean is None:
        return reason_text(item), ""
    if item.low is None or item.high is None:
        return signed(item.mean, digits), count_text(item.n)
    interval = _("95%% interval from %(low)s to %(high)s, n = %(n)s") % {
        "low": signed(item.low, digits),
        "high": signed(item.high, digits),
        "n": formatting.number(item.n),
    }
    return signed(item.mean, digits), interval


def difference_text(item: Figure, digits: int = 0) -> tuple[str, str]:
    """A difference in points with its 95% interval (or why it is hidden)."""
    if item.hidden or item.value is None:
        return reason_text(item), ""
    interval = ""
    if item.low is not None and item.high is not None:
        interval = _("95%% interval from %(low)s to %(high)s") % {
            "low": signed(item.low, digits),
            "high": signed(item.high, digits),
        }
    points = ngettext(
        "%(value)s point", "%(value)s points", formatting.plural_count(item.value, digits)
    )
    return points % {"value": signed(item.value, digits)}, interval
