"""A programme with two published pairs whose members wrote something private each, with
canary texts that must never appear where they do not belong."""

from dataclasses import dataclass

import pytest

from enrolments.models import Enrolment
from evaluation.testing import answer
from meetings.models import Agreement, Feedback, JournalEntry, Meeting
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from pairing.models import Pair
from people.models import User
from people.testing import make_person
from programmes.models import Programme


@dataclass
class Scene:
    programme: Programme
    pair: Pair  # mentor (Zoé) and mentee (Marc)
    other_pair: Pair  # Nina and the outsider
    first: Meeting  # held; both wrote a note; only the mentor gave feedback
    second: Meeting  # held; both gave feedback
    planned: Meeting
    other_meeting: Meeting
    nina: User


@pytest.fixture
def scene(hr_admin: User, executive: User, mentor: User, mentee: User, outsider: User) -> Scene:
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    nina = make_person(email="nina@example.com", name="Nina Autre", grade=4)
    other_pair = make_pair(programme=programme, mentor=nina, mentee=outsider)

    Enrolment.objects.filter(pk=pair.mentor_id).update(
        gender=Enrolment.Gender.WOMAN, gender_consent=True, motivation="CANARY-MENTOR-MOTIVATION"
    )
    Enrolment.objects.filter(pk=other_pair.mentor_id).update(
        gender=Enrolment.Gender.NON_BINARY, gender_consent=True
    )

    first = make_held_meeting(
        pair, days_ago=20, note="CANARY-MENTOR-NOTE", takeaways="CANARY-SHARED-TAKEAWAYS"
    )
    JournalEntry.objects.create(meeting=first, author=mentee, text="CANARY-MENTEE-NOTE")
    Feedback.objects.create(
        meeting=first, author=mentor, rating=5, learned="CANARY-MENTOR-FEEDBACK-UNSEEN"
    )
    second = make_held_meeting(pair, days_ago=5)
    Feedback.objects.create(meeting=second, author=mentor, rating=4, learned="CANARY-MENTOR-SEEN")
    Feedback.objects.create(meeting=second, author=mentee, rating=2, taught="CANARY-MENTEE-GIVEN")
    planned = make_meeting(pair)
    Agreement.objects.create(pair=pair, mentee_learns="CANARY-AGREEMENT", channel_details="Teams")

    other_meeting = make_held_meeting(
        other_pair, days_ago=10, note="CANARY-OTHER-PAIR-NOTE", takeaways="CANARY-OTHER-LOG"
    )
    Feedback.objects.create(
        meeting=other_meeting, author=outsider, rating=3, learned="CANARY-OTHER-FEEDBACK"
    )
    Feedback.objects.create(meeting=other_meeting, author=nina, rating=1)

    answer(pair.mentee, "midpoint", {"pair-working": 4, "free-line": "CANARY-MENTEE-SURVEY"})
    answer(pair.mentor, "midpoint", {"pair-working": 5, "free-line": "CANARY-MENTOR-SURVEY"})
    answer(other_pair.mentee, "midpoint", {"pair-working": 2, "free-line": "CANARY-OTHER-SURVEY"})
    return Scene(programme, pair, other_pair, first, second, planned, other_meeting, nina)
