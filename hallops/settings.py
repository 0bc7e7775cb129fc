"""HallOps settings: one module, configured by environment variables.

Defaults give a working laptop install (SQLite under var/, Celery on the filesystem
transport, no Redis). Production is switched on with HALLOPS_PRODUCTION=1 and then refuses
to start without a real SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HALLOPS_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("HALLOPS_PRODUCTION")
DEBUG = env_bool("DJANGO_DEBUG") and not PRODUCTION

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when HALLOPS_PRODUCTION=1.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-7c1e9b2f"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "axes",
    "csp",
    "pgtrigger",
    "django_celery_beat",
    "hallops",
    "roles.store_manager",
    "roles.duty_manager",
    "roles.clerk",
    "roles.complaint_handler",
    "roles.supervisor",
    "roles.fund_receiver",
    "complaints",
    "reports",
    "hr",
    "service",
    "floor",
    "people",
    "materials",
    "attachments",
    "search",
    "tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hallops.middleware.SessionIdleRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hallops.middleware.UserLanguageMiddleware",
    "hallops.middleware.ActingMiddleware",
    "hallops.middleware.StoreScopeMiddleware",
    "hallops.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hallops.urls"
WSGI_APPLICATION = "hallops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "hallops.context_processors.shell",
            ],
        },
    }
]

# Database: SQLite under var/ by default; DATABASE_URL (postgres://…) for production.
DATABASE_URL = env_str("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    # A forgotten variable would otherwise run production on a private SQLite file.
    raise ImproperlyConfigured(
        "DATABASE_URL must be set when HALLOPS_PRODUCTION=1 (postgres://user:pass@host:5432/hallops)."
    )
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # The planner's default random_page_cost (4) models spinning disks: on SSD storage it
        # prefers a sequential scan of a whole table to a thousand index lookups (the fund
        # receiver's waiting hand-ins: 55 ms by seq scan, 5 ms by index at 50 stores × a year).
        # Set per connection at connect time (no extra query); PG_RANDOM_PAGE_COST="" keeps
        # the server's own setting.
        page_cost = env_str("PG_RANDOM_PAGE_COST", "1.1")
        if page_cost:
            DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
                f"-c random_page_cost={float(page_cost)}"
            )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "hallops.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not memory, so a Celery worker started by an integration test shares it.
            "TEST": {"NAME": str(VAR_DIR / "test-hallops.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that loads the profile with the user (one query less on every page).
    "hallops.auth_backends.ProfileModelBackend",
    # Kept so sessions signed in before ProfileModelBackend existed stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Chinese first, English selectable by every user.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hallops_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
# Uploaded files (attachments, workbooks) live in the default storage: a folder under var/
# on a laptop, an S3-compatible bucket in production with STORAGE_BACKEND=s3 (django-storages,
# README "Production"). Neither is ever served from a public URL: downloads go through views
# that check the store and the role.
if env_str("STORAGE_BACKEND") == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Attachments (photos and PDFs on faults, incidents, work orders…; attachments/validation.py).
ATTACHMENT_MAX_FILE_BYTES = env_int("ATTACHMENT_MAX_FILE_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_RECORD_BYTES = env_int("ATTACHMENT_MAX_RECORD_BYTES", 40 * 1024 * 1024)
ATTACHMENT_MAX_FILES_PER_RECORD = env_int("ATTACHMENT_MAX_FILES_PER_RECORD", 20)
# A photo above this many pixels is refused before it is decoded (decompression bombs).
ATTACHMENT_MAX_PIXELS = env_int("ATTACHMENT_MAX_PIXELS", 40_000_000)
ATTACHMENT_THUMBNAIL_SIZE = env_int("ATTACHMENT_THUMBNAIL_SIZE", 320)
# Files under attachments/ that no row names are deleted by the nightly sweep once older than
# this (attachments.services.orphan_files_sweep; an upload in progress is never that old).
ATTACHMENT_ORPHAN_AGE_HOURS = env_int("ATTACHMENT_ORPHAN_AGE_HOURS", 24)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions: counter PCs are shared, so a session ends after an idle period and at logout.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Idle expiry: SessionIdleRefreshMiddleware saves the session (new expiry) at most once every
# SESSION_REFRESH_SECONDS, instead of SESSION_SAVE_EVERY_REQUEST's write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Login throttling: staff of one store share an IP, so lock on username + IP, with a cool-off.
# Behind the TLS proxy REMOTE_ADDR is the proxy's for everyone: the client address is read
# from X-Forwarded-For, trusting as many hops as TRUSTED_PROXY_COUNT says (0: no proxy).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "hallops.client_ip.client_ip"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Security headers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
        raise ImproperlyConfigured("SECRET_KEY must be a long random value in production.")

# E-mail: console by default; an SMTP host switches it on.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hallops@localhost")

# Caches: "default" stays per process; "figures" holds figures computed for pages that many
# workers serve (the supervisor's cockpit: today's table for a minute, monthly trends), shared
# by every worker: Redis when FIGURES_CACHE_URL is set (redis://host:6379/2), else files in var/.
_figures_cache_url = env_str("FIGURES_CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _figures_cache_url}
        if _figures_cache_url else
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
         "LOCATION": str(VAR_DIR / "cache" / "figures"),
         "OPTIONS": {"MAX_ENTRIES": 2000}}
    ),
}

# Celery: Redis in production; the filesystem transport on a laptop (no server needed).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL:
    if PRODUCTION:
        # The filesystem transport only reaches workers on this host's disk: jobs would wait.
        raise ImproperlyConfigured(
            "CELERY_BROKER_URL must be set when HALLOPS_PRODUCTION=1 (redis://host:6379/0)."
        )
    CELERY_BROKER_URL = "filesystem://"
_celery_dir = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem"):
    # hallops.apps makes these folders (and the SQLite file's) at start-up, not settings.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Broadcast (remote control) messages too, or kombu writes ./control in the cwd.
        "control_folder": str(_celery_dir / "control"),
        "data_folder_in": str(_celery_dir / "in"),
        "data_folder_out": str(_celery_dir / "in"),
        "processed_folder": str(_celery_dir / "processed"),
        "store_processed": False,
    }
else:
    # Longest job (a regional workbook) is minutes; redeliver a lost one soon after that.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 1800),
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
        # How often a worker looks for messages of dead workers (seconds × throttle).
        "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
        "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Complaint SLA sweep: marks due-soon and overdue work orders and notifies (idempotent).
CELERY_BEAT_SCHEDULE = {
    "complaints-sla-sweep": {"task": "complaints.sla_sweep", "schedule": 300.0},
    # Post-incident reports (72 h): a reminder a day before, a notice when late (idempotent).
    "incident-report-reminders": {"task": "hallops.incident_report_reminders", "schedule": 900.0},
    # Urgent events nobody's action raises (hand-in unconfirmed at closing, checklist item and
    # opinion reply overdue, duty log late) and deliveries to queue again (idempotent).
    "event-sweeps": {"task": "hallops.event_sweeps", "schedule": 300.0},
    # Store-month figures of the regional workbooks, after the business day closes (05:00 by
    # default): the month just closed and every stale month (reports/summaries.py).
    "month-figures": {"task": "reports.refresh_month_figures",
                      "schedule": crontab(hour=5, minute=30)},
    # Tasks past their due date: both sides told once (idempotent).
    "task-overdue": {"task": "tasks.overdue_notify", "schedule": 900.0},
    # Background list exports older than EXPORT_RETENTION_DAYS: files and rows deleted.
    "export-retention": {"task": "reports.purge_export_jobs",
                         "schedule": crontab(hour=4, minute=20)},
    # Attachment files no row references (an upload rolled back after the file was written),
    # older than a day: removed from the storage (attachments.services.orphan_files_sweep).
    "attachment-orphans": {"task": "attachments.sweep_orphan_files",
                           "schedule": crontab(hour=4, minute=40)},
}

# Backups (manage.py backup / restore, PostgreSQL only; README, Production). BACKUP_DIR set:
# the beat runs a nightly backup at BACKUP_HOUR (local time) into BACKUP_DIR/hallops-<time>/
# and keeps the newest BACKUP_KEEP. Off by default (cron calling manage.py backup works too).
BACKUP_DIR = env_str("BACKUP_DIR")
BACKUP_HOUR = env_int("BACKUP_HOUR", 2)
BACKUP_KEEP = env_int("BACKUP_KEEP", 7)
# Where pg_dump / pg_restore live when not on PATH (e.g. /usr/lib/postgresql/15/bin).
BACKUP_PG_BIN_DIR = env_str("BACKUP_PG_BIN_DIR")
if BACKUP_DIR:
    CELERY_BEAT_SCHEDULE["nightly-backup"] = {
        "task": "hallops.backup_nightly", "schedule": crontab(hour=BACKUP_HOUR, minute=0),
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's default config gives "django" a console handler of its own (in DEBUG) and
        # lets it propagate to root's: every request error was printed twice. Root prints it.
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
    },
}

# Hallops business settings that are not per-store configuration.
HALLOPS_ROSTER_MAX_DAYS_AHEAD = 120
HALLOPS_ROSTER_MAX_DAYS_BACK = 62

# Reports: a build holds its ReportFile row for this long and renews it as it goes; a row
# whose worker died is taken over by the redelivered task once the lease has run out.
REPORTS_LEASE_SECONDS = env_int("REPORTS_LEASE_SECONDS", 120)

# Home-page panels rendered once and reused until the store's next write (its latest audit
# entry), the day or the person changes, for at most this many seconds (hallops.registry).
# 0 turns the cache off (the test suite's default; tests/roles/test_panel_cache.py turns it on).
PANEL_CACHE_SECONDS = env_int("PANEL_CACHE_SECONDS", 60)
# A list export with more rows than this runs as a background job (reports/listexport.py).
EXPORT_ROW_CAP = env_int("EXPORT_ROW_CAP", 3000)
# Background exports (their files and rows) are deleted this many days after they were asked
# for, by the nightly "export-retention" beat job (reports.exportjobs.export_jobs_purge).
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7)
