import pytest

from meetings.testing import make_pair, make_running_programme
from pairing.models import Pair
from people.models import User
from programmes.models import Programme


@pytest.fixture
def programme(hr_admin: User, executive: User) -> Programme:
    return make_running_programme(hr_admin=hr_admin, executive=executive)


@pytest.fixture
def pair(programme: Programme, mentor: User, mentee: User) -> Pair:
    """Zoé (mentor) and Marc (mentee), published and active."""
    return make_pair(programme=programme, mentor=mentor, mentee=mentee)
