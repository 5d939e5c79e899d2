"""Công Vụ settings: one module, configured from the environment.

Every setting an operator may change is read here from an environment variable, documented in
README.md with its default. A value that cannot be understood stops start-up with a message that
names the variable (``ImproperlyConfigured``), never a silent fallback.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# --- reading the environment -------------------------------------------------------------------


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value}: must be at least {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value}: must be at most {maximum}.")
    return value


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(sorted(choices))}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- core ---------------------------------------------------------------------------------------

DATA_DIR = Path(env_str("CONGVU_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DEBUG = env_bool("CONGVU_DEBUG", False)
TESTING = env_bool("CONGVU_TESTING", False)


def _secret_key() -> str:
    key = os.environ.get("CONGVU_SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("CONGVU_SECRET_KEY: must be at least 32 characters long.")
        return key
    # Embedded mode: a key generated once and kept beside the database.
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("CONGVU_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CONGVU_CSRF_TRUSTED_ORIGINS", "")
# Where ``congvu start`` serves the site; the site's own address follows unless it is given.
SERVE_HOST = env_str("CONGVU_HOST", "127.0.0.1")
SERVE_PORT = env_int("CONGVU_PORT", 8000, minimum=1, maximum=65535)
_SERVE_HOST_IN_URL = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(  # noqa: S104 - names the wildcard, binds nothing
    SERVE_HOST, f"[{SERVE_HOST}]" if ":" in SERVE_HOST else SERVE_HOST
)
SITE_URL = env_str("CONGVU_SITE_URL", f"http://{_SERVE_HOST_IN_URL}:{SERVE_PORT}").rstrip("/")
if urlparse(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"CONGVU_SITE_URL={SITE_URL!r}: must start with http:// or https://.")
AGENCY_NAME = env_str("CONGVU_AGENCY_NAME", "Công Vụ")

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
    "ninja",  # Swagger UI from its own static files, not a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "congvu.core",
    "congvu.org",
    "congvu.accounts",
    "congvu.notifications",
    "congvu.catalogues",
    "congvu.assignments",
    "congvu.directives",
    "congvu.scoring",
    "congvu.documents",
    "congvu.collaboration",
    "congvu.portal",
    "congvu.synthetic",
]
if django.VERSION < (6, 0):
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_tasks")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "congvu.core.middleware.ContentSecurityPolicyMiddleware",
    "congvu.core.middleware.ServerTimingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congvu.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "congvu.core.middleware.PostOnlyAddressMiddleware",
    "congvu.accounts.middleware.AccountSecurityMiddleware",
    "axes.middleware.AxesMiddleware",
    "congvu.core.middleware.RefusalMiddleware",
    "congvu.core.personal.PersonalStampMiddleware",
]

ROOT_URLCONF = "congvu.urls"
WSGI_APPLICATION = "congvu.wsgi.application"
ASGI_APPLICATION = "congvu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "congvu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congvu.portal.context_processors.site",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'congvu.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONGVU_DB_CONN_MAX_AGE", 60, minimum=0))
except Exception as exc:  # dj_database_url raises several kinds of error
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r}: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # One connection per thread, kept: opening the file and running the PRAGMAs cost every request
    # several milliseconds when it was re-opened each time.
    _db["CONN_MAX_AGE"] = None
    # A web process and a worker process share the file: IMMEDIATE transactions, WAL and a busy
    # timeout keep them from failing with "database is locked".
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _options = _db.setdefault("OPTIONS", {})
    # JIT compiles plans for a second to save milliseconds on this workload's short queries.
    _options["options"] = (_options.get("options", "") + " -c jit=off").strip()
    if env_bool("CONGVU_DB_POOL", True):
        # Django's psycopg pool, one per process, sized to the server's threads: no connection set up
        # per request and no health query (a broken connection is replaced by the pool). Behind
        # PgBouncer in transaction mode set CONGVU_DB_POOL=0 and CONGVU_DB_CONN_MAX_AGE=0.
        _db["CONN_MAX_AGE"] = 0
        _options["pool"] = {
            "min_size": env_int("CONGVU_DB_POOL_MIN", 1, minimum=0),
            "max_size": env_int("CONGVU_DB_POOL_MAX", 8, minimum=1),
            "timeout": 10,
        }
else:
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r}: Công Vụ runs on SQLite or PostgreSQL.")
DATABASES = {"default": _db}
if _db["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("CONGVU_TEST_DB_NAME", "test_congvu")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache --------------------------------------------------------------------------------------

REDIS_URL = env_str("CONGVU_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "congvu.core.cache.SharedClientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# "Hôm nay" kept per person for this long, dropped the moment the person acts or is sent something
# (congvu.core.personal). It needs a cache all web processes share: on by default with Redis (and in
# the tests, one process); off with the in-process cache of several web workers.
HOME_CACHE_SECONDS = env_int(
    "CONGVU_HOME_CACHE_SECONDS", 120 if (REDIS_URL or TESTING) else 0, minimum=0, maximum=3600
)

# --- background tasks ---------------------------------------------------------------------------

TASKS_BACKEND = env_choice(
    "CONGVU_TASKS_BACKEND", "immediate" if TESTING else "database", {"database", "immediate"}
)
if TASKS_BACKEND == "database":
    TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail", "reports"]}
    }
else:
    _immediate = (
        "django.tasks.backends.immediate.ImmediateBackend"
        if django.VERSION >= (6, 0)
        else "django_tasks.backends.immediate.ImmediateBackend"
    )
    TASKS = {"default": {"BACKEND": _immediate, "QUEUES": ["default", "mail", "reports"]}}

# --- authentication and the security profile (standards §7, R-SEC-0) --------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "congvu.accounts.backends.LocalPasswordBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

SECURITY_LEVEL = env_int("CONGVU_SECURITY_LEVEL", 3, minimum=2, maximum=3)
SECURITY = {
    "LEVEL": SECURITY_LEVEL,
    "SESSION_IDLE_USER_MINUTES": env_int("CONGVU_SESSION_IDLE_USER_MIN", 15, minimum=1),
    "SESSION_IDLE_ADMIN_MINUTES": env_int("CONGVU_SESSION_IDLE_ADMIN_MIN", 5, minimum=1),
    "LOCKOUT_THRESHOLD": env_int("CONGVU_LOCKOUT_THRESHOLD", 5, minimum=1),
    "LOCKOUT_HOURS": env_int("CONGVU_LOCKOUT_HOURS", 12, minimum=1),
    "PASSWORD_MIN_LENGTH": env_int("CONGVU_PASSWORD_MIN_LENGTH", 14, minimum=8),
    "PASSWORD_MIN_LENGTH_MFA": env_int("CONGVU_PASSWORD_MIN_LENGTH_MFA", 8, minimum=8),
    "PASSWORD_CLASSES": env_int("CONGVU_PASSWORD_CLASSES", 4, minimum=1, maximum=4),
    "PASSWORD_REMINDER_DAYS": env_int("CONGVU_PASSWORD_REMINDER_DAYS", 180, minimum=1),
    "ADMIN_PASSWORD_MAX_AGE_DAYS": env_int("CONGVU_ADMIN_PASSWORD_MAX_AGE_DAYS", 60, minimum=1),
    "ADMIN_PASSWORD_HISTORY": env_int("CONGVU_ADMIN_PASSWORD_HISTORY", 10, minimum=0),
    "INACTIVE_SUSPEND_DAYS": env_int("CONGVU_INACTIVE_SUSPEND_DAYS", 45, minimum=1),
    "AUDIT_RETENTION_DAYS": env_int("CONGVU_AUDIT_RETENTION_DAYS", 365, minimum=1),
    "ADMIN_MFA_REQUIRED": env_bool("CONGVU_ADMIN_MFA_REQUIRED", True),
    "API_TOKEN_DAYS": env_int("CONGVU_API_TOKEN_DAYS", 90, minimum=1, maximum=3660),
}
_retention_floor = 90 if SECURITY_LEVEL == 3 else 30
if SECURITY["AUDIT_RETENTION_DAYS"] < _retention_floor:
    raise ImproperlyConfigured(
        f"CONGVU_AUDIT_RETENTION_DAYS={SECURITY['AUDIT_RETENTION_DAYS']}: security level {SECURITY_LEVEL} "
        f"keeps the audit log at least {_retention_floor} days (standards §7, R-SEC-0)."
    )

# --- the audit log's anchors outside the database (ADM-2) ------------------------------------------

# The key of the audit hashes (HMAC). It must live outside the database and differ from
# CONGVU_SECRET_KEY; the default only suits development and tests (``check --deploy`` warns).
DEV_AUDIT_HMAC_KEY = "congvu-development-audit-key-UNSAFE-in-production"
AUDIT_HMAC_KEY = env_str("CONGVU_AUDIT_HMAC_KEY", "") or DEV_AUDIT_HMAC_KEY
if AUDIT_HMAC_KEY != DEV_AUDIT_HMAC_KEY:
    if len(AUDIT_HMAC_KEY) < 32:
        raise ImproperlyConfigured("CONGVU_AUDIT_HMAC_KEY: must be at least 32 characters long.")
    if AUDIT_HMAC_KEY == SECRET_KEY:
        raise ImproperlyConfigured("CONGVU_AUDIT_HMAC_KEY: must differ from CONGVU_SECRET_KEY.")
# Signed checkpoints are appended here: outside the data directory, ideally on another machine's
# disk or a file made append-only (chattr +a).
AUDIT_CHECKPOINT_FILE = Path(
    env_str(
        "CONGVU_AUDIT_CHECKPOINT_FILE", str(DATA_DIR.parent / f"{DATA_DIR.name}-audit" / "checkpoints.jsonl")
    )
)
AUDIT_CHECKPOINT_EMAILS = env_list("CONGVU_AUDIT_CHECKPOINT_EMAIL", "")
AUDIT_CHECKPOINT_MINUTES = env_int("CONGVU_AUDIT_CHECKPOINT_MINUTES", 60, minimum=1, maximum=1440)
if 1440 % AUDIT_CHECKPOINT_MINUTES:
    raise ImproperlyConfigured(
        f"CONGVU_AUDIT_CHECKPOINT_MINUTES={AUDIT_CHECKPOINT_MINUTES}: must divide a day (1440) evenly."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "congvu.accounts.passwords.SecurityProfilePasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "congvu.accounts.passwords.PasswordHistoryValidator"},
]

AXES_FAILURE_LIMIT = SECURITY["LOCKOUT_THRESHOLD"]
AXES_COOLOFF_TIME = timedelta(hours=SECURITY["LOCKOUT_HOURS"])
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "congvu.accounts.signin.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = AGENCY_NAME

# With a shared cache (Redis), sessions are read from it and written through to the database; a
# per-process cache would let a session ended on one web server live on in another.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = 12 * 3600  # hard limit; the idle limits of the profile apply first
# Cookies without an expiry date: closing the browser ends the session on a shared office computer
# (the stored session still ends after SESSION_COOKIE_AGE), and no cookie depends on the clocks of
# server and browser agreeing.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_AGE = None
LANGUAGE_COOKIE_AGE = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("CONGVU_SECURE_COOKIES", SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _trusted_proxies() -> list[str]:
    """Addresses (or networks, ``10.0.0.0/24``) of the reverse proxies whose ``X-Real-IP`` and
    ``X-Forwarded-For`` are believed; nobody's by default (``congvu.core.client_address``)."""
    import ipaddress

    networks = []
    for item in env_list("CONGVU_TRUSTED_PROXIES", ""):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"CONGVU_TRUSTED_PROXIES: {item!r} is not an IP address or network."
            ) from None
    return networks


TRUSTED_PROXIES = _trusted_proxies()
# Server-Timing tells anyone how long the server took: for the benchmarks in bench/ and debugging.
SERVER_TIMING = env_bool("CONGVU_SERVER_TIMING", DEBUG)
if env_bool("CONGVU_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

# --- language, time -----------------------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "congvu" / "locale"]
FORMAT_MODULE_PATH = ["congvu.formats"]
TIME_ZONE = env_str("CONGVU_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- static and uploaded files ------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "congvu" / "static"]
MEDIA_ROOT = Path(env_str("CONGVU_MEDIA_ROOT", str(DATA_DIR / "files")))

STORAGE_BACKEND = env_choice("CONGVU_STORAGE", "filesystem", {"filesystem", "s3"})
if STORAGE_BACKEND == "s3":
    _bucket = env_str("CONGVU_S3_BUCKET", "")
    if not _bucket:
        raise ImproperlyConfigured("CONGVU_STORAGE=s3 needs CONGVU_S3_BUCKET.")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("CONGVU_S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("CONGVU_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("CONGVU_S3_SECRET_KEY", "") or None,
            "region_name": env_str("CONGVU_S3_REGION", "us-east-1"),
            "addressing_style": "path",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

UPLOAD_MAX_BYTES = env_int("CONGVU_UPLOAD_MAX_MB", 25, minimum=1, maximum=1024) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The budget of inspecting one archive (zip, docx, xlsx, odt …): decompression bombs are refused.
UPLOAD_INFLATE_MAX_BYTES = env_int("CONGVU_UPLOAD_INFLATE_MAX_MB", 200, minimum=1, maximum=4096) * 1024 * 1024
UPLOAD_ARCHIVE_MAX_PARTS = env_int("CONGVU_UPLOAD_ARCHIVE_MAX_PARTS", 2000, minimum=10, maximum=100_000)
UPLOAD_ARCHIVE_MAX_RATIO = env_int("CONGVU_UPLOAD_ARCHIVE_MAX_RATIO", 100, minimum=10, maximum=10_000)
CLAMAV_ADDRESS = env_str("CONGVU_CLAMAV", "")  # "unix:/run/clamav/clamd.ctl" or "tcp:host:3310"
if CLAMAV_ADDRESS and not CLAMAV_ADDRESS.startswith(("unix:", "tcp:")):
    raise ImproperlyConfigured(f"CONGVU_CLAMAV={CLAMAV_ADDRESS!r}: expected unix:/path or tcp:host:port.")

# --- digital signatures (DOC-5; standards §2.7) ---------------------------------------------------

# One PKCS#12 (.p12/.pfx) every signer of this installation signs with (an agency certificate);
# when empty, each person signs with ``<SIGNING_DEMO_DIR>/<username>.p12`` (``congvu signing_demo``).
SIGNING_PKCS12 = env_str("CONGVU_SIGNING_PKCS12", "")
SIGNING_PASSPHRASE = env_str("CONGVU_SIGNING_PASSPHRASE", "")
SIGNING_DEMO_DIR = Path(env_str("CONGVU_SIGNING_DEMO_DIR", str(DATA_DIR / "signing")))
# Root certificates (PEM or DER files) a signature must chain to, to be called trusted; with no
# SIGNING_PKCS12 the demo CA (``<SIGNING_DEMO_DIR>/ca.pem``) is trusted too.
SIGNING_TRUST_ROOTS = env_list("CONGVU_SIGNING_TRUST_ROOTS", "")
for _root in SIGNING_TRUST_ROOTS:
    if not Path(_root).is_file():
        raise ImproperlyConfigured(f"CONGVU_SIGNING_TRUST_ROOTS: {_root!r} is not a file.")
if SIGNING_PKCS12 and not Path(SIGNING_PKCS12).is_file():
    raise ImproperlyConfigured(f"CONGVU_SIGNING_PKCS12={SIGNING_PKCS12!r} is not a file.")

# --- backups and health (ADM-3, ADM-6) -----------------------------------------------------------

BACKUP_DIR = Path(env_str("CONGVU_BACKUP_DIR", str(DATA_DIR.parent / f"{DATA_DIR.name}-backups")))
BACKUP_EVERY_DAYS = env_int("CONGVU_BACKUP_EVERY_DAYS", 7, minimum=1)
BACKUP_KEEP = env_int("CONGVU_BACKUP_KEEP", 8, minimum=1)
# A worker runs the heartbeat job every minute; the scheduler's pass comes every 30 seconds.
WORKER_HEARTBEAT_MAX_AGE = env_int("CONGVU_WORKER_HEARTBEAT_MAX_AGE", 90, minimum=30)

# --- e-mail -------------------------------------------------------------------------------------

EMAIL_MODE = env_choice("CONGVU_EMAIL", "console", {"console", "smtp", "memory"})
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}[EMAIL_MODE]
EMAIL_HOST = env_str("CONGVU_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("CONGVU_SMTP_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("CONGVU_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("CONGVU_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CONGVU_SMTP_TLS", True)
DEFAULT_FROM_EMAIL = env_str("CONGVU_EMAIL_FROM", "congvu@localhost")

# --- product rules ------------------------------------------------------------------------------

LOGIN_NAME_SCHEME = env_choice("CONGVU_LOGIN_SCHEME", "a", {"a", "b"})
VN_CULTURE_DAY_2411 = env_bool("CONGVU_VN_CULTURE_DAY_2411", False)
MAKEUP_SATURDAYS_COUNT = env_bool("CONGVU_MAKEUP_SATURDAYS_COUNT", True)
ACCOUNT_REQUEST_DAYS = env_int("CONGVU_ACCOUNT_REQUEST_DAYS", 2, minimum=1)
# Every date a person types lies within today ± this many years (deadlines, delegations, plans,
# report ranges, the working-day tools): a far date is a typing slip, and none is allowed to make the
# calendar's arithmetic reach centuries away.
DATE_HORIZON_YEARS = env_int("CONGVU_DATE_HORIZON_YEARS", 5, minimum=1, maximum=50)
PAGE_SIZE = env_int("CONGVU_PAGE_SIZE", 50, minimum=5, maximum=500)
ASSIGNMENT_RATING_MAX = env_int("CONGVU_ASSIGNMENT_RATING_MAX", 5, minimum=2, maximum=100)
# Work calendars are kept this many years and cleared in January after (COL-1; seed 002 Đ7.1: 01 năm).
CALENDAR_RETENTION_YEARS = env_int("CONGVU_CALENDAR_RETENTION_YEARS", 1, minimum=1, maximum=50)

# --- SMS and Web Push (COL-9; seed 000 Đ9.1) ---------------------------------------------------------

# The class that hands SMS to an operator: a dotted path to an ``SmsGateway``
# (``congvu.collaboration.sms.gateways``); the default writes each SMS to the log and sends nothing.
SMS_GATEWAY = env_str("CONGVU_SMS_GATEWAY", "congvu.collaboration.sms.gateways.LoggingGateway")
if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+", SMS_GATEWAY):
    raise ImproperlyConfigured(f"CONGVU_SMS_GATEWAY={SMS_GATEWAY!r}: expected a dotted path to a class.")
SMS_MAX_PARTS = env_int("CONGVU_SMS_MAX_PARTS", 3, minimum=1, maximum=10)
SMS_MAX_RECIPIENTS = env_int("CONGVU_SMS_MAX_RECIPIENTS", 100, minimum=1, maximum=1000)
# Web Push (VAPID, RFC 8292): the key pair is made once by ``congvu push_keys`` in the data directory,
# unless both keys are given here (base64url: the raw 32-byte private key, the 65-byte public point).
VAPID_PUBLIC_KEY = env_str("CONGVU_VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = env_str("CONGVU_VAPID_PRIVATE_KEY", "")
if bool(VAPID_PUBLIC_KEY) != bool(VAPID_PRIVATE_KEY):
    raise ImproperlyConfigured("CONGVU_VAPID_PUBLIC_KEY and CONGVU_VAPID_PRIVATE_KEY: give both or neither.")
VAPID_KEY_FILE = DATA_DIR / "vapid.json"
# Who the push services may contact about this installation (the VAPID "sub" claim).
VAPID_SUBJECT = env_str("CONGVU_VAPID_SUBJECT", f"mailto:{DEFAULT_FROM_EMAIL}")
if not VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(
        f"CONGVU_VAPID_SUBJECT={VAPID_SUBJECT!r}: must start with mailto: or https://."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CONGVU_LOG_LEVEL", "WARNING").upper()},
    "loggers": {"axes": {"level": "WARNING"}, "congvu.sms": {"level": "INFO"}},  # the logging SMS gateway
}

# The lockout is per account (TV-SEC-1: "the account is locked"), not per address: agencies sit
# behind one NAT address, and locking it would lock out a whole office.
# models.W040: a few indexes carry a column for PostgreSQL's index-only reads (``INCLUDE``, the
# documents search); SQLite builds the same index without it, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
