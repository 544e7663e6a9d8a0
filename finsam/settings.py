"""Settings for Deltagaruppföljning.

Every value that differs between machines comes from the environment, here and nowhere
else. A bad value stops start-up with a message naming the variable, so a typo in
production never silently falls back to a default.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from finsam.formats.sv.formats import DATE_INPUT_FORMATS as SVENSKA_DATUMFORMAT

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nej", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} måste vara 1/0, true/false eller yes/no, inte {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} måste vara ett heltal, inte {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} måste vara minst {minimum}, inte {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY saknas. Sätt den i miljön (eller DJANGO_DEBUG=1 för utveckling)."
        )
    # Development only: a fresh key per process keeps every secret out of the repository.
    SECRET_KEY = get_random_secret_key()
elif not DEBUG and len(SECRET_KEY) < 50:
    # The key signs sessions and password reset links; Django's own check (security.W009)
    # asks for at least 50 characters, and a warning is easily missed at start-up.
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY är för kort ({len(SECRET_KEY)} tecken); använd minst 50 slumpade tecken, t.ex. från "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS måste anges när DJANGO_DEBUG är av.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "finsam.apps.FinsamAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "finsam.apps.InloggningsSparrConfig",
    "csp",
    "django_tasks",
    "finsam.apps.BakgrundsuppgifterConfig",
    "insatser",
    "konto",
    "deltagare",
    "api",
    "dataskydd",
    "rapporter",
]

MIDDLEWARE = [
    # First: every later layer (HTTPS redirect, audit log, login lockout, rate limits) must see
    # the client address and scheme only as the trusted proxies report them.
    "finsam.middleware.KlientadressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files keep their caching and everything else gets no-store.
    "finsam.middleware.IngenCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "finsam.middleware.TvafaktorMiddleware",
    "finsam.middleware.StyrteckenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "finsam.middleware.DatabasfelMiddleware",
    # Bad list filters the admin itself lets through: its own ?e=1 answer, not a server error.
    "finsam.middleware.AdminListfelMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "finsam.urls"

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
                "finsam.context_processors.epost",
                "deltagare.inmatning.context_processor",
            ],
        },
    },
]

WSGI_APPLICATION = "finsam.wsgi.application"

def env_databas(name: str, default: str) -> dict:
    """A database URL (dj-database-url) for PostgreSQL or SQLite, the two the application runs
    on. The value is not repeated in the message: it may hold a password."""
    raw = os.environ.get(name) or default
    try:
        databas = dj_database_url.parse(raw, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} är ingen databasadress. Skriv den som postgres://användare:lösenord@värd:5432/databas "
            "eller sqlite:////sökväg/till/db.sqlite3."
        ) from None
    if not databas["ENGINE"].endswith(("postgresql", "sqlite3")):
        schema = raw.split(":", 1)[0]
        raise ImproperlyConfigured(f"{name} måste vara en PostgreSQL- eller SQLite-databas (postgres:// eller sqlite://), inte {schema}://.")
    return databas


DATABASES = {"default": env_databas("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers (reports) proceed while a project leader saves. IMMEDIATE transactions
    # take the write lock up front, so concurrent writers wait (timeout) instead of failing
    # with "database is locked" when a read lock cannot be upgraded.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", transaction_mode="IMMEDIATE", timeout=20
    )
    # The test database as a file, not in memory: a task worker started as a process of its own
    # (the import's test of a worker that dies) must see the same database. One file per test
    # run (the process id), so a run started from within a run, or a second run in the same
    # checkout, never drops the database another is using; each run removes its own at the end.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles every query whose cost estimate passes a threshold, 10–200 ms a
    # time: more than the pages' own queries take (bench/sidor.py). The reports run as fast
    # without it (bench/reports.py at 1M rows), so the application's connections turn it off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Swedish dates for people, the same everywhere ("30 nov 2026", "30 nov 2026 kl. 23.22").
FORMAT_MODULE_PATH = ["finsam.formats"]
DATE_INPUT_FORMATS = SVENSKA_DATUMFORMAT
# Swedish for libraries that ship none (the audit log, two-factor messages); locale/sv.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
# collectstatic's folder (make serve); elsewhere when the code's folder is read-only.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: password reset links and the reminders (deltagare/management/commands/paminnelser.py).
# With DJANGO_EPOST_HOST set, mail goes out over SMTP; in development without it, mail is
# printed to the console. In production without a host no mail can be sent, so the password
# reset pages are switched off (EPOST_KONFIGURERAD).
EMAIL_HOST = os.environ.get("DJANGO_EPOST_HOST", "")
EMAIL_PORT = env_int("DJANGO_EPOST_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("DJANGO_EPOST_ANVANDARE", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EPOST_LOSENORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EPOST_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EPOST_AVSANDARE", "deltagaruppfoljning@localhost")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
EPOST_KONFIGURERAD = bool(EMAIL_HOST) or DEBUG
# The application's address in e-mail links (reminders are sent by a command, not a request).
# The development default is useless in production; skicka_paminnelser refuses to send it.
WEBBADRESS_UTVECKLING = "http://127.0.0.1:8000"
WEBBADRESS = os.environ.get("DJANGO_WEBBADRESS", WEBBADRESS_UTVECKLING).strip().rstrip("/")
if not WEBBADRESS.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"DJANGO_WEBBADRESS måste börja med https:// eller http://, inte {WEBBADRESS!r}.")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Production hardening; every switch can be turned off from the environment behind a proxy.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Proxies in front of the app (e.g. a TLS-terminating nginx). Only their X-Forwarded-For and
# X-Forwarded-Proto are believed; with 0 both headers are ignored (finsam.middleware).
ANTAL_PROXYER = env_int("DJANGO_ANTAL_PROXYER", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ANTAL_PROXYER else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 60 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True  # expiry counts from the last request, i.e. inactivity
X_FRAME_OPTIONS = "DENY"

# Content security policy (django-csp): scripts, styles and images only from this site, no
# framing, forms post only here. Style *attributes* stay allowed: the admin and Swagger UI
# set them, and an attribute cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Administrators (the policy's ar_administrator) have every model permission in admin.
    "insatser.behorighet.AdministratorBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/last.html"
# The address finsam.middleware.KlientadressMiddleware settled from the trusted proxies.
AXES_CLIENT_IP_CALLABLE = "finsam.middleware.klientadress"
CSRF_FAILURE_VIEW = "finsam.views.csrf_fel"

# One cache for every worker process, so the API's rate limits and the failed-token counter
# hold with several gunicorn workers: the database by default (no extra server), Redis when
# REDIS_URL names one. `manage.py createcachetable` makes the table (make run/serve do it).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL måste börja med redis://, rediss:// eller unix://, inte {REDIS_URL!r}.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "finsam_cache"}
    )
}

# Two-factor login (django-otp) is required for administrators in the admin.
TVAFAKTOR_FOR_ADMINISTRATORER = env_bool("DJANGO_TVAFAKTOR_ADMIN", not DEBUG)
OTP_TOTP_ISSUER = "Deltagaruppföljning"

# Audit trail (docs/regler.md §5): changes to participants are kept with actor and time.
AUDITLOG_INCLUDE_ALL_MODELS = False

# Domain settings (docs/regler.md §3 and §5).
# Counts below this are masked in tables marked for publication.
PUBLICERING_MASKERA_UNDER = env_int("PUBLICERING_MASKERA_UNDER", 5, minimum=1)
# Shares are not computed on bases smaller than this in tables marked for publication.
PUBLICERING_MINSTA_BAS_FOR_ANDEL = env_int("PUBLICERING_MINSTA_BAS_FOR_ANDEL", 10, minimum=1)
# Participant rows are removed this many whole years after the end of the year of slutdatum.
GALLRING_AR_EFTER_SLUTAR = env_int("GALLRING_AR_EFTER_SLUTAR", 2, minimum=0)

# Imports (docs/regler.md §4) run in a task queue: Django's tasks API through the django-tasks
# backport and its database backend, so SQLite needs no other server and several workers on
# several machines share one PostgreSQL database. `python manage.py db_worker` runs a worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Limits that keep one file from hurting the server (docs/regler.md §4). The upload limit is
# enforced while the body streams in; the others before a sheet is read into memory.
IMPORT_MAX_FILSTORLEK_MB = env_int("IMPORT_MAX_FILSTORLEK_MB", 50, minimum=1)
# Rows of participant data in one file, all sheets together (Excel holds 1,048,576 per sheet).
IMPORT_MAX_RADER = env_int("IMPORT_MAX_RADER", 1_100_000, minimum=1)
# Columns of a sheet: the contract has 17; old files carry a few more.
IMPORT_MAX_KOLUMNER = env_int("IMPORT_MAX_KOLUMNER", 100, minimum=17)
IMPORT_MAX_CELLTECKEN = env_int("IMPORT_MAX_CELLTECKEN", 1000, minimum=100)
# A workbook is a zip: its unpacked size and its compression ratio are checked before reading.
IMPORT_MAX_OPACKAT_MB = env_int("IMPORT_MAX_OPACKAT_MB", 1024, minimum=1)
IMPORT_MAX_KOMPRESSION = env_int("IMPORT_MAX_KOMPRESSION", 200, minimum=10)
# The file is read in a child process with these limits: a file can fail, never a process.
IMPORT_LASNING_MINNE_MB = env_int("IMPORT_LASNING_MINNE_MB", 768, minimum=64)
IMPORT_LASNING_CPU_S = env_int("IMPORT_LASNING_CPU_S", 300, minimum=5)
# Imports processed at once across every worker (each user has at most one running).
IMPORT_SAMTIDIGA = env_int("IMPORT_SAMTIDIGA", 2, minimum=1)
# A run whose worker has not reported for this long is marked failed (the worker died).
IMPORT_LIVSTECKEN_S = env_int("IMPORT_LIVSTECKEN_S", 60, minimum=2)

# REST API (api/, docs/regler.md §4): token or session login, JSON in and out, Swedish errors per field.
# Request rates are DRF rates "antal/period" (period second, minute, hour or day).
def env_rate(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip() or default
    antal, _, period = raw.partition("/")
    if not antal.isdigit() or period not in {"second", "minute", "hour", "day"}:
        raise ImproperlyConfigured(f"{name} måste vara antal/period, t.ex. 60/minute, inte {raw!r}.")
    return raw


# Wrong API tokens per client address within ten minutes before the address is refused (429).
API_TOKENFEL_GRANS = env_int("API_TOKENFEL_GRANS", 20, minimum=1)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous call is answered 401 with WWW-Authenticate: Token.
        "api.authentication.TokenInloggning",
        "api.authentication.SessionInloggning",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONTolkare"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Sidnumrering",
    "PAGE_SIZE": env_int("API_SIDSTORLEK", 50, minimum=1),
    "DEFAULT_SCHEMA_CLASS": "api.schema.Schema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.Formatval",
    "EXCEPTION_HANDLER": "api.exceptions.hantera_fel",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymBegransning", "api.throttling.AnvandareBegransning"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_BEGRANSNING_ANONYM", "30/minute"),
        "user": env_rate("API_BEGRANSNING_INLOGGAD", "600/minute"),
    },
    # REMOTE_ADDR is already the client as the trusted proxies report it (finsam.middleware).
    "NUM_PROXIES": 0,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DATE_INPUT_FORMATS": SVENSKA_DATUMFORMAT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Deltagaruppföljning API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar: the documentation works without internet access.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGNIVAER = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGNIVA = (os.environ.get("DJANGO_LOG_LEVEL") or "WARNING").strip().upper()
if LOGGNIVA not in LOGGNIVAER:
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL måste vara {', '.join(LOGGNIVAER[:-1])} eller {LOGGNIVAER[-1]}, "
        f"inte {os.environ['DJANGO_LOG_LEVEL']!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOGGNIVA},
}
