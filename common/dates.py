"""The dates anyone may mean: from 1900 to 2100.

A date field parses years 1 to 9999, and a date no one means breaks what follows from it
(a programme starting on 9999-12-31 has its sessions in year 10000; a session "held" in year 1
sinks every chart). Every form and service that takes a date refuses one outside this range
with this message; a field or service with a narrower rule of its own (not in the future, inside
the programme) checks it as well.
"""

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def check_plausible(value: date | datetime | None) -> None:
    """ValidationError unless value is from EARLIEST to LATEST (a validator, a service's check)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


class DateField(forms.DateField):
    """A form's date, from EARLIEST to LATEST."""

    default_validators = [check_plausible]


def working_day(day: date) -> date:
    """The day itself from Monday to Friday, else the Monday after (the demo's sessions and
    decisions fall on working days)."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def on_working_day(moment: datetime) -> datetime:
    """The same time on `working_day` of its date."""
    return moment + (working_day(moment.date()) - moment.date())
