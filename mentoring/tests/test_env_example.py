import json
import os
import re
import subprocess
import sys

from django.conf import settings
from dotenv import dotenv_values

ROOT = settings.BASE_DIR
READS = re.compile(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]*)"')
SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
}))
"""


def example_environment(**overrides: str) -> dict[str, str]:
    values = dotenv_values(ROOT / ".env.example")
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        **{name: value for name, value in values.items() if value is not None},
        **overrides,
    }


def start_settings(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_env_example_documents_every_variable_the_settings_read() -> None:
    read = set(READS.findall((ROOT / "mentoring" / "settings.py").read_text()))
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )

    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"} <= read
    assert read - documented == set()


def test_the_example_values_start_a_safe_production_like_configuration() -> None:
    result = start_settings(example_environment(SECRET_KEY="a-long-random-production-key"))

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["DEBUG"] is False
    assert shown["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["EAGER"] is True
    assert shown["SESSION_COOKIE_SECURE"] is True
    assert shown["SECURE_HSTS_SECONDS"] > 0
    assert shown["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert shown["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_without_debug_the_application_refuses_to_start_without_a_secret_key() -> None:
    result = start_settings(example_environment())

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
