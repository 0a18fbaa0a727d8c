"""Settings come from the environment; the defaults suit a developer's machine.

DEBUG is off unless DEBUG=1. SECRET_KEY must be set unless DEBUG is on.
DATABASE_URL switches from the embedded SQLite file to PostgreSQL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tdkt.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Đặt biến môi trường SECRET_KEY (hoặc DEBUG=1 khi phát triển).")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "treebeard",
    "template_partials",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Bounded areas, one app each (docs/architecture.md)
    "tdkt.core",
    "tdkt.audit",
    "tdkt.accounts",
    "tdkt.organisation",
    "tdkt.people",
    "tdkt.history",
    "tdkt.eligibility",
    "tdkt.movements",
    "tdkt.nominations",
    "tdkt.documents",
    "tdkt.notifications",
    "tdkt.inspections",
    "tdkt.exemplars",
    "tdkt.contests",
    "tdkt.dashboard",
    "tdkt.reports",
    "tdkt.legal",
    "tdkt.worker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "tdkt.core.middleware.PermissionsPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tdkt.accounts.middleware.SessionLimits",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tdkt.accounts.middleware.LoginRequiredByDefault",
    "tdkt.accounts.middleware.RequireSecondFactor",
    # Turns a locked-out login into our 429 page (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tdkt.urls"
WSGI_APPLICATION = "tdkt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tdkt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": [
                "template_partials.templatetags.partials",
                "tdkt.core.templatetags.tdkt_extras",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tdkt.core.context_processors.navigation",
                "tdkt.notifications.context_processors.unread_badge",
            ],
        },
    }
]

DATA_DIR = Path(os.environ.get("TDKT_DATA_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'tdkt.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out usernames
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "tdkt.accounts.passwords.MinimumLengthValidator",  # Vietnamese refusal
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, docs/decisions/django-axes.md): 10 failures for a username
# within 15 minutes lock it for 15 minutes (429), whatever the password, until an
# administrator unlocks it (/quan-tri/tai-khoan/bi-khoa/). Attempts live in the database,
# shared by every process and surviving restarts.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("TDKT_LOGIN_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("TDKT_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# Attempts made while locked do not extend the lock: it ends when the window passes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tdkt.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# axes.W006 warns that a username-only lock can be dodged by rotating user agents; it cannot
# here: failures are summed over every row of the username, whatever the agent or address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_CLIENT_IP_CALLABLE = "tdkt.accounts.throttle.client_ip"  # the address the trusted proxy saw

# Second factor (django-otp, docs/decisions/django-otp.md): TOTP required for administrators,
# the emulation department and council members when TDKT_REQUIRE_MFA is on.
TDKT_REQUIRE_MFA = env_flag("TDKT_REQUIRE_MFA", not DEBUG)
OTP_TOTP_ISSUER = "TĐKT Tư pháp"

# Sessions end after TDKT_SESSION_MAX_HOURS from login or TDKT_SESSION_IDLE_MINUTES without a
# request (accounts.middleware.SessionLimits).
TDKT_SESSION_MAX_HOURS = float(os.environ.get("TDKT_SESSION_MAX_HOURS", 8))
TDKT_SESSION_IDLE_MINUTES = float(os.environ.get("TDKT_SESSION_IDLE_MINUTES", 30))
SESSION_COOKIE_AGE = int(TDKT_SESSION_MAX_HOURS * 3600)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tdkt.formats"]
LOCALE_PATHS = [BASE_DIR / "tdkt" / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Signed PDFs (tdkt/documents/signing.py): the issuing body's PKCS#12 file and passphrase, and
# the CA certificates (PEM, comma-separated paths) signatures are checked against. Unset: PDFs
# are unsigned (in DEBUG the demo certificate of `manage.py make_demo_signing_cert` is used).
TDKT_SIGNING_P12 = os.environ.get("TDKT_SIGNING_P12", "")
TDKT_SIGNING_PASSPHRASE = os.environ.get("TDKT_SIGNING_PASSPHRASE", "")
TDKT_SIGNING_TRUST_ROOTS = os.environ.get("TDKT_SIGNING_TRUST_ROOTS", "")
# One PKCS#12 per issuing body, `<unit code>.p12` (passphrase TDKT_SIGNING_PASSPHRASE_<CODE>).
TDKT_SIGNING_DIR = os.environ.get("TDKT_SIGNING_DIR", "")
# Object storage instead of MEDIA_ROOT when TDKT_S3_BUCKET is set (tdkt/storage.py).
STORAGES["default"] = s3_storage() or STORAGES["default"]
MEDIA_URL = "media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Processes a sector-wide eligibility sweep may use (0: one per core, at most two).
ELIGIBILITY_SWEEP_WORKERS = int(os.environ.get("TDKT_SWEEP_WORKERS", "0") or 0)
# A running import, sweep or document job whose heartbeat is older than this lost its worker
# and is marked failed (tdkt.worker.jobs); /healthz reports a worker silent this long.
TDKT_JOB_STALE_SECONDS = float(os.environ.get("TDKT_JOB_STALE_SECONDS", "120") or 120)
# Fairness figures (tdkt.dashboard.fairness): a level whose titles and awards go to leaders
# above this share (%) is flagged on the department's home page and in the year-end report.
# No legal number exists ("chưa có quy định; cấu hình của Bộ"): the Ministry's own choice.
TDKT_FAIRNESS_LEADER_MAX_PERCENT = float(
    os.environ.get("TDKT_FAIRNESS_LEADER_MAX_PERCENT", "50") or 50)
TDKT_WORKER_STALE_SECONDS = float(os.environ.get("TDKT_WORKER_STALE_SECONDS", "120") or 120)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# One cache shared by every process and server (rate limits: tdkt.core.ratelimit): the database
# by default (table created by migrate, tdkt/core/migrations/0001), Redis when REDIS_URL is set.
CACHE_TABLE = "tdkt_cache"
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "tdkt",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "tdkt.core.cache.DatabaseCache",  # Django's, with an atomic incr
            "LOCATION": CACHE_TABLE,
            # Culling past MAX_ENTRIES would drop live counters: keep it well above the traffic.
            "OPTIONS": {"MAX_ENTRIES": 50000},
        }
    }
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks);
# a request from anyone else is keyed on its own address. Loopback: a proxy on this machine.
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()
]

# Uploads: refuse anything bigger before it reaches a view.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# Past MAX_UPLOAD_BYTES a file's bytes are dropped as they stream in (tdkt.core.uploads).
FILE_UPLOAD_HANDLERS = [
    "tdkt.core.uploads.SizeCapUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Health probes (load balancer, systemd, `curl http://127.0.0.1:PORT/healthz`) speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): no inline script, no eval, no inline style; HTMX's
# indicator <style> is turned off in base.html (htmx-config) and lives in app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Browser features the application never uses, refused to it and to anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "bluetooth", "camera", "display-capture", "geolocation",
        "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    # No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from any client.
    # gunicorn (tdkt/gunicorn.conf.py) sets the request's scheme from it only for the
    # addresses in TRUSTED_PROXIES, and Django reads that scheme.

# E-mail (docs/decisions/email-url.md): one URL, e.g. smtp://user:pass@host:587?tls=1 or
# smtps://user:pass@host:465; unset, e-mails are printed to the log (console backend), which
# suits the demo and development. Notification e-mails link to SITE_URL.
from tdkt.notifications.email_url import parse as _parse_email_url  # noqa: E402

try:
    globals().update(_parse_email_url(os.environ.get("EMAIL_URL", "")))
except ValueError as _exc:
    raise ImproperlyConfigured(str(_exc)) from _exc
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "TĐKT Tư pháp <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
