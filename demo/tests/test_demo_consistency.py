"""The demo does not contradict itself: every enrolment precedes its programme, no session
falls on a weekend, and what a French person wrote reads in French."""

import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from enrolments.models import Enrolment
from evaluation.models import Answer
from meetings.models import ExitRequest, Feedback, JournalEntry, Meeting

pytestmark = pytest.mark.django_db

# Words that a French sentence never holds and an English one nearly always does.
ENGLISH = re.compile(r"\b(the|and|my|our|we|is|are|with|from|this|that|for|to|of)\b", re.I)


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())


def _local(meeting: Meeting):
    zone = meeting.pair.mentee_person.time_zone or "Europe/Paris"
    return timezone.localtime(meeting.starts_at, ZoneInfo(zone))


def test_every_enrolment_precedes_its_programme(demo):
    late = [
        (e.person.name, e.programme.slug, e.submitted_at.date(), e.programme.start_on)
        for e in Enrolment.objects.select_related("person", "programme")
        if e.submitted_at.date() >= e.programme.start_on
        or (e.decided_at and e.decided_at.date() >= e.programme.start_on)
    ]
    assert not late


def test_no_demo_session_falls_on_a_weekend(demo):
    meetings = Meeting.objects.select_related("pair__mentee_person")
    weekend = [(m.pk, m.status, _local(m)) for m in meetings if _local(m).weekday() >= 5]
    assert meetings.exists() and not weekend, weekend[:5]


def test_what_french_people_wrote_is_in_french(demo):
    texts: list[tuple[object, str]] = []
    for e in Enrolment.objects.select_related("person", "decided_by"):
        texts += [(e.person, e.motivation), (e.person, e.withdrawal_reason)]
        texts.append((e.decided_by, e.decision_reason))
    for m in Meeting.objects.select_related("logged_by", "cancelled_by"):
        texts += [(m.logged_by, m.takeaways), (m.logged_by, m.next_steps)]
        texts.append((m.cancelled_by, m.cancel_reason))
    texts += [(j.author, j.text) for j in JournalEntry.objects.select_related("author")]
    for f in Feedback.objects.select_related("author"):
        texts += [(f.author, f.learned), (f.author, f.taught)]
    texts += [(x.by, x.reason) for x in ExitRequest.objects.select_related("by")]
    texts += [
        (a.response.enrolment.person, a.text)
        for a in Answer.objects.exclude(text="").select_related("response__enrolment__person")
    ]
    french = [(who, text) for who, text in texts if who and text and who.preferred_language == "fr"]
    assert len(french) > 50  # the check reads something
    english = [(who.email, text) for who, text in french if ENGLISH.search(text)]
    assert not english, english[:5]
