"""Issue 12, done when: an English mentee and a French mentor open the same programme and
each reads it entirely in their language; a French HR admin signs in and reads a French
welcome. On the demo company, from browsers that ask for the other language, so that
only the person's own choice can explain what they read."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.models import Testimonial as Quote
from programmes.models import Programme

from .catalogue import load
from .reading import Reader, html_lines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "tandem-demo"  # noqa: S105 (the demo's published password)


def sign_in(browser, live_server, email: str, browser_locale: str):
    context = browser.new_context(base_url=live_server.url, locale=browser_locale)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def foreign_words(page, language: str) -> list[str]:
    reader = Reader(load())
    return [
        str(hit) for hit in reader.foreign(page.url, html_lines(page.content(), language), language)
    ]


def test_an_english_mentee_and_a_french_mentor_each_read_their_programme_in_their_language(
    browser, live_server
) -> None:
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())
    programme = Programme.objects.get(slug="csr-sustainability")
    url = f"/programmes/{programme.code}/"

    mentee = sign_in(browser, live_server, "mentee@example.com", "fr-FR")
    mentee.goto(url)
    expect(mentee.locator("html")).to_have_attribute("lang", "en")
    expect(mentee.get_by_role("heading", level=1)).to_contain_text(programme.name_en)
    expect(mentee.locator("main")).to_contain_text(programme.description_en[:60])
    expect(mentee.locator("main")).to_contain_text(programme.place_en)
    expect(mentee.locator("main")).not_to_contain_text("available in")
    assert foreign_words(mentee, "en") == []

    mentor = sign_in(browser, live_server, "mentor@example.com", "en-GB")
    mentor.goto(url)
    expect(mentor.locator("html")).to_have_attribute("lang", "fr")
    expect(mentor.get_by_role("heading", level=1)).to_contain_text(programme.name_fr)
    expect(mentor.locator("main")).to_contain_text(programme.description_fr[:60])
    expect(mentor.locator("main")).to_contain_text(programme.place_fr)
    expect(mentor.locator("main")).not_to_contain_text("disponible uniquement")
    for objective in programme.objectives.all():
        expect(mentor.locator("main")).to_contain_text(objective.sentence_fr)
        expect(mentee.locator("main")).to_contain_text(objective.sentence_en)
    assert foreign_words(mentor, "fr") == []


def test_the_english_mentee_and_the_french_mentor_read_the_end_of_their_programme_in_their_language(
    browser, live_server
) -> None:
    """The completed programme they took part in: HR's closing message in each one's language,
    and the published testimonials, in their language when the author consented to a
    translation, otherwise as written, marked with the language they are written in."""
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())
    programme = Programme.objects.get(slug="digital-acculturation-first-edition")
    published = list(Quote.objects.approved())
    assert {quote.language for quote in published} == {"en", "fr"}
    assert any(quote.translation for quote in published)
    assert any(not quote.may_be_translated for quote in published)

    for email, browser_locale, language, other, marks in (
        (
            "mentee@example.com",
            "fr-FR",
            "en",
            "fr",
            ("translated from French", "written in French"),
        ),
        ("mentor@example.com", "en-GB", "fr", "en", ("traduit de l’anglais", "écrit en anglais")),
    ):
        page = sign_in(browser, live_server, email, browser_locale)
        page.goto(f"/programmes/{programme.code}/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        closing = page.get_by_test_id("closing-message")
        expect(closing).to_contain_text(getattr(programme, f"closing_message_{language}")[:60])
        expect(closing).not_to_contain_text(getattr(programme, f"closing_message_{other}")[:40])
        assert foreign_words(page, language) == []

        page.goto("/evaluation/testimonials/")
        quotes = page.get_by_test_id("testimonials")
        for quote in published:
            shown = (
                quote.translation
                if quote.language != language and quote.translation
                else quote.text
            )
            expect(quotes).to_contain_text(" ".join(shown.split()[:6]))
        translated, as_written = marks
        expect(quotes).to_contain_text(translated)
        expect(quotes).to_contain_text(as_written)
        assert foreign_words(page, language) == []
        page.context.close()


def test_a_french_hr_admin_signs_in_from_an_english_browser_and_is_welcomed_in_french(
    browser, live_server
) -> None:
    call_command("seed_demo", allow_without_debug=True, stdout=StringIO())
    page = sign_in(browser, live_server, "hr@example.com", "en-GB")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".messages")).to_contain_text("Connexion avec Hélène Marchand réussie.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Hélène Marchand")
    assert foreign_words(page, "fr") == []
