"""Accounts with allauth: sign-up by company domain, verified email, sign-in by email,
sign-out by POST, password reset, rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from common.testing import PASSWORD
from people.models import User

NEW_PASSWORD = "a-quite-different-secret"  # noqa: S105


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def sign_up(client, email: str, name: str = "Nadia Nouvelle", **extra):
    return client.post(
        reverse("account_signup"),
        {"name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD, **extra},
    )


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in_user(client) -> User | None:
    user = client.get(reverse("home")).wsgi_request.user
    return user if user.is_authenticated else None


def link_in(message: mail.EmailMessage) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_page_asks_for_a_name(client, db) -> None:
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert 'name="name"' in response.text
    assert 'autocomplete="name"' in response.text


def test_sign_up_with_a_company_address_saves_the_name_and_sends_a_confirmation(client, db) -> None:
    response = sign_up(client, "nadia@example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nadia@example.com")
    assert user.name == "Nadia Nouvelle"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_sign_up_from_another_domain_is_refused_next_to_the_email_field(client, db) -> None:
    response = sign_up(client, "nadia@gmail.com")

    assert response.status_code == 200
    assert not User.objects.filter(email="nadia@gmail.com").exists()
    assert mail.outbox == []
    message = "Sign-up is open to addresses at example.com only. Ask HR if you need access."
    assert response.context["form"].errors["email"] == [message]
    error = re.search(r'<div id="id_email_error"[^>]*>(.*?)</div>', response.text, re.S)
    assert error is not None and message in error.group(1)
    assert 'aria-describedby="id_email_error"' in response.text


def test_sign_up_domain_check_ignores_case(client, db, settings) -> None:
    settings.SIGNUP_EMAIL_DOMAINS = ["example.com", "example.org"]

    response = sign_up(client, "Nadia@Example.ORG")

    assert response.status_code == 302
    assert User.objects.filter(email="nadia@example.org").exists()


def test_sign_up_remembers_the_language_of_the_page(client, db) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    sign_up(client, "nadia@example.com")

    assert User.objects.get(email="nadia@example.com").preferred_language == "fr"
    assert mail.outbox[0].subject == "[Tandem] Confirmez votre adresse e-mail"


def test_new_account_must_verify_its_email_before_signing_in(client, db) -> None:
    sign_up(client, "nadia@example.com")
    assert signed_in_user(client) is None

    response = sign_in(client, "nadia@example.com")

    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    # allauth would send the confirmation again, but not twice within three minutes.
    assert len(mail.outbox) == 1

    confirm_url = link_in(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200  # a page with a button, not a GET side effect
    assert not EmailAddress.objects.get(email="nadia@example.com").verified
    client.post(confirm_url)

    assert EmailAddress.objects.get(email="nadia@example.com").verified
    response = sign_in(client, "nadia@example.com")
    assert response["Location"] == reverse("home")
    assert signed_in_user(client).email == "nadia@example.com"


def test_sign_in_is_by_email_whatever_its_case(client, mentor) -> None:
    response = sign_in(client, "Mentor@EXAMPLE.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_user(client) == mentor


def test_wrong_password_is_refused_without_saying_which_field_was_wrong(client, mentor) -> None:
    response = sign_in(client, "mentor@example.com", "not-my-password")

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.text
    assert signed_in_user(client) is None


def test_sign_out_by_get_only_asks_for_confirmation(client, mentor) -> None:
    client.force_login(mentor)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert "Are you sure you want to sign out?" in response.text
    assert signed_in_user(client) == mentor


def test_sign_out_by_post_signs_out(client, mentor) -> None:
    client.force_login(mentor)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert signed_in_user(client) is None


def test_password_reset_sends_a_link_that_sets_a_new_password(client, mentor) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "mentor@example.com"})

    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mentor@example.com"]
    key_url = link_in(mail.outbox[0])
    # allauth moves the key into the session and redirects to a URL without it.
    response = client.get(key_url)
    assert response.status_code == 302
    form_url = response["Location"]
    assert "set-password" in form_url

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.check_password(NEW_PASSWORD)
    client.logout()
    sign_in(client, "mentor@example.com", NEW_PASSWORD)
    assert signed_in_user(client) == mentor


def test_password_reset_link_works_only_once(client, mentor) -> None:
    client.post(reverse("account_reset_password"), {"email": "mentor@example.com"})
    key_url = link_in(mail.outbox[0])
    form_url = client.get(key_url)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    response = client.get(key_url, follow=True)

    assert "The password reset link was invalid" in response.text


def test_password_reset_email_is_in_the_recipients_language(client, mentor) -> None:
    mentor.preferred_language = "fr"
    mentor.save()

    client.post(reverse("account_reset_password"), {"email": "mentor@example.com"})

    assert mail.outbox[0].subject == "[Tandem] E-mail de réinitialisation de mot de passe"


def test_password_reset_for_an_unknown_address_does_not_say_so(client, db) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert response["Location"] == reverse("account_reset_password_done")


def test_repeated_failed_sign_ins_are_limited(client, mentor) -> None:
    for _attempt in range(5):
        response = sign_in(client, "mentor@example.com", "guess")
        assert "Too many failed login attempts" not in response.text

    response = sign_in(client, "mentor@example.com", PASSWORD)

    assert "Too many failed login attempts. Try again later." in response.text
    assert signed_in_user(client) is None


def test_rate_limits_are_switched_on(settings) -> None:
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits is not False
    for action in ("login_failed", "signup", "reset_password", "confirm_email", "change_password"):
        assert limits[action]


def test_inactive_person_cannot_sign_in(client, mentor) -> None:
    mentor.is_active = False
    mentor.save()

    response = sign_in(client, "mentor@example.com")

    assert response["Location"] == reverse("account_inactive")
    assert signed_in_user(client) is None
    assert "This account is inactive." in client.get(response["Location"]).text
