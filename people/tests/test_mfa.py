"""Accounts you can trust: two-factor authentication (an authenticator app and recovery
codes) for everyone and required of HR admins and executives; a deactivated person is
signed out at their next request; the Django admin has no door of its own."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from common.testing import PASSWORD
from people.models import User
from people.testing import make_person

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (a test key, base32)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and used codes are counted in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = True


def code(secret: str = SECRET, step: int = 0) -> str:
    """The authenticator app's code for this 30-second step (or the next ones)."""
    counter = int(time.time()) // 30 + step
    return totp.format_hotp_value(totp.hotp_value(secret, counter))


def with_authenticator_app(user: User, secret: str = SECRET) -> User:
    totp.TOTP.activate(user, secret)
    return user


def sign_in(client, user: User, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def confirm_password(client, password: str = PASSWORD) -> None:
    """allauth asks for the password again before two-factor settings change."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


def signed_in_user(client) -> User | None:
    user = client.get(reverse("account_email")).wsgi_request.user
    return user if user.is_authenticated else None


# --- Available to everyone -------------------------------------------------------


def test_account_menu_links_to_two_factor_authentication(client, mentor) -> None:
    client.force_login(mentor)

    home = client.get(reverse("home"))
    page = client.get(reverse("mfa_index"))

    assert f'href="{reverse("mfa_index")}"' in home.text
    assert page.status_code == 200
    assert "Authenticator App" in page.text
    assert "Recovery Codes" in page.text


def test_a_volunteer_activates_an_authenticator_app_and_gets_recovery_codes(client, mentor) -> None:
    sign_in(client, mentor)
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": code(secret)})

    assert response["Location"] == reverse("mfa_view_recovery_codes")
    types = set(Authenticator.objects.filter(user=mentor).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.context["unused_codes"] and len(codes.context["unused_codes"]) == 10


def test_the_qr_code_is_an_image_the_content_security_policy_allows(client, mentor) -> None:
    sign_in(client, mentor)
    confirm_password(client)

    page = client.get(reverse("mfa_activate_totp"))

    assert '<img src="data:image/svg+xml;base64,' in page.text
    assert 'class="mfa-qr img-fluid mb-3"' in page.text


def test_a_wrong_code_does_not_activate_the_app(client, mentor) -> None:
    sign_in(client, mentor)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert not Authenticator.objects.filter(user=mentor).exists()


def test_with_an_app_the_password_alone_does_not_sign_in(client, mentor) -> None:
    with_authenticator_app(mentor)

    response = sign_in(client, mentor)

    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user(client) is None
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))


def test_with_an_app_the_password_and_a_code_sign_in(client, mentor) -> None:
    with_authenticator_app(mentor)
    sign_in(client, mentor)

    response = client.post(reverse("mfa_authenticate"), {"code": code(step=1)})

    assert response["Location"] == reverse("home")
    assert signed_in_user(client) == mentor


def test_a_code_cannot_be_used_twice(client, mentor) -> None:
    with_authenticator_app(mentor)
    sign_in(client, mentor)
    client.post(reverse("mfa_authenticate"), {"code": code()})
    client.post(reverse("account_logout"))
    sign_in(client, mentor)

    response = client.post(reverse("mfa_authenticate"), {"code": code()})

    assert response.status_code == 200
    assert signed_in_user(client) is None


def test_a_volunteer_may_deactivate_their_app(client, mentor) -> None:
    with_authenticator_app(mentor)
    sign_in(client, mentor)
    client.post(reverse("mfa_authenticate"), {"code": code()})
    confirm_password(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=mentor, type=Authenticator.Type.TOTP).exists()


# --- Required of HR admins and executives ----------------------------------------


@pytest.mark.parametrize("persona", ["hr_admin", "executive"])
def test_hr_admins_and_executives_without_an_app_are_sent_to_set_one_up(
    client, request, mfa_required, persona
) -> None:
    client.force_login(request.getfixturevalue(persona))

    for name in ["home", "programmes:list", "people:profile", "admin:index"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("mfa_activate_totp"), name
    page = client.get(reverse("home"), follow=True)
    assert "protect your account with an authenticator app" in page.text


def test_the_set_up_pages_and_the_way_out_stay_open(client, hr_admin, mfa_required) -> None:
    client.force_login(hr_admin)

    for name in ["mfa_index", "account_email", "account_change_password", "account_logout"]:
        assert client.get(reverse(name)).status_code == 200, name
    language = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert language["Location"] == "/"
    signed_out = client.post(reverse("account_logout"))
    assert signed_out["Location"] == reverse("account_login")
    assert signed_in_user(client) is None


def test_an_hr_admin_signs_in_sets_up_the_app_and_goes_on(client, hr_admin, mfa_required) -> None:
    sign_in(client, hr_admin)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    confirm_password(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    client.post(reverse("mfa_activate_totp"), {"code": code(secret)})

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("people:directory")).status_code == 200


def test_an_hr_admin_with_an_app_is_not_held_back(client, hr_admin, mfa_required) -> None:
    with_authenticator_app(hr_admin)
    client.force_login(hr_admin)

    assert client.get(reverse("people:directory")).status_code == 200


def test_volunteers_are_not_required_to_set_up_an_app(client, mentor, mfa_required) -> None:
    client.force_login(mentor)

    assert client.get(reverse("home")).status_code == 200


def test_an_hr_admin_cannot_deactivate_the_app_while_it_is_required(
    client, hr_admin, mfa_required
) -> None:
    with_authenticator_app(hr_admin)
    sign_in(client, hr_admin)
    client.post(reverse("mfa_authenticate"), {"code": code()})
    confirm_password(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    assert "You cannot deactivate two-factor authentication." in response.text
    assert Authenticator.objects.filter(user=hr_admin, type=Authenticator.Type.TOTP).exists()


def test_without_the_requirement_an_hr_admin_signs_in_with_a_password(client, hr_admin) -> None:
    sign_in(client, hr_admin)

    assert client.get(reverse("people:directory")).status_code == 200


# --- Deactivation ------------------------------------------------------------------


def test_deactivating_a_person_signs_them_out_at_their_next_request(client, mentor) -> None:
    sign_in(client, mentor)
    assert client.get(reverse("home")).status_code == 200

    User.objects.filter(pk=mentor.pk).update(is_active=False)
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert signed_in_user(client) is None


def test_deactivating_an_hr_admin_closes_the_directory_at_once(client, hr_admin) -> None:
    client.force_login(hr_admin)
    assert client.get(reverse("people:directory")).status_code == 200

    hr_admin.is_active = False
    hr_admin.save()

    assert client.get(reverse("people:directory"))["Location"].startswith(reverse("account_login"))


def test_deactivating_a_person_deletes_their_sessions(client, mentor, hr_admin) -> None:
    sign_in(client, mentor)
    other_device = Client()
    sign_in(other_device, mentor)
    someone_else = Client()
    someone_else.force_login(hr_admin)

    mentor.is_active = False
    mentor.save()

    assert [session.get_decoded()["_auth_user_id"] for session in Session.objects.all()] == [
        str(hr_admin.pk)
    ]
    assert signed_in_user(someone_else) == hr_admin


def test_a_reactivated_person_signs_in_again_rather_than_finding_their_old_session(
    client, mentor
) -> None:
    sign_in(client, mentor)
    mentor.is_active = False
    mentor.save()
    mentor.is_active = True
    mentor.save()

    assert signed_in_user(client) is None
    sign_in(client, mentor)
    assert signed_in_user(client) == mentor


def test_saving_an_active_person_leaves_their_sessions_alone(client, mentor) -> None:
    sign_in(client, mentor)

    mentor.name = "Zoé J."
    mentor.save()

    assert signed_in_user(client) == mentor


# --- The Django admin -------------------------------------------------------------


@pytest.fixture
def superuser(db) -> User:
    return make_person(email="root@example.com", is_staff=True, is_superuser=True)


def test_admin_sign_in_form_takes_no_password(client, superuser) -> None:
    response = client.post(
        reverse("admin:login"), {"username": superuser.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert signed_in_user(client) is None


def test_admin_sign_in_obeys_the_same_rate_limits(client, superuser) -> None:
    for _attempt in range(5):
        sign_in(client, superuser, "a-wrong-guess")

    response = sign_in(client, superuser)

    assert "Too many failed login attempts" in response.text
    admin = client.get(reverse("admin:index"), follow=True)
    assert admin.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_admin_sign_in_asks_a_superuser_with_an_app_for_a_code(client, superuser) -> None:
    with_authenticator_app(superuser)

    response = client.post(
        f"{reverse('account_login')}?next={reverse('admin:index')}",
        {"login": superuser.email, "password": PASSWORD},
    )

    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302
    signed_in = client.post(reverse("mfa_authenticate"), {"code": code()})
    assert signed_in["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
