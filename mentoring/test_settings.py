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
