"""`{% load zones %}`: a time zone as people read it (people/timezones.py).

{{ user.time_zone|zone_label }}                       Toronto · Canada · UTC−05:00
{{ person.time_zone|zone_label:meeting.starts_at }}   its offset on the session's day
"""

from datetime import datetime

from django import template

from .. import timezones

register = template.Library()


@register.filter
def zone_label(name: str | None, at: datetime | None = None) -> str:
    return timezones.label(name or "", at if isinstance(at, datetime) else None)
