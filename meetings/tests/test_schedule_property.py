"""A schedule without clashes, over random cohorts (hypothesis).

Mentors with up to five mentees, members in different time zones and countries, random
availability, random closure periods, two programmes sharing people: publishing the pairs
plans no two overlapping sessions for anyone (with 15 minutes between them), and no session
on a weekend, a public holiday of either member's country or a closure day, each read in
the member's own zone; and inside both availabilities unless they never meet.
"""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrolments.models import Enrolment
from meetings import scheduling
from meetings.models import ClosurePeriod, Meeting
from meetings.planning import member
from pairing import services as pairing_services
from pairing.models import Pair
from pairing.testing import approve, make_pairing_programme
from people.testing import make_person
from programmes.models import Programme

ZONES = ["Europe/Paris", "Europe/London", "America/New_York", "Asia/Tokyo", "Asia/Kolkata"]
COUNTRIES = ["FR", "GB", "US", "JP", "IN", "DE", ""]
DAYS = scheduling.DAY_KEYS[:5]


@st.composite
def availabilities(draw) -> dict:
    if draw(st.booleans()):
        return {"flexible": True, "slots": []}
    slots = []
    for day in draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=5, unique=True)):
        start = draw(st.integers(min_value=7, max_value=17))
        length = draw(st.integers(min_value=2, max_value=5))
        slots.append(
            {"day": day, "start": f"{start:02d}:00", "end": f"{min(start + length, 23):02d}:00"}
        )
    return {
        "flexible": False,
        "slots": sorted(slots, key=lambda s: (DAYS.index(s["day"]), s["start"])),
    }


@st.composite
def people(draw, count: int) -> list[scheduling.Member]:
    return [
        scheduling.Member(
            pk=index + 1,
            zone=draw(st.sampled_from(ZONES)),
            country=draw(st.sampled_from(COUNTRIES)),
            availability=draw(availabilities()),
        )
        for index in range(count)
    ]


@st.composite
def cohorts(draw) -> dict:
    mentors = draw(st.integers(min_value=1, max_value=3))
    mentees_each = draw(st.lists(st.integers(1, 5), min_size=mentors, max_size=mentors))
    everyone = draw(people(mentors + sum(mentees_each)))
    pairs, next_mentee = [], mentors
    for mentor_index, count in enumerate(mentees_each):
        for _ in range(count):
            pairs.append((everyone[mentor_index], everyone[next_mentee]))
            next_mentee += 1
    start = date(2026, 9, 1) + timedelta(days=draw(st.integers(0, 200)))
    closure_start = start + timedelta(days=draw(st.integers(0, 90)))
    closures = [(closure_start, closure_start + timedelta(days=draw(st.integers(0, 12))))]
    cadence = draw(st.sampled_from([7, 14, 30]))
    return {"pairs": pairs, "start": start, "closures": closures, "cadence": cadence}


def broken_rules(sessions, closures) -> list[str]:
    """Every rule a schedule breaks: [(starts_at, minutes, mentor, mentee, ignored)]."""
    problems, by_person = [], {}
    for starts_at, minutes, mentor, mentee, ignored in sessions:
        ends_at = starts_at + timedelta(minutes=minutes)
        countries = [mentor.country, mentee.country]
        for person in (mentor, mentee):
            by_person.setdefault(person.pk, []).append((starts_at, ends_at))
            local = starts_at.astimezone(person.tz)
            if local.weekday() >= 5:
                problems.append(f"{person.pk} on a weekend: {local}")
            if scheduling.is_holiday(local.date(), countries):
                problems.append(f"{person.pk} on a public holiday: {local}")
            if scheduling.in_closure(local.date(), closures):
                problems.append(f"{person.pk} on a closure day: {local}")
            if not ignored and not scheduling._inside(person, starts_at, ends_at, False):
                problems.append(f"{person.pk} outside their availability: {local}")
    for person, spans in by_person.items():
        for (_, first_end), (second_start, _) in pairwise(sorted(spans)):
            if second_start < first_end + scheduling.GAP:
                problems.append(f"{person} has two sessions too close at {second_start}")
    return problems


@settings(max_examples=40, deadline=None)
@given(cohort=cohorts())
def test_random_cohorts_get_no_clash_weekend_holiday_or_closure(cohort) -> None:
    calendar = scheduling.Calendar()
    start, step = cohort["start"], timedelta(days=cohort["cadence"])
    dates = [start + step * n for n in range(6)]
    sessions = []
    for mentor, mentee in cohort["pairs"]:
        placed = scheduling.plan_dates(
            dates,
            60,
            mentor,
            mentee,
            cohort["closures"],
            calendar,
            programme_start=start,
            programme_end=dates[-1] + timedelta(days=20),
            not_before=datetime.combine(start, time(0), tzinfo=UTC),
        )
        sessions += [(p.starts_at, 60, mentor, mentee, p.availability_ignored) for p in placed]

    assert broken_rules(sessions, cohort["closures"]) == []
    assert sessions  # the planner really planned


# --- The same promise through publication, on the database -------------------------------


@st.composite
def published_cohorts(draw) -> dict:
    cohort = draw(cohorts())
    # A second programme that shares the first mentor: no clash across programmes either.
    cohort["second_mentees"] = draw(people(draw(st.integers(1, 3))))
    return cohort


def _volunteers(programme, role, person_rows) -> dict[int, Enrolment]:
    created = {}
    extra = {"capacity": 5} if role == Enrolment.Role.MENTOR else {}
    for row in person_rows:
        person = make_person(time_zone=row.zone, country=row.country)
        created[row.pk] = approve(
            programme, person, role, None, availability=row.availability, **extra
        )
    return created


def _propose(programme, pairs, mentors, mentees) -> None:
    for mentor_row, mentee_row in pairs:
        mentor, mentee = mentors[mentor_row.pk], mentees[mentee_row.pk]
        Pair.objects.create(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            mentor_person=mentor.person,
            mentee_person=mentee.person,
        )


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cohort=published_cohorts())
def test_publishing_random_cohorts_plans_no_clash_across_pairs_and_programmes(
    hr_admin, executive, cohort
) -> None:
    with transaction.atomic():
        first = make_pairing_programme(
            hr_admin=hr_admin,
            executive=executive,
            slug="first",
            start_on=cohort["start"],
            enrolment_opens_on=None,
            enrolment_closes_on=None,
            cadence=Programme.Cadence.EVERY_TWO_WEEKS,
            duration_months=3,
            max_mentees_per_mentor=5,
        )
        second = make_pairing_programme(
            hr_admin=hr_admin,
            executive=executive,
            slug="second",
            start_on=cohort["start"],
            enrolment_opens_on=None,
            enrolment_closes_on=None,
            cadence=Programme.Cadence.EVERY_TWO_WEEKS,
            duration_months=3,
            max_mentees_per_mentor=5,
        )
        first_day, last_day = cohort["closures"][0]
        for programme in (first, second):
            ClosurePeriod.objects.create(
                programme=programme, first_day=first_day, last_day=last_day
            )
        mentor_rows = list({m.pk: m for m, _ in cohort["pairs"]}.values())
        mentors = _volunteers(first, Enrolment.Role.MENTOR, mentor_rows)
        mentees = _volunteers(first, Enrolment.Role.MENTEE, [e for _, e in cohort["pairs"]])
        _propose(first, cohort["pairs"], mentors, mentees)
        # The first mentor also mentors in the second programme.
        lead = mentor_rows[0]
        person = mentors[lead.pk].person
        again = {lead.pk: approve(second, person, Enrolment.Role.MENTOR, None, capacity=5)}
        others = {}
        for row in cohort["second_mentees"]:
            row = scheduling.Member(row.pk + 1000, row.zone, row.country, row.availability)
            others.update(_volunteers(second, Enrolment.Role.MENTEE, [row]))
            _propose(second, [(lead, row)], again, others)

        with time_machine.travel(
            datetime.combine(cohort["start"], time(0), tzinfo=UTC) - timedelta(days=1)
        ):
            pairing_services.publish(programme=first, by=hr_admin, notify=False)
            pairing_services.publish(programme=second, by=hr_admin, notify=False)

        sessions = []
        for meeting in Meeting.objects.select_related(
            "pair__mentor", "pair__mentee", "pair__mentor_person", "pair__mentee_person"
        ):
            pair = meeting.pair
            sessions.append(
                (
                    meeting.starts_at,
                    meeting.duration_minutes,
                    member(pair.mentor_person, pair.mentor),
                    member(pair.mentee_person, pair.mentee),
                    meeting.outside_availability,
                )
            )
        closures = list(ClosurePeriod.objects.values_list("first_day", "last_day"))
        assert broken_rules(sessions, closures) == []
        assert sessions
        transaction.set_rollback(True)
