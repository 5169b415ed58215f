"""Tandem settings, read top to bottom, driven by environment variables.

Every variable is documented in .env.example. A local .env file (written by
`make demo`) is read first; real environment variables win over it.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from sso.config import form_action_origins, providers_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------

DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG is on (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-used-with-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "mentoring.apps.TandemAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "csp",
    "mentoring.apps.MentoringConfig",
    "people",
    "audit",
    "programmes",
    "enrolments",
    "pairing",
    "meetings",
    "reminders",
    "evaluation",
    "privacy",
    "hr",
    "sso",
    "scim",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.middleware.ControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.PreferredLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "common.middleware.ControlCharactersNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "people.mfa.RequireMFAMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"
ASGI_APPLICATION = "mentoring.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # {% load formatting %}: numbers, dates and lists in the reader's language.
            "libraries": {"formatting": "common.templatetags.formatting"},
        },
    },
]

# --- Data -----------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "mentoring.cache.RedisCache",  # one client per pool, not per call
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tandem",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are rows in the database; with Redis, each request reads its session from the cache
# instead (written through to the table, so that deactivation still finds and ends them). Never
# with the local-memory cache: each process would keep its own copy of a session ended in
# another one.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- Celery: Redis when REDIS_URL is set, otherwise tasks run in-process ----

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# Workers and beat can be given a queue of their own (the integration test does).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")

# --- Reminders: a beat job sweeps due rows every few minutes (reminders/sweeping.py) --

REMINDERS_SWEEP_SECONDS = float(os.environ.get("REMINDERS_SWEEP_SECONDS", "120"))
# At most this many sender tasks started by one sweep (one per 25 reminders due below that).
REMINDERS_SENDERS = int(os.environ.get("REMINDERS_SENDERS", "4"))
# How many SMTP connections one sender task sends over at once (a thread each): sending is
# mostly waiting on the database and the mail server.
REMINDERS_SENDER_THREADS = int(os.environ.get("REMINDERS_SENDER_THREADS", "4"))
# Where the database cannot tell a dead sender (not PostgreSQL), a claim older than this
# belongs to a worker that died: a sweep puts its rows back. PostgreSQL tells at once.
REMINDERS_CLAIM_TIMEOUT = float(os.environ.get("REMINDERS_CLAIM_TIMEOUT", "600"))
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "reminders.tasks.sweep",
        "schedule": REMINDERS_SWEEP_SECONDS,
        # A sweep that waited longer than the next one is useless: let it expire.
        "options": {"expires": REMINDERS_SWEEP_SECONDS},
    },
}

# --- Pairs at risk: an active pair of a running programme with no session held for this long
# is "at risk" on the dashboards and HR hears of it (`Pair.objects.quiet_since`).

PAIRS_AT_RISK_AFTER_DAYS = 45

# --- Personal data: private notes are deleted this many months after their programme ends --

PRIVATE_NOTES_RETENTION_MONTHS = int(os.environ.get("PRIVATE_NOTES_RETENTION_MONTHS", "6"))
CELERY_BEAT_SCHEDULE["privacy-purge-private-notes"] = {
    "task": "privacy.tasks.purge_private_notes",
    "schedule": 6 * 60 * 60,  # seconds: a beat that was down catches up within hours
    "options": {"expires": 6 * 60 * 60},
}

# Surveys: invitations and reminders due, completed programmes closed (evaluation/beat.py).
CELERY_BEAT_SCHEDULE["evaluation-sweep"] = {
    "task": "evaluation.tasks.sweep",
    "schedule": 15 * 60,  # seconds: surveys are due by the day, not by the minute
    "options": {"expires": 15 * 60},
}
# The sponsors' monthly reports: due from 7:00 on the first day of the month; the hourly
# run sends those not yet sent, so a beat that was down on the first catches up
# (evaluation/services/monthly.py).
CELERY_BEAT_SCHEDULE["evaluation-monthly-reports"] = {
    "task": "evaluation.tasks.send_monthly_reports",
    "schedule": 60 * 60,  # seconds
    "options": {"expires": 60 * 60},
}
CELERY_IMPORTS = ["evaluation.beat"]  # its sweep queues the sends of evaluation.tasks

# --- People and accounts ----------------------------------------------------

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Sign-up is open only to these email domains (comma-separated).
SIGNUP_EMAIL_DOMAINS = [d.lower() for d in env_list("SIGNUP_EMAIL_DOMAINS", "example.com")]

ACCOUNT_ADAPTER = "sso.adapters.AccountAdapter"
# A domain that requires single sign-on refuses the password on these forms (sso/forms.py).
ACCOUNT_FORMS = {"login": "sso.forms.LoginForm", "reset_password": "sso.forms.ResetPasswordForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "people.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tandem] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's own defaults, spelled out so that nobody turns them off by accident, except that
# failed sign-ins ("login_failed") are counted per account *and* client address together
# (the "key", people/adapters.py), plus per address: a stranger's wrong guesses stop the
# stranger's address, never the owner signing in from another one.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}

# Two-factor authentication (allauth.mfa): an authenticator app and recovery codes, open to
# everyone. HR admins and executives must set one up before any other page opens
# (people/mfa.py); on unless DEBUG, so that the demo's accounts sign in with a password alone.
MFA_REQUIRED_FOR_ROLES = env_bool("MFA_REQUIRED_FOR_ROLES", not DEBUG)
MFA_ADAPTER = "people.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side, for phones whose clock drifts

# --- Single sign-on (docs/sso.md): OpenID Connect and SAML 2.0 identity providers ---------
#
# The providers come from SSO_PROVIDERS and SSO_<ID>_* (sso/config.py, .env.example); HR
# decides in Tandem which email domains each one serves, whether accounts are created at
# the first sign-in and whether the password is refused. An account is matched by its
# email address, verified by the provider HR trusts for its domain.
SOCIALACCOUNT_PROVIDERS = providers_from_env(os.environ)
SOCIALACCOUNT_ADAPTER = "sso.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider verified the address
SOCIALACCOUNT_STORE_TOKENS = False  # Tandem calls no provider API on anyone's behalf
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in buttons post, so no link can start one

# --- Directory provisioning (SCIM 2.0, docs/sso.md) ----------------------------------------

# Calls a minute that one provisioning token may make (429 beyond).
SCIM_RATE_LIMIT = int(os.environ.get("SCIM_RATE_LIMIT", "1200"))
# Directory groups whose members are HR admins or executives (empty: HR gives the roles).
SCIM_HR_ADMIN_GROUP = os.environ.get("SCIM_HR_ADMIN_GROUP", "").strip()
SCIM_EXECUTIVE_GROUP = os.environ.get("SCIM_EXECUTIVE_GROUP", "").strip()

# --- Email ------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tandem <tandem@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in emails sent outside a request (Celery tasks).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Internationalisation --------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static files and forms -------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script of ours reads a cookie: every cookie is HttpOnly.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# On unless DEBUG: turned off only by SECURE_SSL_REDIRECT=0, for a proxy that redirects.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Rate limits count per client address: behind the proxy, the one the proxy appended to
# X-Forwarded-For (never one a client wrote there), or everyone would share the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if BEHIND_PROXY else 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_INCLUDE_SUBDOMAINS and env_bool("SECURE_HSTS_PRELOAD", True)

# Content security policy (django-csp): everything from this site only, no inline script or
# style (Bootstrap's script sets styles through the DOM, which the policy allows), data: for
# Bootstrap's small SVG icons and the authenticator app's QR code, never inside a frame.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The sign-in buttons' POST is redirected to the identity provider.
        "form-action": ["'self'", *form_action_origins(SOCIALACCOUNT_PROVIDERS)],
        "frame-ancestors": ["'none'"],
    },
}

# --- Logging ------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
