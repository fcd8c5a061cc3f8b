"""Settings for Thi đua, read from the environment.

Unset ``DATABASE_URL`` means an embedded SQLite file, so a fresh clone runs at once; production sets
``DATABASE_URL`` (PostgreSQL through psycopg 3), ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and leaves
``DJANGO_DEBUG`` off. A missing or malformed value fails loudly at start-up rather than half-working.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Without DJANGO_SECRET_KEY and DEBUG off the key stays empty: offline commands (makemigrations, check) still
# run, while serving refuses to start (config/startup.py, called by wsgi.py and asgi.py) and anything that
# signs (sessions, CSRF) fails loudly on first use.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "config.security.csrf_failure"

INSTALLED_APPS = [
    "config.apps.AdminConfig",  # django.contrib.admin with our AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for the FORM_RENDERER below
    "django_htmx",
    "django_filters",
    "template_partials",
    "simple_history",
    "common",  # shared helpers and template tags, the bottom floor
    "accounts",
    "units",
    "campaigns",
    "groups",
    "pledges",
    "progress",
    "evaluation",
    "awards",  # registration (issue 13); the year-end meeting and proposals later
    "exports",
    "reminders",  # every deadline of the year: the home page's to-do list and the daily e-mails
    "django_tasks",
    "config.apps.TasksConfig",  # django_tasks_db, named in Vietnamese
    "axes",
    "demo",  # top floor: seed_demo, generate_scale_data
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside WhiteNoise (static files keep their long cache) and after the user is known.
    "config.security.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "config.context_processors.user_rights",
            ],
        },
    },
]

# Forms draw through settings.TEMPLATES, so that ``field.as_field_group`` uses templates/includes/field.html.
FORM_RENDERER = "common.forms.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# SQLite serves the web and the worker (``make run``) from one file: WAL lets reads go on beside a write,
# IMMEDIATE takes the write lock when a transaction begins, so two transactions that read then write queue
# for the lock (waiting up to the busy timeout) instead of one failing at once with "database is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or from one
# address, that username or address is refused for the cool-off time (config.security.lockout, HTTP 429)
# and the lockout is logged at WARNING ("AXES: Locking out …"). A successful login clears the count.
# `manage.py axes_reset_username <name>` (or axes_reset_ip <ip>, axes_reset) lifts a lock at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout"
AXES_VERBOSE = False
# The lockout log line names the username and address tried (passwords are always masked).
AXES_SENSITIVE_PARAMETERS = []
# Behind a reverse proxy every request comes from the proxy's address: name the header that carries the
# client's (e.g. DJANGO_CLIENT_IP_HEADER=HTTP_X_REAL_IP), or one address would lock out everybody.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first. Dates dd/mm/yyyy come from config/formats/vi/formats.py.
LANGUAGE_CODE = "vi"
# No LocaleMiddleware: the browser's language does not choose the interface. Until an English catalogue exists,
# an English-language browser would get Django's own messages ("This field is required.") in English beside
# Vietnamese labels. Add LocaleMiddleware back when locale/en is translated.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Numbers are formatted explicitly with the ``number`` filter: a global thousand separator would also turn
# years and ids printed in templates into "2.024".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# The city whose campaign this is, e.g. "Đà Nẵng": a new plan is issued by "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG".
# Unset, a new plan's form asks for the issuing body.
THIDUA_CITY_NAME = os.environ.get("THIDUA_CITY_NAME", "").strip()
MEDIA_URL = "media/"

# Security: strict unless DEBUG. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Failed logins and lockouts (WARNING), not every successful login; fontTools (WeasyPrint's font subsetting)
    # logs some thirty INFO lines per PDF.
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}


# Background jobs (large exports): django-tasks with its database backend; workers run
# ``manage.py db_worker`` on any machine that shares the database. DJANGO_TASKS_BACKEND=immediate runs them in
# the request instead (no worker needed).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("DJANGO_TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}

# E-mail (the daily reminders, ``manage.py send_reminders``): printed to the console in development, SMTP
# configured from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "thidua@localhost")
#: How many days before a deadline the reminder goes out (and once more the day after it is missed).
THIDUA_REMINDER_DAYS_BEFORE = int(os.environ.get("THIDUA_REMINDER_DAYS_BEFORE", "3"))
#: The address the reminders link to, e.g. https://thidua.danang.gov.vn
THIDUA_SITE_URL = os.environ.get("THIDUA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
