"""Issue 12, item 3: the time-zone picker, used in a real browser. A person types in the
search box, sees the zones found grouped by region with their likely zone (their site's
country) first, picks one, saves, and their sessions then read in that zone; in English
and in French."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from common.testing import sign_in
from meetings.testing import make_meeting, make_pair, make_running_programme
from people import timezones
from people.models import User
from people.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The zones the select shows, under their group, as the reader sees them: the options and
# groups the script has not hidden, in order.
SHOWN = """(id) => {
    const select = document.getElementById(id);
    const shown = [];
    for (const option of select.options) {
        const group = option.parentElement;
        if (option.hidden || (group.tagName === "OPTGROUP" && group.hidden)) continue;
        shown.push([group.tagName === "OPTGROUP" ? group.label : "", option.text]);
    }
    return shown;
}"""


@pytest.fixture
def session_at() -> datetime:
    """A session in four days at 12:00 UTC: 07:00 or 08:00 in Toronto, 13:00 or 14:00 in
    Paris, depending on the season."""
    day = timezone.now() + timedelta(days=4)
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.fixture
def pair_of_two_countries(hr_admin, executive, session_at):
    """A French mentor whose site is in France, an English-speaking mentee whose site is in
    Canada; both still on UTC, with one session planned."""
    mentor = make_person(
        email="zoe@example.com",
        name="Zoé Junior",
        grade=3,
        preferred_language="fr",
        country="FR",
        time_zone="UTC",
    )
    mentee = make_person(
        email="marc@example.com",
        name="Marc Senior",
        grade=15,
        preferred_language="en",
        country="CA",
        time_zone="UTC",
    )
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    make_meeting(pair, starts_at=session_at)
    return mentor, mentee


def pick_zone(page, typed: str) -> list[list[str]]:
    page.goto("/people/me/")
    search = page.locator("#zone-search")
    search.press_sequentially(typed, delay=20)  # typed as a person types, key by key
    return page.evaluate(SHOWN, "id_time_zone")


def expect_session_in(page, person: User, zone: str, session_at: datetime) -> None:
    """The sessions read in the zone picked, named as the picker names it (never its raw
    name), at the session's local time in the person's language."""
    local = session_at.astimezone(ZoneInfo(zone))
    person.refresh_from_db()
    with translation.override(person.preferred_language):
        label = timezones.label(zone)
    at = "à" if person.preferred_language == "fr" else "at"
    page.goto("/sessions/")
    expect(page.locator("body")).to_contain_text(label)
    expect(page.locator("body")).not_to_contain_text(zone)
    time = page.get_by_test_id("my-session-pairs").locator("time").first
    expect(time).to_have_attribute("datetime", local.isoformat())
    expect(time).to_contain_text(f" {at} {local:%H:%M}")
    assert person.time_zone == zone


def test_an_english_reader_finds_montreal_under_canada_first_and_saves_it(
    page, pair_of_two_countries, session_at
):
    _mentor, mentee = pair_of_two_countries
    sign_in(page, mentee.email)
    shown = pick_zone(page, "Montr")
    # Montréal is Toronto's zone (its old name, America/Montreal, links to it): found under
    # the person's country, once (not again under its region), and nothing else.
    assert shown == [["In Canada", shown[0][1]]]
    assert shown[0][1].startswith("Toronto · Canada · UTC")
    select = page.locator("#id_time_zone")
    expect(select).to_have_value("UTC")  # typing filters; it does not pick
    expect(select).to_be_visible()
    select.select_option("America/Toronto")  # the person picks
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    expect(page.locator("#id_time_zone")).to_have_value("America/Toronto")
    expect_session_in(page, mentee, "America/Toronto", session_at)


def test_a_french_reader_finds_paris_in_france_first_and_saves_it(
    page, pair_of_two_countries, session_at
):
    mentor, _mentee = pair_of_two_countries
    sign_in(page, mentor.email)
    shown = pick_zone(page, "paris")  # case and accents do not matter
    # Listed once, under the person's country.
    assert [group for group, _label in shown] == ["Pays de votre site\u00a0: France"]
    assert shown[0][1].startswith("Paris · France · UTC+0")
    expect(page.locator("#id_time_zone")).to_have_value("UTC")
    page.locator("#id_time_zone").select_option("Europe/Paris")
    # A search that finds nothing says so, in French, and keeps the zone found before.
    page.locator("#zone-search").fill("Atlantide")
    expect(page.locator("#zone-none")).to_be_visible()
    expect(page.locator("#zone-none")).to_contain_text("Aucun fuseau horaire")
    expect(page.locator("#id_time_zone")).to_have_value("Europe/Paris")
    page.locator("#zone-search").fill("")
    expect(page.locator("#zone-none")).to_be_hidden()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Votre profil a été enregistré.")).to_be_visible()
    expect_session_in(page, mentor, "Europe/Paris", session_at)


def test_enter_in_the_search_box_picks_without_sending_the_form(page, pair_of_two_countries):
    _mentor, mentee = pair_of_two_countries
    sign_in(page, mentee.email)
    pick_zone(page, "calcutta")  # Kolkata's old name
    page.locator("#zone-search").press("Enter")
    expect(page.locator("#id_time_zone")).to_have_value("Asia/Kolkata")
    expect(page.locator("#id_time_zone")).to_be_focused()
    mentee.refresh_from_db()
    assert mentee.time_zone == "UTC"  # nothing saved until the person saves


def shown_zones(page, typed: str) -> list[str]:
    """The zones' labels the list keeps for a search, the box cleared first."""
    search = page.locator("#zone-search")
    search.fill("")
    search.press_sequentially(typed, delay=10)
    return [label for _group, label in page.evaluate(SHOWN, "id_time_zone")]


def test_offsets_other_names_and_both_languages_are_found_and_nothing_is_picked_by_typing(
    page, pair_of_two_countries
):
    mentor, _mentee = pair_of_two_countries
    sign_in(page, mentor.email)  # a French reader
    page.goto("/people/me/")
    select = page.locator("#id_time_zone")
    # An offset typed with a hyphen or a minus sign, with or without its zero or minutes.
    hyphen = shown_zones(page, "UTC-05")
    assert hyphen and all("UTC\u221205:00" in label for label in hyphen), hyphen
    assert shown_zones(page, "UTC\u221205") == hyphen
    india = shown_zones(page, "+5:30")
    assert any(label.startswith("Calcutta · Inde") for label in india), india
    assert all("UTC+05:30" in label for label in india)
    # GMT alone: the zones at UTC+00:00 today, and UTC itself.
    gmt = shown_zones(page, "GMT")
    assert any("UTC+00:00" in label for label in gmt) and all(
        "UTC+00:00" in label or "(UTC)" in label for label in gmt
    ), gmt
    # A large city that is no zone's name finds its zone.
    assert any(label.startswith("Calcutta · Inde") for label in shown_zones(page, "Mumbai"))
    # City names in French, found in French and in English.
    london = shown_zones(page, "Londres")
    assert london and london[0].startswith("Londres · Royaume-Uni"), london
    assert shown_zones(page, "London") == london
    assert any(label.startswith("Vienne · Autriche") for label in shown_zones(page, "Vienna"))
    assert any(label.startswith("Athènes · Grèce") for label in shown_zones(page, "athenes"))
    # "india" finds India's zone (by its English name) among others (Indianapolis), and
    # whatever is typed, the choice stays until the person picks.
    assert any(label.startswith("Calcutta · Inde") for label in shown_zones(page, "india"))
    expect(select).to_have_value("UTC")
    select.select_option("Asia/Kolkata")
    shown_zones(page, "Tokyo")
    expect(select).to_have_value("Asia/Kolkata")
