"""Secure by default: a production started with nothing but SECRET_KEY and ALLOWED_HOSTS passes
`check --deploy --fail-level WARNING` and sends plain HTTP to HTTPS. SECURE_SSL_REDIRECT=0,
set on purpose (a proxy that redirects by itself), is the only way to turn the redirect off.

Each case runs in a fresh interpreter whose environment holds only the variables named, and
no .env file is read (a developer's .env would otherwise say DEBUG=1)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = """
import dotenv
dotenv.load_dotenv = lambda *args, **kwargs: False  # only the environment given below

import io, json, django
from django.core.management import call_command
from django.core.management.base import SystemCheckError
django.setup()
from django.conf import settings
from django.test import Client

report = io.StringIO()
try:
    call_command("check", deploy=True, fail_level="WARNING", stdout=report, stderr=report)
    passed = True
except SystemCheckError as error:
    passed, report = False, io.StringIO(str(error))
plain = None
if settings.SECURE_SSL_REDIRECT:  # answered before anything reads the database
    plain = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0]).get("/healthz")
print(json.dumps({
    "passed": passed,
    "report": report.getvalue(),
    "redirect": settings.SECURE_SSL_REDIRECT,
    "plain": plain and [plain.status_code, plain.headers.get("Location", "")],
}))
"""


def start(**environment: str) -> dict:
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "mentoring.settings",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bare_production() -> dict:
    return start(SECRET_KEY="a-long-random-production-key-" * 2, ALLOWED_HOSTS="tandem.example.com")


def test_check_deploy_passes_at_warning_level_with_only_a_key_and_a_host(bare_production) -> None:
    assert bare_production["passed"], bare_production["report"]
    assert bare_production["report"].strip() == "System check identified no issues (0 silenced)."


def test_without_debug_plain_http_is_redirected_to_https(bare_production) -> None:
    assert bare_production["redirect"] is True
    assert bare_production["plain"] == [301, "https://tandem.example.com/healthz"]


def test_the_redirect_is_turned_off_only_when_asked_for() -> None:
    behind_a_redirecting_proxy = start(
        SECRET_KEY="a-long-random-production-key-" * 2,
        ALLOWED_HOSTS="tandem.example.com",
        SECURE_SSL_REDIRECT="0",
    )

    assert behind_a_redirecting_proxy["redirect"] is False
    # …and check --deploy says so: the choice is visible, not silent.
    assert "security.W008" in behind_a_redirecting_proxy["report"]


def test_debug_serves_plain_http_for_development() -> None:
    development = start(DEBUG="1", SECURE_SSL_REDIRECT="")

    assert development["redirect"] is False
