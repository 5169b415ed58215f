"""Provisioning tokens: HR creates, names, sees once and revokes them; a bad one writes nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from people.models import User
from scim.models import Call, ProvisioningToken, digest
from scim.protocol import ERROR, USER
from scim.testing import call, make_token

pytestmark = pytest.mark.django_db

NEW_PERSON = {"schemas": [USER], "userName": "new.person@example.com", "displayName": "New Person"}


def _refused_without_a_trace(client, token: str) -> None:
    for method, path, body in [
        ("POST", "/Users", NEW_PERSON),
        ("GET", "/Users", None),
        ("GET", "/ServiceProviderConfig", None),
    ]:
        answer = call(client, method, path, body, token=token)
        assert answer.status_code == 401
        assert answer.json()["schemas"] == [ERROR]
        assert answer["WWW-Authenticate"].startswith("Bearer")
    assert not User.objects.filter(email="new.person@example.com").exists()
    assert not Call.objects.exists()


def test_a_bad_token_is_refused_and_nothing_is_written(client):
    good = make_token()
    ProvisioningToken.objects.update(last_used_at=None)

    _refused_without_a_trace(client, good[:-1] + ("x" if good[-1] != "x" else "y"))
    _refused_without_a_trace(client, "not-even-ours")
    assert (
        client.post("/scim/v2/Users", NEW_PERSON, content_type="application/scim+json").status_code
        == 401
    )
    assert ProvisioningToken.objects.get().last_used_at is None


def test_an_expired_token_is_refused_and_nothing_is_written(client):
    token = make_token()
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        _refused_without_a_trace(client, token)


def test_a_revoked_token_is_refused_and_nothing_is_written(client, hr_admin):
    token = make_token()
    assert call(client, "GET", "/Users", token=token).status_code == 200
    Call.objects.all().delete()

    client.force_login(hr_admin)
    revoked = client.post(reverse("scim:revoke", args=[ProvisioningToken.objects.get().code]))
    assert revoked.status_code == 302
    client.logout()

    _refused_without_a_trace(client, token)


def test_tokens_are_stored_as_a_digest_only(db):
    secret = make_token("Okta")
    token = ProvisioningToken.objects.get()
    assert token.digest == digest(secret) and secret not in (token.digest, token.prefix)
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) / 2


def test_hr_creates_a_token_sees_it_once_and_revokes_it(client, hr_admin):
    client.force_login(hr_admin)
    page = client.post(reverse("scim:tokens"), {"name": "Entra ID provisioning", "valid_days": 365})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    secret = page.context["secret"]
    assert secret in page.content.decode()
    token = ProvisioningToken.objects.get(name="Entra ID provisioning")
    assert token.created_by == hr_admin
    assert 364 <= (token.expires_at - timezone.now()).days <= 365

    again = client.get(reverse("scim:tokens"))
    assert secret not in again.content.decode()
    assert "Entra ID provisioning" in again.content.decode()

    assert call(client, "GET", "/Users", token=secret).status_code == 200
    audit = client.get(reverse("scim:token", args=[token.code]))
    assert "GET /scim/v2/Users" in audit.content.decode()

    client.post(reverse("scim:revoke", args=[token.code]))
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == hr_admin
    assert call(client, "GET", "/Users", token=secret).status_code == 401


def test_a_token_needs_a_name(client, hr_admin):
    client.force_login(hr_admin)
    page = client.post(reverse("scim:tokens"), {"name": " ", "valid_days": 30})
    assert page.status_code == 200
    assert page.context["form"].errors["name"]
    assert not ProvisioningToken.objects.exists()


@pytest.mark.parametrize("persona", ["executive", "mentor", "outsider"])
def test_only_hr_admins_see_the_token_pages(client, request, persona):
    make_token()
    code = ProvisioningToken.objects.get().code
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("scim:tokens")).status_code == 404
    assert (
        client.post(reverse("scim:tokens"), {"name": "Mine", "valid_days": 30}).status_code == 404
    )
    assert client.get(reverse("scim:token", args=[code])).status_code == 404
    assert client.post(reverse("scim:revoke", args=[code])).status_code == 404
    assert ProvisioningToken.objects.get().revoked_at is None
    assert ProvisioningToken.objects.count() == 1


def test_too_many_calls_are_answered_429(client, settings):
    settings.SCIM_RATE_LIMIT = 3
    token = make_token()
    statuses = [call(client, "GET", "/Users", token=token).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    answer = call(client, "POST", "/Users", NEW_PERSON, token=token)
    assert answer.status_code == 429 and answer["Retry-After"] == "60"
    assert not User.objects.filter(email="new.person@example.com").exists()


@pytest.mark.parametrize(
    "language, created, valid_until",
    [("en", "3 March 2026", "until 3 March 2027"), ("fr", "3 mars 2026", "jusqu’au 3 mars 2027")],
)
def test_the_token_pages_write_dates_in_words_in_the_readers_language(
    client, hr_admin, language, created, valid_until
):
    hr_admin.preferred_language = language
    hr_admin.save(update_fields=["preferred_language"])
    client.force_login(hr_admin)
    with time_machine.travel("2026-03-03 10:00:00+00:00", tick=False):
        client.post(reverse("scim:tokens"), {"name": "Entra ID", "valid_days": 365})
        page = client.get(reverse("scim:tokens"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert created in page
    assert valid_until in page
