"""How a figure reads, in the reader's language: one function per shape of figure, used by
the pages (evaluation_tags), the CSV export, the chart data and the PDF report alike, so
that a figure cannot read one way on the page and another in the report.

A hidden figure reads as the reason it is hidden, in words that fit it.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    return number_format(round(value, digits), digits)


def signed(value: float, digits: int = 2) -> str:
    sign = "+" if round(value, digits) > 0 else ("−" if round(value, digits) < 0 else "")
    return f"{sign}{number(abs(value), digits)}"


def figure_text(item: Figure | Moments | None, digits: int = 0, suffix: str = "") -> str:
    """The figure's value with `digits` decimals and a suffix (" %"), or why it is hidden."""
    if isinstance(item, Moments):
        item = item.mean()
    if item is None:
        return str(REASONS[Reason.NO_DATA])
    if item.hidden or item.value is None:
        return reason_text(item)
    return f"{number(item.value, digits)}{suffix}"


def change_text(item: Estimate, digits: int = 2) -> tuple[str, str]:
    """A mean change with its sign, and its 95 % interval with n (or why it is hidden)."""
    if item.hidden or item.mean is None:
        return reason_text(item), ""
    if item.low is None or item.high is None:
        return signed(item.mean, digits), _("n = %(n)s") % {"n": item.n}
    interval = _("95 %% interval from %(low)s to %(high)s, n = %(n)s") % {
        "low": signed(item.low, digits),
        "high": signed(item.high, digits),
        "n": item.n,
    }
    return signed(item.mean, digits), interval


def difference_text(item: Figure, digits: int = 0) -> tuple[str, str]:
    """A difference in points with its 95 % interval (or why it is hidden)."""
    if item.hidden or item.value is None:
        return reason_text(item), ""
    interval = ""
    if item.low is not None and item.high is not None:
        interval = _("95 %% interval from %(low)s to %(high)s") % {
            "low": signed(item.low, digits),
            "high": signed(item.high, digits),
        }
    return _("%(value)s points") % {"value": signed(item.value, digits)}, interval
