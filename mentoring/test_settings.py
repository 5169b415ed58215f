"""The small override the test suite runs with (see pytest.ini)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Celery stays eager unless a test asks for the real worker (marked `celery_worker`).
CELERY_TASK_ALWAYS_EAGER = True
SIGNUP_EMAIL_DOMAINS = ["example.com"]
# Tests sign HR admins and executives in without a second factor; people/tests/test_mfa.py
# turns the requirement on.
MFA_REQUIRED_FOR_ROLES = False
# The test client and the live server speak plain HTTP; production redirects it to HTTPS
# (mentoring/tests/test_production_defaults.py).
SECURE_SSL_REDIRECT = False

# Connections opened by the live server's threads must close with each request,
# or PostgreSQL refuses to drop the test database at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Each run gets its own cache keys, so that rate-limit counters left in a real
# Redis by an earlier run cannot throttle this one.
CACHES["default"]["KEY_PREFIX"] = f"tandem-test-{os.getpid()}"  # noqa: F405
