"""Headers and cookies: a content security policy without inline script or style, HSTS,
nosniff, frame denial, a referrer policy, and secure, HttpOnly, SameSite cookies under
production settings, where `manage.py check --deploy` reports nothing."""

import io
import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from dotenv import dotenv_values

from people.testing import make_person

from .pages import MAIN_PAGES, PERSONAS, VISITOR, Page, Unavailable, person

ROOT = settings.BASE_DIR


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


# --- The policy and the headers on every page ------------------------------------


def test_pages_carry_a_content_security_policy_without_inline_script_or_style(client, db) -> None:
    csp = policy(client.get(reverse("account_login")))

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    allowed = " ".join(value for values in csp.values() for value in values)
    assert "unsafe-inline" not in allowed
    assert "unsafe-eval" not in allowed
    assert "*" not in allowed


def test_signed_in_pages_carry_the_same_policy(client, hr_admin) -> None:
    client.force_login(hr_admin)

    response = client.get(reverse("people:directory"))

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]


def test_pages_refuse_frames_and_sniffing_and_keep_referrers_on_the_site(client, db) -> None:
    response = client.get(reverse("account_login"))

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


# --- Production settings ----------------------------------------------------------

# Run in a fresh interpreter with the production environment: the system checks for
# deployment, then a sign-in and a language switch over HTTPS, reporting what came back.
PRODUCTION_PROBE = """
import io, json, django
from django.core.management import call_command
django.setup()
from django.conf import settings
from django.test import Client
from allauth.account.models import EmailAddress
from people.models import User

report = io.StringIO()
call_command("check", deploy=True, fail_level="DEBUG", stdout=report, stderr=report)
call_command("migrate", verbosity=0)
user = User.objects.create_user(
    email="probe@example.com", name="Probe", password="a-long-passphrase"
)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

host = settings.ALLOWED_HOSTS[0]
client = Client(HTTP_HOST=host)
plain = client.get("/accounts/login/")
page = client.get("/accounts/login/", secure=True)
signed_in = client.post(
    "/accounts/login/", {"login": user.email, "password": "a-long-passphrase"}, secure=True
)
language = client.post("/language/", {"language": "fr", "next": "/"}, secure=True)

def cookies(response):
    return {
        name: {key: str(morsel[key]) for key in ("secure", "httponly", "samesite")}
        for name, morsel in response.cookies.items()
    }

print(json.dumps({
    "check": report.getvalue(),
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "headers": dict(page.headers),
    "cookies": {**cookies(page), **cookies(signed_in), **cookies(language)},
    "signed_in": [signed_in.status_code, signed_in.headers.get("Location", "")],
    "mfa_required": settings.MFA_REQUIRED_FOR_ROLES,
}))
"""


def production_environment() -> dict[str, str]:
    """The documented example (.env.example) with what its header says production sets."""
    example = dotenv_values(ROOT / ".env.example")
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        **{name: value for name, value in example.items() if value is not None},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "tandem.example.com",
        "SECURE_SSL_REDIRECT": "1",
        "DATABASE_URL": "sqlite://:memory:",
    }


@pytest.fixture(scope="module")
def production() -> dict:
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_under_production_settings(production) -> None:
    assert production["check"].strip() == "System check identified no issues (0 silenced)."


def test_production_redirects_plain_http_to_https(production) -> None:
    assert production["plain"] == [301, "https://tandem.example.com/accounts/login/"]


def test_production_sends_hsts_and_the_policy(production) -> None:
    headers = production["headers"]

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_cookies_are_secure_httponly_and_same_site(production) -> None:
    assert production["signed_in"] == [302, "/"]
    cookies = production["cookies"]

    assert {"sessionid", "csrftoken", "django_language"} <= set(cookies)
    for name, flags in cookies.items():
        assert flags == {"secure": "True", "httponly": "True", "samesite": "Lax"}, name


def test_production_requires_a_second_factor_of_hr_and_executives(production) -> None:
    assert production["mfa_required"] is True


# --- No inline script or style anywhere ------------------------------------------

TEMPLATES = ROOT / "templates"
# Emails carry their styles inline (mail clients ignore style sheets) and are never
# served as pages.
EMAIL_FOLDERS = {"emails"}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    """What a policy without 'unsafe-inline' would block: inline scripts, event handler
    attributes, javascript: links, <style> elements and style attributes."""
    found = [match.group(0) for match in INLINE_SCRIPT.finditer(html)]
    found += [match.group(0) for match in HANDLER.finditer(html)]
    found += [match.group(0) for match in STYLE_ATTRIBUTE.finditer(html)]
    found += re.findall(r"<style\b[^>]*>", html, re.IGNORECASE)
    found += re.findall(r"javascript:", html, re.IGNORECASE)
    return found


def test_the_inline_code_finder_finds_what_the_policy_blocks() -> None:
    blocked = [
        "<script>alert(1)</script>",
        '<script type="module">go()</script>',
        '<a href="#" onclick="go()">',
        '<img src="x" ONERROR="go()">',
        '<div style="width: 40%">',
        "<style>p { color: red }</style>",
        '<a href="javascript:go()">',
    ]
    allowed = [
        '<script src="/static/js/review.js"></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<button data-bs-toggle="collapse">',
        '<input name="onboarding" value="styles">',
    ]

    assert all(inline_code(html) for html in blocked)
    assert not any(inline_code(html) for html in allowed)


def test_templates_have_no_inline_script_or_style() -> None:
    problems = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        if EMAIL_FOLDERS & set(template.relative_to(TEMPLATES).parts):
            continue
        for code in inline_code(template.read_text()):
            problems.append(f"{template.relative_to(ROOT)}: {code}")
    assert not problems, (
        "The content security policy blocks these (move styles to static/css, scripts to "
        "static/js; for a width that varies, use a class per step or an SVG's width "
        "attribute):\n" + "\n".join(problems)
    )


@pytest.fixture(scope="module")
def demo_company(django_db_setup, django_db_blocker):
    """The demo company, once for the module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", allow_without_debug=True, stdout=io.StringIO())
        make_person(email=PERSONAS["newcomer"], name="Nina Nouvelle", grade=3)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("page", MAIN_PAGES, ids=lambda page: page.id)
def test_main_pages_render_without_inline_script_or_style(
    client, demo_company, db, page: Page
) -> None:
    try:
        url = page.url()
    except Unavailable as missing:
        pytest.skip(str(missing))
    if page.persona != VISITOR:
        client.force_login(person(page.persona))

    response = client.get(url, follow=True)

    assert response.status_code == 200, url
    assert inline_code(response.text) == []
