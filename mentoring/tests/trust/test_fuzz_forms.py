"""Bad input through the main forms: no server error, no partial write on an error, and
stored text shown escaped wherever it is shown."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Meeting
from programmes.models import Topic

from .world import World, build_world

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCRIPT = "<script>alert(1)</script>"
INJECTIONS = [
    SCRIPT,
    "'; DROP TABLE people_user; --",
    "{{7*7}}",
    "=cmd|' /C calc'!A0",
    "\x00",
    "\u202e",
    "\ufeff",
    "𝕏" * 50,
]
odd_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(INJECTIONS),
    st.builds(lambda a, b: a + b, st.sampled_from(INJECTIONS), st.text(max_size=20)),
    st.sampled_from(["x" * 100_000, "é" * 20_000, "\x01\x02\x1f\x7f" * 10]),
)
odd_date = st.sampled_from(
    ["2026-02-30", "0000-00-00", "9999-12-31", "1900-01-01", "31/12/2026", "", "NaN"]
)
odd_time = st.sampled_from(["25:00", "23:59", "-1:00", "08:00", "", "noon"])
odd_number = st.sampled_from(["-1", "0", "99999999999999999999", "1e309", "NaN", "3.5", "", "60"])
PROJECT_APPS = (
    "people",
    "programmes",
    "enrolments",
    "pairing",
    "meetings",
    "evaluation",
    "privacy",
)


def row_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for name in PROJECT_APPS
        for model in apps.get_app_config(name).get_models()
    )


@pytest.fixture
def world(hr_admin, executive, mentor, mentee, outsider) -> World:
    return build_world(
        hr_admin=hr_admin, executive=executive, mentor=mentor, mentee=mentee, outsider=outsider
    )


def signed_in(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.people[persona])
    return client


def check(client: Client, url: str, data: dict, shown_on: str, *, creates: bool) -> None:
    """POST the data: no 5xx; on a re-rendered form nothing written; the page that shows the
    text never carries a raw script tag."""
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code != 302 and creates:
        assert row_counts() == before, f"partial write on {url} answered {response.status_code}"
    assert SCRIPT.encode() not in response.content
    page = client.get(shown_on)
    assert page.status_code == 200
    assert SCRIPT.encode() not in page.content


def test_profile_survives_odd_names(world) -> None:
    client = signed_in(world, "mentee")
    url = reverse("people:profile")

    @FUZZ
    @given(name=odd_text, language=st.sampled_from(["en", "fr", "xx", ""]))
    def run(name: str, language: str) -> None:
        check(
            client,
            url,
            {"name": name, "preferred_language": language, "time_zone": "Europe/Paris"},
            url,
            creates=False,
        )

    run()


def test_topic_add_survives_odd_names(world) -> None:
    client = signed_in(world, "hr")
    url = reverse("programmes:topic_create")
    kinds = [value for value, _ in Topic._meta.get_field("kind").choices]

    @FUZZ
    @given(name_en=odd_text, name_fr=odd_text, kind=st.sampled_from([*kinds, "bogus"]))
    def run(name_en: str, name_fr: str, kind: str) -> None:
        check(
            client,
            url,
            {"name_en": name_en, "name_fr": name_fr, "kind": kind},
            reverse("programmes:topics"),
            creates=True,
        )

    run()


def test_journal_and_feedback_survive_odd_text(world) -> None:
    client = signed_in(world, "mentor")
    detail = reverse("meetings:detail", kwargs={"code": world.meeting.code})

    @FUZZ
    @given(text=odd_text, rating=odd_number, learned=odd_text, taught=odd_text)
    def run(text: str, rating: str, learned: str, taught: str) -> None:
        check(
            client,
            reverse("meetings:journal", kwargs={"code": world.meeting.code}),
            {"text": text},
            detail,
            creates=True,
        )
        check(
            client,
            reverse("meetings:feedback", kwargs={"code": world.meeting.code}),
            {"rating": rating, "learned": learned, "taught": taught},
            detail,
            creates=True,
        )

    run()


def test_logging_a_session_survives_impossible_dates_and_numbers(world) -> None:
    client = signed_in(world, "mentor")
    planned = Meeting.objects.filter(pair=world.pair, status=Meeting.Status.PLANNED).first()
    url = reverse("meetings:log", kwargs={"code": planned.code})
    pair_page = reverse("meetings:pair", kwargs={"code": world.pair.code})

    @FUZZ
    @given(day=odd_date, at=odd_time, minutes=odd_number, takeaways=odd_text, note=odd_text)
    def run(day: str, at: str, minutes: str, takeaways: str, note: str) -> None:
        data = {
            "day": day,
            "at": at,
            "duration_minutes": minutes,
            "mode": "video",
            "takeaways": takeaways,
            "next_steps": takeaways,
            "journal": note,
        }
        check(client, url, data, pair_page, creates=True)

    run()


def test_cancelling_and_adding_sessions_survive_odd_input(world) -> None:
    client = signed_in(world, "mentee")
    add = reverse("meetings:add", kwargs={"code": world.pair.code})
    pair_page = reverse("meetings:pair", kwargs={"code": world.pair.code})

    @FUZZ
    @given(
        day=odd_date,
        at=odd_time,
        minutes=odd_number,
        place=odd_text,
        mode=st.sampled_from(["video", "onsite", "??"]),
    )
    def run(day: str, at: str, minutes: str, place: str, mode: str) -> None:
        data = {"day": day, "at": at, "duration_minutes": minutes, "mode": mode, "place": place}
        check(client, add, data, pair_page, creates=True)

    run()


def test_programme_form_survives_odd_text_dates_and_numbers(world) -> None:
    from programmes.models import Programme
    from programmes.tests.forms_data import programme_form_data

    client = signed_in(world, "hr")
    url = reverse("programmes:create", kwargs={"template": "digital-acculturation"})
    sponsor = world.people["executive"]

    @FUZZ
    @given(
        name=odd_text,
        description=odd_text,
        start=odd_date,
        months=odd_number,
        capacity=odd_number,
        gap=odd_number,
        sentence=odd_text,
    )
    def run(name, description, start, months, capacity, gap, sentence) -> None:
        data = programme_form_data(
            sponsor=sponsor,
            objectives=[{"sentence": sentence, "topics": []}],
            name=name,
            description=description,
            start_on=start,
            duration_months=months,
            max_mentees_per_mentor=capacity,
            min_grade_gap=gap,
        )
        check(client, url, data, reverse("programmes:list"), creates=True)

    run()
    # Whatever was accepted is shown escaped on its own page.
    for programme in Programme.objects.all():
        page = client.get(reverse("programmes:detail", kwargs={"code": programme.code}))
        assert page.status_code == 200
        assert SCRIPT.encode() not in page.content


def test_enrolment_decision_survives_odd_reasons(world) -> None:
    client = signed_in(world, "hr")
    enrolment = world.pair.mentee
    url = reverse("enrolments:decide", kwargs={"code": enrolment.code})
    shown_on = reverse("enrolments:detail", kwargs={"code": enrolment.code})

    @FUZZ
    @given(reason=odd_text, decision=st.sampled_from(["approved", "waitlisted", "declined", "??"]))
    def run(reason: str, decision: str) -> None:
        check(client, url, {"decision": decision, "reason": reason}, shown_on, creates=True)

    run()


def test_pair_agreement_survives_odd_text(world) -> None:
    client = signed_in(world, "mentee")
    url = reverse("meetings:agreement", kwargs={"code": world.pair.code})
    pair_page = reverse("meetings:pair", kwargs={"code": world.pair.code})

    @FUZZ
    @given(text=odd_text, cadence=odd_text, channel=st.sampled_from(["video", "onsite", "??", ""]))
    def run(text: str, cadence: str, channel: str) -> None:
        data = {
            "mentor_learns": text,
            "mentor_teaches": text,
            "mentee_learns": text,
            "mentee_teaches": text,
            "cadence": cadence,
            "channel": channel,
            "channel_details": text,
        }
        check(client, url, data, pair_page, creates=True)

    run()


def test_setting_a_pair_by_hand_survives_odd_choices(world) -> None:
    client = signed_in(world, "hr")
    url = reverse("pairing:set_by_hand", kwargs={"code": world.programme.code})
    choices = st.one_of(
        odd_text,
        st.just(str(world.pair.mentor.code)),
        st.just(str(world.other_pair.mentee.code)),
        st.just(str(world.pair.mentee.pk)),
    )

    @FUZZ
    @given(mentor=choices, mentee=choices)
    def run(mentor: str, mentee: str) -> None:
        before = row_counts()
        response = client.post(url, {"mentor": mentor, "mentee": mentee})
        assert response.status_code < 500, (mentor, mentee)
        if response.status_code != 302:
            assert row_counts() == before
        assert SCRIPT.encode() not in response.content

    run()


def test_volunteer_form_survives_odd_input(world) -> None:
    from enrolments.models import Enrolment
    from enrolments.testing import volunteer_form_data
    from programmes.models import Programme
    from programmes.testing import make_programme

    programme = make_programme(
        name="Open programme",
        slug="open-programme",
        sponsor=world.people["executive"],
        managers=[world.people["hr"]],
        status=Programme.Status.ENROLMENT_OPEN,
        max_mentees_per_mentor=2,
    )
    volunteer = world.people["mentor"]
    client = signed_in(world, "mentor")
    url = reverse("enrolments:volunteer", args=[programme.code, "mentor"])
    base = volunteer_form_data(programme, "mentor")
    topic_field = next(key for key in base if key.startswith("topic_"))
    # The harness reaches the form itself: sensible data is accepted.
    assert client.post(url, base).status_code == 302
    assert Enrolment.objects.filter(programme=programme, person=volunteer).exists()
    Enrolment.objects.filter(programme=programme, person=volunteer).delete()

    @FUZZ
    @given(
        motivation=odd_text,
        capacity=odd_number,
        level=odd_number,
        language=st.sampled_from(["en", "fr", "xx", "", "<script>"]),
        avoid=odd_text,
    )
    def run(motivation: str, capacity: str, level: str, language: str, avoid: str) -> None:
        data = {
            **base,
            "motivation": motivation,
            "capacity": capacity,
            topic_field: level,
            "languages": [language],
            "rather_not": avoid,
        }
        check(client, url, data, reverse("enrolments:mine"), creates=True)
        Enrolment.objects.filter(programme=programme, person=volunteer).delete()

    run()
