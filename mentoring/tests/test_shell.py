"""The shell every page shares: navigation by role, home page, language, flash
messages, accessible markup, and the Django admin kept for superusers."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from common.testing import sign_in
from people.testing import make_person


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def main_nav(response) -> str:
    return re.search(r'<nav class="navbar.*?</nav>', response.text, re.S).group(0)


# --- Navigation and home page by role ---------------------------------------


def test_hr_admin_navigation_offers_directory_and_import(client, hr_admin) -> None:
    client.force_login(hr_admin)

    nav = main_nav(client.get(reverse("home")))

    assert f'href="{reverse("people:directory")}"' in nav
    assert f'href="{reverse("people:import")}"' in nav


@pytest.mark.parametrize("persona", ["executive", "mentor", "mentee"])
def test_other_roles_do_not_see_hr_pages_in_the_navigation(client, persona, request) -> None:
    client.force_login(request.getfixturevalue(persona))

    nav = main_nav(client.get(reverse("home")))

    assert f'href="{reverse("home")}"' in nav
    assert f'href="{reverse("people:directory")}"' not in nav
    assert f'href="{reverse("people:import")}"' not in nav


def test_current_page_is_marked_in_the_navigation(client, hr_admin) -> None:
    client.force_login(hr_admin)

    nav = main_nav(client.get(reverse("people:directory")))

    assert f'aria-current="page" href="{reverse("people:directory")}"' in nav
    assert f'aria-current="page" href="{reverse("home")}"' not in nav


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("hr_admin", ["Your work list", "As a volunteer"], ["The programmes you sponsor"]),
        ("executive", ["The programmes you sponsor", "As a volunteer"], ["Your work list"]),
        ("mentor", ["As a volunteer"], ["Your work list", "The programmes you sponsor"]),
    ],
)
def test_home_page_tells_each_role_what_it_can_do(client, request, persona, shown, hidden) -> None:
    person = request.getfixturevalue(persona)
    client.force_login(person)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert f"Welcome, {person.name}" in response.text
    for heading in shown:
        assert heading in response.text
    for heading in hidden:
        assert heading not in response.text


def test_hr_admin_home_links_to_the_directory_pages(client, hr_admin) -> None:
    client.force_login(hr_admin)

    response = client.get(reverse("home"))

    assert f'href="{reverse("people:directory")}"' in response.text
    assert f'href="{reverse("people:import")}"' in response.text


def test_only_superusers_see_the_django_admin_in_their_menu(client, hr_admin) -> None:
    root = make_person(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(hr_admin)
    assert reverse("admin:index") not in client.get(reverse("home")).text

    client.force_login(root)
    assert reverse("admin:index") in client.get(reverse("home")).text


# --- Language ----------------------------------------------------------------


def test_visitor_language_choice_is_kept_in_a_cookie(client, db) -> None:
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("account_login")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("account_login"))
    assert html_lang(page) == "fr"
    assert "Connexion" in page.text  # allauth's own French


def test_signed_in_language_choice_is_saved_on_the_profile_and_used_next_time(
    client, mentor
) -> None:
    client.force_login(mentor)

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    mentor.refresh_from_db()
    assert mentor.preferred_language == "fr"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert html_lang(client.get(reverse("home"))) == "fr"


def test_profile_language_wins_over_the_browser_and_the_cookie(client, mentor) -> None:
    mentor.preferred_language = "fr"
    mentor.save()
    client.force_login(mentor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("home"), headers={"accept-language": "en"})

    assert html_lang(response) == "fr"


def test_html_lang_follows_the_browser_for_visitors(client, db) -> None:
    english = client.get(reverse("account_login"), headers={"accept-language": "en"})
    french = client.get(reverse("account_login"), headers={"accept-language": "fr-FR,fr;q=0.9"})

    assert html_lang(english) == "en"
    assert html_lang(french) == "fr"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "javascript:x"],
)
def test_language_switch_never_redirects_off_site(client, db, next_url) -> None:
    response = client.post(reverse("set_language"), {"language": "fr", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_language_changes_nothing(client, mentor) -> None:
    client.force_login(mentor)

    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    mentor.refresh_from_db()
    assert mentor.preferred_language == "en"


def test_language_switch_takes_only_posts(client, mentor) -> None:
    client.force_login(mentor)

    assert client.get(reverse("set_language"), {"language": "fr"}).status_code == 405


def test_language_switcher_offers_the_other_language_with_its_own_name(client, db) -> None:
    response = client.get(reverse("account_login"))

    assert 'name="language" value="fr" lang="fr"' in response.text
    assert "Français" in response.text
    assert f'<input type="hidden" name="next" value="{reverse("account_login")}">' in response.text


def test_after_a_form_posted_back_the_language_switch_returns_to_the_page_it_was_on(
    client, db
) -> None:
    """A form's address may take posts only (the pairing round's run/): switching language
    on the page it sent back goes to the page the form was on, never a 405."""
    form_page = "http://testserver" + reverse("account_login") + "?next=/sessions/"
    response = client.post(
        reverse("account_login"),
        {"login": "nobody@example.com", "password": "wrong"},
        HTTP_REFERER=form_page,
    )

    assert f'<input type="hidden" name="next" value="{escape(form_page)}">' in response.text


# --- Flash messages ----------------------------------------------------------


def test_flash_messages_are_shown_once_on_the_next_page(client, mentor) -> None:
    client.post(
        reverse("account_login"), {"login": mentor.email, "password": "correct-horse-battery"}
    )

    page = client.get(reverse("home"))

    assert re.search(
        r'<div class="alert alert-success[^"]*"\s+role="status">\s*Successfully signed in as',
        page.text,
    )
    assert "Successfully signed in as" not in client.get(reverse("home")).text


def test_error_messages_are_announced(client, mentor) -> None:
    client.force_login(mentor)

    response = client.post(
        reverse("account_email"), {"action_remove": "", "email": mentor.email}, follow=True
    )

    assert re.search(
        r'class="alert alert-danger[^"]*"\s+role="alert">\s*You cannot remove your primary',
        response.text,
    )


# --- Accessible markup -------------------------------------------------------

PAGES_FOR_VISITORS = ["account_login", "account_signup", "account_reset_password"]
PAGES_FOR_PEOPLE = ["home", "people:profile", "account_email", "account_change_password"]


@pytest.fixture
def shell_pages(client, hr_admin) -> list[str]:
    pages = [client.get(reverse(name)).text for name in PAGES_FOR_VISITORS]
    client.force_login(hr_admin)
    pages += [client.get(reverse(name)).text for name in PAGES_FOR_PEOPLE]
    return pages


def test_every_page_starts_with_a_skip_link_to_the_main_landmark(shell_pages) -> None:
    for html in shell_pages:
        body = html.split("<body", 1)[1]
        first_link = re.search(r"<a [^>]*>", body).group(0)
        assert 'href="#main"' in first_link
        assert "visually-hidden-focusable" in first_link
        assert '<main id="main"' in html


def test_every_page_has_named_landmarks_and_one_h1(shell_pages) -> None:
    for html in shell_pages:
        assert "<header>" in html
        assert re.search(r'<nav [^>]*aria-label="Main navigation"', html)
        assert "<footer" in html
        assert len(re.findall(r"<h1[ >]", html)) == 1


def test_every_form_field_has_a_label(shell_pages) -> None:
    for html in shell_pages:
        for field in re.finditer(r"<(input|select|textarea)\b[^>]*>", html):
            tag = field.group(0)
            if re.search(r'type="(hidden|submit)"', tag):
                continue
            field_id = re.search(r'id="([^"]+)"', tag).group(1)
            assert f'for="{field_id}"' in html, tag


def test_pages_have_no_inline_scripts_or_event_handlers(shell_pages) -> None:
    """A later content security policy forbids inline script: keep every page ready for it."""
    for html in shell_pages:
        for script in re.finditer(r"<script\b[^>]*>", html):
            tag = script.group(0)
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"\son[a-z]+=", html)
        assert "javascript:" not in html


# --- Profile -------------------------------------------------------------------


def test_profile_saves_name_language_and_time_zone(client, mentor) -> None:
    client.force_login(mentor)

    response = client.post(
        reverse("people:profile"),
        {"name": "Zoé J.", "preferred_language": "fr", "time_zone": "America/Toronto"},
        follow=True,
    )

    mentor.refresh_from_db()
    assert (mentor.name, mentor.preferred_language, mentor.time_zone) == (
        "Zoé J.",
        "fr",
        "America/Toronto",
    )
    assert html_lang(response) == "fr"


def test_profile_refuses_an_unknown_time_zone_next_to_the_field(client, mentor) -> None:
    client.force_login(mentor)

    response = client.post(
        reverse("people:profile"),
        {"name": "Zoé Junior", "preferred_language": "en", "time_zone": "Mars/Olympus_Mons"},
    )

    assert response.status_code == 200
    mentor.refresh_from_db()
    assert mentor.time_zone == "Europe/Paris"
    error = re.search(r'<div id="id_time_zone_error"[^>]*>(.*?)</div>', response.text, re.S)
    assert error is not None and "Mars/Olympus_Mons" in error.group(1)


# --- Django admin --------------------------------------------------------------


def test_admin_refuses_a_staff_member_who_is_not_superuser(client, db) -> None:
    staff = make_person(email="staff@example.com", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403
    assert client.get(reverse("admin:people_user_changelist"), follow=True).status_code == 403


def test_admin_refuses_an_hr_admin(client, hr_admin) -> None:
    client.force_login(hr_admin)

    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_admin_lets_a_superuser_in(client, db) -> None:
    root = make_person(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(root)

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:people_user_changelist")).status_code == 200


def test_admin_sign_in_is_allauths(client, db) -> None:
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"
    assert "Sign In" in response.text


def test_admin_sign_in_sends_a_superuser_on_but_never_off_site(client, db) -> None:
    root = make_person(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(root)
    login = reverse("admin:login")

    assert client.get(login, {"next": "/admin/people/"})["Location"] == "/admin/people/"
    assert client.get(login, {"next": "https://evil.example/"})["Location"] == "/admin/"


# --- In the browser ----------------------------------------------------------


@pytest.mark.browser
def test_keyboard_user_skips_to_the_content_and_switches_language(page, mentor) -> None:
    sign_in(page, mentor.email)

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main"
    assert skip.is_visible()  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    mentor.refresh_from_db()
    assert mentor.preferred_language == "fr"


@pytest.mark.browser
def test_account_menu_opens_and_signs_out_by_post(page, mentor) -> None:
    sign_in(page, mentor.email)

    page.get_by_role("button", name=mentor.name).click()
    page.get_by_role("button", name="Sign out").click()

    page.wait_for_url(lambda url: url.endswith(reverse("account_login")))
    page.goto(reverse("home"))
    assert reverse("account_login") in page.url
