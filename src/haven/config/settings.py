"""
Settings for haven, read from the environment.

``DATABASE_URL`` selects the database (SQLite under ``var/`` by default, PostgreSQL
supported). ``HAVEN_SECRET_KEY`` is the signing key; when absent, one is generated
into ``var/secret_key`` on first start and kept there, never in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("HAVEN_VAR_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    """Return the signing key from the environment, or from var/ (made on first use)."""
    from_env = os.environ.get("HAVEN_SECRET_KEY")
    if from_env:
        return from_env
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("HAVEN_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("HAVEN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("HAVEN_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "haven.web",
    "haven.apps.audit",
    "haven.apps.core",
    "haven.apps.crypto",
    "haven.apps.accounts",
    "haven.apps.operations",
    "haven.apps.jobs",
    "haven.apps.people",
    "haven.apps.placements",
    "haven.apps.cases",
    "haven.apps.transfers",
    "haven.apps.determinations",
    "haven.apps.tracing",
    "haven.apps.retention",
    "haven.apps.exports",
    "haven.apps.sharing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "haven.apps.audit.context.AuditContextMiddleware",
    "haven.apps.accounts.middleware.SessionSecurityMiddleware",
    "haven.apps.accounts.enforce.PolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "haven.web.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "haven.config.urls"
WSGI_APPLICATION = "haven.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haven.web.navigation.main_menu",
            ],
        },
    },
]

# SQLite is opened durable: WAL, synchronous=FULL, foreign keys, IMMEDIATE
# transactions and a 5 s busy timeout (specs/security.md R-21). The same values are
# checked at start-up by haven.config.durability.
SQLITE_INIT = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
)
_default_sqlite = f"sqlite:///{VAR_DIR / 'haven.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": SQLITE_INIT,
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
    }
    # One test database per test process, so that parallel runs never share a file.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-haven-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["ATOMIC_REQUESTS"] = False
    # A worker keeps its PostgreSQL connection between requests: opening one costs a
    # server process and cold catalogue caches, more than most requests themselves.
    # It is checked before reuse, so a restarted server costs one request nothing.
    DATABASES["default"]["CONN_MAX_AGE"] = int(
        os.environ.get("HAVEN_DB_CONN_MAX_AGE", "600")
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {
        "NAME": _VALIDATORS + "MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": _VALIDATORS + "CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "src" / "haven" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Neither hashed nor pre-compressed: pages need no manifest, so tests and a fresh
# checkout render without collectstatic, and collecting takes a second (compressing
# the bundled API-docs scripts took minutes); haven serve collects for WhiteNoise.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# Keys kept apart from SECRET_KEY and from the database (docs/adr/0013, 0014):
# the audit signing key and the keyring of the encrypted fields. HAVEN_AUDIT_KEY and
# HAVEN_FIELD_KEYS, when set, hold the keys themselves and win over the files.
AUDIT_KEY_FILE = Path(os.environ.get("HAVEN_AUDIT_KEY_FILE", VAR_DIR / "audit-key"))
FIELD_KEYS_FILE = Path(
    os.environ.get("HAVEN_FIELD_KEYS_FILE", VAR_DIR / "field-keys.json")
)

# Background jobs (docs/adr/0036): django-q2 with its ORM broker, so the queue is a
# table of the application's own database (SQLite or PostgreSQL) and commits with
# the job row. One worker process by default (2 CPUs serve the web and the jobs);
# a job may run for an hour; a task handed out and not acknowledged within
# ``retry`` seconds (its worker died) is handed out again, and ``job_run`` then
# fails it with a clear message.
Q_CLUSTER = {
    "name": "haven",
    "orm": "default",
    "workers": int(os.environ.get("HAVEN_JOB_WORKERS", "1")),
    "timeout": 3600,
    "retry": 3660,
    "max_attempts": 1,
    "ack_failures": True,
    "save_limit": -1,
    "catch_up": False,
    "poll": 1,
    "recycle": 50,
    "label": "Jobs",
    "sync": os.environ.get("HAVEN_JOBS_SYNC", "") == "1",
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = False  # renewed at most once a minute: accounts.middleware
SESSION_RENEW_AFTER = 60  # seconds between two renewals of an active session
SESSION_ABSOLUTE_AGE = 12 * 60 * 60  # log in again after 12 h, however active
# Log-in throttling per user name (specs/security.md R-07).
LOGIN_ATTEMPTS_PER_MINUTE = 6
LOGIN_FAILURES_BEFORE_LOCK = 6
LOGIN_LOCK_SECONDS = 15 * 60
# HAVEN_HTTPS=1 is production: served over HTTPS only, so cookies are Secure, plain
# HTTP is redirected and HSTS is sent (check --deploy passes; specs/security.md
# T-S13). Unset, `make run` serves http://127.0.0.1:8000. Behind a proxy that ends
# TLS, HAVEN_TLS_PROXY=1 trusts its X-Forwarded-Proto header.
HTTPS_ONLY = os.environ.get("HAVEN_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = HTTPS_ONLY or os.environ.get("HAVEN_SECURE_COOKIES", "") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_HSTS_SECONDS = (
    int(os.environ.get("HAVEN_HSTS_SECONDS", 365 * 24 * 60 * 60)) if HTTPS_ONLY else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY and os.environ.get("HAVEN_HSTS_PRELOAD", "1") == "1"
if os.environ.get("HAVEN_TLS_PROXY", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Session only: a session exists after the second factor; Basic
        # authentication would open the API to a password alone.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "haven.api.problems.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "haven API",
    "DESCRIPTION": "Registration, tracing, responsibility and allocation for people "
    "at border camps. Errors are RFC 7807 problem+json.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "haven.api.schema.policy_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PledgeKindEnum": "haven.apps.placements.models.Pledge.Kind",
        "DublinRequestKindEnum": "haven.apps.cases.models.DublinRequest.Kind",
        "LocationKindEnum": "haven.apps.people.models.Location.Kind",
        "CaseStateEnum": "haven.apps.cases.models.Case.State",
        "DublinRequestStateEnum": "haven.apps.cases.models.DublinRequest.State",
        "AppealStateEnum": "haven.apps.cases.models.Appeal.State",
        "AppealOutcomeEnum": "haven.apps.cases.models.Appeal.Outcome",
        "DublinRequestReplyEnum": "haven.apps.cases.models.DublinRequest.Reply",
        "ManifestStateEnum": "haven.apps.transfers.models.Manifest.State",
        "CustodyStateEnum": "haven.apps.transfers.models.ManifestEntry.State",
        "AlertStateEnum": "haven.apps.transfers.models.MissingPersonAlert.State",
        "DisclosureStateEnum": "haven.apps.sharing.models.Disclosure.State",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
