"""One world shared by the trust tests: a running programme, a published pair with a held
session carrying a canary journal entry (the mentor's) and canary feedback, another pair."""

import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from meetings.models import CalendarFeed, Meeting
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from pairing.models import Pair
from people.models import User
from people.testing import make_person
from programmes import templates_catalogue
from programmes.models import Programme, Topic

MISSING = str(uuid.UUID(int=7))  # a code no object has
PERSONAS = ("anonymous", "employee", "mentor", "mentee", "other", "hr", "executive", "superuser")


@dataclass
class World:
    programme: Programme
    pair: Pair
    other_pair: Pair
    meeting: Meeting
    other_meeting: Meeting
    people: dict[str, User | AnonymousUser]
    note_canary: str
    feedback_canary: str
    kwargs: dict[str, dict[str, str]] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)


def build_world(
    *, hr_admin: User, executive: User, mentor: User, mentee: User, outsider: User
) -> World:
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    other_mentor = make_person(name="Autre Mentor", grade=2)
    other_mentee = make_person(name="Autre Mentee", grade=14)
    other_pair = make_pair(programme=programme, mentor=other_mentor, mentee=other_mentee)
    note_canary = f"CANARY-NOTE-{uuid.uuid4()}"
    feedback_canary = f"CANARY-FEEDBACK-{uuid.uuid4()}"
    meeting = make_held_meeting(pair, note=note_canary, feedback_by=(mentee,))
    meeting.feedback.filter(author=mentee).update(learned=feedback_canary)
    make_meeting(pair)
    other_meeting = make_held_meeting(other_pair, feedback_by=(other_mentee,))
    superuser = make_person(name="Root", is_staff=True, is_superuser=True)
    feed = CalendarFeed.objects.create(person=mentor)
    people = {
        "anonymous": AnonymousUser(),
        "employee": outsider,
        "mentor": mentor,
        "mentee": mentee,
        "other": other_mentee,
        "hr": hr_admin,
        "executive": executive,
        "superuser": superuser,
    }
    world = World(
        programme=programme,
        pair=pair,
        other_pair=other_pair,
        meeting=meeting,
        other_meeting=other_meeting,
        people=people,
        note_canary=note_canary,
        feedback_canary=feedback_canary,
    )
    topic = Topic.objects.order_by("pk").first()
    world.codes = {
        "programmes/topics/": str(topic.code),
        "programmes/": str(programme.code),
        "enrolments/review/": str(programme.code),
        "enrolments/join/": str(programme.code),
        "enrolments/": str(pair.mentee.code),
        "pairing/programme/": str(programme.code),
        "pairing/forbidden/": MISSING,
        "pairing/": str(pair.code),
        "sessions/pair/": str(pair.code),
        "sessions/programme/": str(programme.code),
        "sessions/closure/": MISSING,
        "sessions/": str(meeting.code),
        "reminders/hr/programmes/": str(programme.code),
        "evaluation/programmes/": str(programme.code),
        "privacy/people/": str(mentee.code),
        "people/": str(mentee.code),
        "hr/people/": str(mentee.code),
        "hr/pairs/": str(pair.code),
        "hr/programmes/": str(programme.code),
    }
    world.kwargs = {
        "programmes:create": {"template": next(iter(templates_catalogue.TEMPLATES))},
        "enrolments:volunteer": {"role": "mentor"},
        "pairing:repair": {"enrolment": str(pair.mentee.code)},
        "meetings:feed": {"token": feed.token},
        "hr:role": {"role": "executive", "grant": "grant"},
    }
    return world


def url_kwargs(world: World, route: str, params: list[str], key: str) -> dict[str, str]:
    """Real objects for the parameters of a route; a code nobody has where none fits."""
    given = dict(world.kwargs.get(key, {}))
    code = next(
        (value for prefix, value in world.codes.items() if route.startswith(prefix)), MISSING
    )
    for param in params:
        given.setdefault(param, code)
    return given
