"""Django settings for Xiaowei. Every deployment-specific value comes from the environment.

The variables, their defaults and what each does are listed in one place: docs/configuration.md
(a test checks that list against the code).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from xiaowei.lib.env import envbool, envint, envlist, secret_key

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("XIAOWEI_HOME") or Path.cwd() / "var").resolve()

SECRET_KEY = secret_key(HOME)
DEBUG = envbool("XIAOWEI_DEBUG", False)
ALLOWED_HOSTS = envlist("XIAOWEI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("XIAOWEI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "ninja",  # so the API docs are served from our own static files, not a CDN
    "xiaowei.lib",
    "xiaowei.accounts",
    "xiaowei.regions",
    "xiaowei.audit",
    "xiaowei.catalog",
    "xiaowei.matters",
    "xiaowei.disclosure",
    "xiaowei.procurement",
    "xiaowei.projects",
    "xiaowei.assets",
    "xiaowei.search",
    "xiaowei.results",
    "xiaowei.finance",
    "xiaowei.portal",
    "xiaowei.office",
    "xiaowei.api",
    "xiaowei.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "xiaowei.lib.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xiaowei.lib.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xiaowei.audit.middleware.AuditOriginMiddleware",
    "xiaowei.portal.middleware.KioskMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xiaowei.urls"
WSGI_APPLICATION = "xiaowei.wsgi.application"

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
                "xiaowei.portal.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
_default_db_url = f"sqlite:///{HOME / 'xiaowei.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("XIAOWEI_DATABASE_URL") or _default_db_url)}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    HOME.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN,
        # so two writers queue behind busy_timeout instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        " PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_MAX_AGE"] = envint("XIAOWEI_DB_CONN_MAX_AGE", 60)
    # Test databases are cloned from a UTF-8 / C.UTF-8 template (conftest.py creates it), because
    # a database whose LC_CTYPE is C sees no Chinese letters in pg_trgm and full-text search.
    _db["TEST"] = {"TEMPLATE": "xiaowei_test_template", "CHARSET": "UTF8"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, sessions --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login never reaches the password check
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "office-home"
LOGOUT_REDIRECT_URL = "portal-home"
SESSION_COOKIE_AGE = envint("XIAOWEI_SESSION_HOURS", 8) * 3600
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: idle sessions expire
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("XIAOWEI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Login throttling (django-axes): 5 failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = envint("XIAOWEI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("XIAOWEI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True  # stored in UTC, shown in Asia/Shanghai

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here once collectstatic ran
# Uploaded evidence (minutes, notices, contracts). Not public: served only through scoped views.
MEDIA_ROOT = HOME / "media"
XIAOWEI_CACHE_DIR = HOME / "cache"  # generated downloads (bulk OCDS packages); safe to delete
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
XIAOWEI_MAX_UPLOAD_MB = envint("XIAOWEI_MAX_UPLOAD_MB", 20)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Cache ----------------------------------------------------------------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Xiaowei --------------------------------------------------------------------------------------
XIAOWEI_HOME_REGION = os.environ.get("XIAOWEI_HOME_REGION", "431382")
# Key for the keyed hashes of identity numbers (lookups without storing numbers). Keep it stable and
# secret: losing it makes existing hashes unmatchable; leaking it makes them guessable.
XIAOWEI_PII_KEY = secret_key(HOME, "XIAOWEI_PII_KEY", "pii_key")
# The transparency log: its origin line (names this log in every checkpoint) and its Ed25519 signing key
# (a C2SP note key "PRIVATE+KEY+…", generated once into XIAOWEI_HOME/log_key when not given).
XIAOWEI_LOG_ORIGIN = os.environ.get("XIAOWEI_LOG_ORIGIN", f"xiaowei.local/{XIAOWEI_HOME_REGION}/log")
XIAOWEI_LOG_KEY_FILE = HOME / "log_key"
# The publisher named in OCDS packages and open data.
XIAOWEI_PUBLISHER = os.environ.get("XIAOWEI_PUBLISHER", "涟源市互联网+村级小微权力监督平台")
# Disclosure schedule defaults (docs/domain-notes.md §4; every value can be changed per county).
XIAOWEI_FINANCE_DUE_DAY = envint("XIAOWEI_FINANCE_DUE_DAY", 10)  # monthly finance: by this day of next month
XIAOWEI_QUARTER_DUE_DAY = envint(
    "XIAOWEI_QUARTER_DUE_DAY", 20
)  # quarterly items: by this day of the next quarter
XIAOWEI_MAJOR_AMOUNT_YUAN = envint("XIAOWEI_MAJOR_AMOUNT_YUAN", 50000)  # major matters: published at once
XIAOWEI_MAJOR_DAYS = envint("XIAOWEI_MAJOR_DAYS", 3)  # "at once" = within this many days
XIAOWEI_KIOSK_IDLE_SECONDS = envint("XIAOWEI_KIOSK_IDLE_SECONDS", 120)
XIAOWEI_LOOKUP_LIMIT = envint("XIAOWEI_LOOKUP_LIMIT", 5)  # personal result lookups per address per 10 minutes

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XIAOWEI_LOG_LEVEL", "WARNING")},
}
