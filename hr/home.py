"""HR's and the executives' sections of the home page (mentoring/home.py lists them)."""

from datetime import datetime
from typing import Any

from people.models import User

from .worklist import hr_work, sponsored_figures


def hr_section(user: User, now: datetime) -> dict[str, Any] | None:
    """HR's work list: eight lines, one query each."""
    if not (user.is_active and user.is_hr_admin):
        return None
    return {"lines": hr_work(now)}


def executive_section(user: User, now: datetime) -> dict[str, Any] | None:
    """The headline figures of the programmes the executive sponsors. Four queries."""
    if not (user.is_active and user.is_executive):
        return None
    return {"headlines": sponsored_figures(user, now)}
