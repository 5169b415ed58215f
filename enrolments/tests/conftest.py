import pytest

from people.models import User
from programmes.models import Programme
from programmes.testing import make_programme


@pytest.fixture
def programme(hr_admin: User, executive: User) -> Programme:
    """Open for enrolment today: generative-ai and social-networks taught, strategy given back."""
    return make_programme(
        name="Digital acculturation",
        slug="digital-acculturation",
        sponsor=executive,
        managers=[hr_admin],
        status=Programme.Status.ENROLMENT_OPEN,
        max_mentees_per_mentor=2,
    )
