import pytest

from people.models import User
from programmes.models import Programme
from programmes.testing import make_programme


@pytest.fixture
def draft(hr_admin: User, executive: User) -> Programme:
    return make_programme(name="Digital first", sponsor=executive, managers=[hr_admin])


@pytest.fixture
def open_programme(hr_admin: User, executive: User) -> Programme:
    return make_programme(
        name="Open for volunteers",
        sponsor=executive,
        managers=[hr_admin],
        status=Programme.Status.ENROLMENT_OPEN,
    )
