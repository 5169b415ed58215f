from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from meetings.testing import make_pair, make_running_programme
from pairing.models import Pair
from people.models import User
from programmes.models import Programme
from reminders import sweeping as services

# A Wednesday, far from any daylight-saving change; sessions below are at 10:00 UTC.
NOW = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Time frozen at NOW; `clock.move_to(...)` travels."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def programme(clock, hr_admin: User, executive: User) -> Programme:
    return make_running_programme(hr_admin=hr_admin, executive=executive)


@pytest.fixture
def pair(programme: Programme, mentor: User, mentee: User) -> Pair:
    """Zoé (mentor) and Marc (mentee), published and active."""
    return make_pair(programme=programme, mentor=mentor, mentee=mentee)


@pytest.fixture
def sweep() -> Callable[[], list[mail.EmailMessage]]:
    """Run one sweep in this process; the messages it sent."""

    def run() -> list[mail.EmailMessage]:
        before = len(mail.outbox)
        services.sweep()
        return mail.outbox[before:]

    return run
