from dataclasses import dataclass

import pytest

from enrolments.models import Enrolment
from pairing.testing import Role, approve, make_pairing_programme
from people.models import User
from people.testing import make_person
from programmes.models import Programme
from programmes.testing import ensure_seeded_topics


@pytest.fixture
def programme(hr_admin: User, executive: User) -> Programme:
    """Enrolment closed, status “Pairing”, mentors take up to two mentees."""
    ensure_seeded_topics()  # an earlier transactional test may have flushed them
    return make_pairing_programme(hr_admin=hr_admin, executive=executive)


@dataclass
class Cohort:
    """Approved volunteers by email: three mentors of one place each, three mentees."""

    mentors: dict[str, Enrolment]
    mentees: dict[str, Enrolment]

    def __getitem__(self, email: str) -> Enrolment:
        return {**self.mentors, **self.mentees}[email]


@pytest.fixture
def cohort(programme: Programme, mentor: User, mentee: User) -> Cohort:
    """Zoé (the mentor persona) is the best at generative AI, which Marc (the mentee
    persona) wants first; Yann teaches social networks, which Anne wants; Ugo knows a
    little of both, and Paul wants both."""
    yann = make_person(email="yann@example.com", name="Yann Junior", grade=2)
    ugo = make_person(email="ugo@example.com", name="Ugo Junior", grade=4)
    anne = make_person(email="anne@example.com", name="Anne Senior", grade=14)
    paul = make_person(email="paul@example.com", name="Paul Senior", grade=16)
    mentors = {
        mentor.email: approve(programme, mentor, Role.MENTOR, {"generative-ai": 4}),
        yann.email: approve(programme, yann, Role.MENTOR, {"social-networks": 4}),
        ugo.email: approve(programme, ugo, Role.MENTOR, {"generative-ai": 2, "social-networks": 2}),
    }
    mentees = {
        mentee.email: approve(programme, mentee, Role.MENTEE, {"generative-ai": 1}),
        anne.email: approve(programme, anne, Role.MENTEE, {"social-networks": 1}),
        paul.email: approve(
            programme, paul, Role.MENTEE, {"generative-ai": 1, "social-networks": 2}
        ),
    }
    return Cohort(mentors=mentors, mentees=mentees)
