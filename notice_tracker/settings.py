"""Notice Tracker settings: one file, every deployment difference read from the environment.

See `.env.example` for the variables. Bad values fail loudly at start-up rather than
half-working later.
"""

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import bootstrap_wrapper
import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env never reaches the tests (pytest sets PYTEST_VERSION): they set what they need.
if "PYTEST_VERSION" not in os.environ:
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production")

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or not PRODUCTION:
        # A fixed, obviously unsafe key for development and tests; production must set its own.
        SECRET_KEY = "django-insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
# Length alone is not entropy: "ab" * 25 is 50 characters. A generated key (secrets.token_urlsafe(60))
# has 45 or more distinct characters; 20 is far below that and far above any pattern typed by hand.
SECRET_KEY_MIN_DISTINCT = 20
if PRODUCTION and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < SECRET_KEY_MIN_DISTINCT or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 random characters in production, with at least "
        f"{SECRET_KEY_MIN_DISTINCT} different ones: generate one with "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(60))'"
    )
# Production names its hosts and its database itself: a default there would be a silent mistake.
for _required in ("ALLOWED_HOSTS", "DATABASE_URL"):
    if PRODUCTION and not env.str(_required, default=""):
        raise ImproperlyConfigured(f"{_required} must be set when DJANGO_ENV=production")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "django_rq",  # the job queue for PDF builds; idle unless REDIS_URL is set
    "measures",
    "actions",
    "indicators",
    "evidence",
    "meetings",
    "progress",
    "reports",
    "reporting",
    "dashboards",
    "reminders",
    "search",
    # The read-only REST API (/api/v1/) and personal access tokens (django-ninja; its documentation
    # page is our own, api/templates/api/docs.html).
    "api",
    "calendars",  # each person's calendar feed (iCalendar) at a secret address
    # Security: failed-sign-in throttling, two-factor devices, the security event log, backups.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "audit",
    "backups",
    # Every demo loader and the load_demo command.
    "demo",
    # The benchmark harness: its data generator command, and (only with BENCHMARK=true) the floor view.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # With a loopback-only exemption (LOOPBACK_ONLY), only connections from this machine are served.
    "notice_tracker.middleware.LoopbackOnlyMiddleware",
    # A request body larger than the largest upload is refused before anything reads it (413).
    "notice_tracker.middleware.RequestSizeLimitMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, static files included.
    "notice_tracker.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions idle for SESSION_IDLE_SECONDS or older than SESSION_ABSOLUTE_SECONDS (says so in a message).
    "notice_tracker.middleware.SessionLifetimeMiddleware",
    # Every page needs a signed-in user unless its view says otherwise (sign-in, accessibility statement).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After sign-in, users who must use two-factor see nothing else until they have given a code.
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Signed-in pages show case evidence: no browser or proxy may keep a copy.
    "notice_tracker.middleware.NoStoreMiddleware",
    # Records every 403 answer (permission refusals) in the security event log.
    "audit.middleware.PermissionRefusalMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # SQLite busy past its timeout: 409 "try again", never a 500.
    "notice_tracker.middleware.DatabaseBusyMiddleware",
    # Last, so that it sees the sign-in view's lockout flag and answers with the sign-in page.
    "axes.middleware.AxesMiddleware",
]

# The benchmark harness (bench/run.py) sets BENCHMARK=true on the server it measures: it adds the
# do-nothing "floor" view (bench/urls.py) and an X-Query-Count response header. Off by default,
# so production never serves either.
BENCHMARK_FLOOR_VIEW = env.bool("BENCHMARK", default=False)
if BENCHMARK_FLOOR_VIEW:
    # First, so the count includes the session and user look-ups of the middleware below it.
    MIDDLEWARE.insert(0, "bench.middleware.QueryCountMiddleware")

ROOT_URLCONF = "notice_tracker.urls"

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
                # When a signed-in page's idle limit falls, for the timeout warning in base.html.
                "notice_tracker.context_processors.session_timeout",
                "notice_tracker.context_processors.sign_in",
                "notice_tracker.context_processors.frame",
            ],
            "libraries": {
                "quick_fields": "notice_tracker.lib.quickfields",
                "days": "notice_tracker.lib.days",
                "fragments": "notice_tracker.lib.fragments",
            },
        },
    },
]

WSGI_APPLICATION = "notice_tracker.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a worker keeps its database connection for CONN_MAX_AGE seconds instead of
# opening one per request (a few milliseconds each on PostgreSQL), and checks it is still alive before
# reusing it. Production keeps them 60 s unless told otherwise; development (runserver starts a thread
# per request, so a kept connection would only linger) closes each one unless CONN_MAX_AGE is set.
# The benchmark's server sets CONN_MAX_AGE=60, as production runs.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait up to 20 s for each other rather than failing at once, and each
    # transaction takes the write lock when it starts, so two never deadlock upgrading a read lock
    # (which SQLite answers "database is locked" without waiting). Past the wait: 409, try again.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The throttle (an axes backend) first: it refuses a sign-in that must wait before the password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on: answers only the provider's callback, and only while SSO is configured.
    "accounts.sso.CouncilSignInBackend",
]

# Single sign-on with OpenID Connect (accounts/sso.py, mozilla-django-oidc): on when a client id is
# set. Endpoints come from the provider's discovery document, or each is given. People are matched by
# verified e-mail to an account an administrator invited; nobody is made on first sight.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_DISCOVERY_URL = env.str("OIDC_OP_DISCOVERY_URL", default="")
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
# The claims that carry the e-mail address and say it is verified (Entra ID: see README).
OIDC_EMAIL_CLAIM = env.str("OIDC_EMAIL_CLAIM", default="email")
OIDC_EMAIL_VERIFIED_CLAIM = env.str("OIDC_EMAIL_VERIFIED_CLAIM", default="email_verified")
# The provider's second factor stands for ours when the ID token's OIDC_MFA_CLAIM holds one of
# OIDC_MFA_VALUES (amr: mfa; or an acr value). Unset: everyone gives our TOTP code as well.
OIDC_MFA_CLAIM = env.str("OIDC_MFA_CLAIM", default="")
OIDC_MFA_VALUES = env.list("OIDC_MFA_VALUES", default=[])
# Whether to ask the userinfo endpoint as well as reading the ID token (Entra ID: false; see README).
OIDC_USE_USERINFO = env.bool("OIDC_USE_USERINFO", default=True)
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)  # seconds for each call to the provider
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
SSO_ENABLED = bool(OIDC_RP_CLIENT_ID)
if SSO_ENABLED:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_RP_CLIENT_SECRET must be set with OIDC_RP_CLIENT_ID")
    _endpoints = ("OIDC_OP_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
    _missing = [name for name in _endpoints if not globals()[name]]
    if not OIDC_OP_DISCOVERY_URL and _missing:
        raise ImproperlyConfigured(
            "Single sign-on needs OIDC_OP_DISCOVERY_URL, or else " + ", ".join(_missing) + " (see README)"
        )
    if not OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")):
        raise ImproperlyConfigured(
            f"OIDC_RP_SIGN_ALGO must be an asymmetric algorithm (RS256, ES256, PS256...), not {OIDC_RP_SIGN_ALGO!r}"
        )
    _provider_urls = [OIDC_OP_DISCOVERY_URL] + [globals()[name] for name in _endpoints[1:]] + [OIDC_OP_USER_ENDPOINT]
    if PRODUCTION and any(url and not url.startswith("https://") for url in _provider_urls):
        raise ImproperlyConfigured("The single sign-on provider's addresses must start with https:// in production")
    if OIDC_MFA_CLAIM and not OIDC_MFA_VALUES:
        raise ImproperlyConfigured("OIDC_MFA_CLAIM needs OIDC_MFA_VALUES: the values that mean MFA was done")
# PASSWORD_SIGN_IN=false: the sign-in page offers single sign-on only, and a posted password is refused.
PASSWORD_SIGN_IN = env.bool("PASSWORD_SIGN_IN", default=True)
if not PASSWORD_SIGN_IN and not SSO_ENABLED:
    raise ImproperlyConfigured("PASSWORD_SIGN_IN=false needs single sign-on (OIDC_RP_CLIENT_ID): nobody could sign in")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "measures:notice-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# British dates written out: 21 May 2014.
FORMAT_MODULE_PATH = ["notice_tracker.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's own dist files, from a pinned Python package (requirements.txt), so setting up
    # needs Python alone; notice_tracker/tests/test_static_vendor.py checks they are 5.3.8's bytes.
    ("vendor/bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
# Outside production, static files are found where they live (no collectstatic), so WhiteNoise
# looks them up per request rather than expecting a STATIC_ROOT that was never gathered.
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence is never served as public media: every file goes through a view that checks access,
# and no URL pattern serves this prefix.
MEDIA_URL = "/media-is-not-served/"

STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Several app servers share one file store: S3-compatible object storage (django-storages, boto3)
# when AWS_STORAGE_BUCKET_NAME is set; otherwise MEDIA_ROOT on this machine's disk. Credentials may
# be left unset where boto3 finds its own (an instance role, ~/.aws). Files are private: every one
# is read back through a view that checks access, never a bucket URL.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
_S3_VARIABLES = ("AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_S3_ADDRESSING_STYLE", "AWS_LOCATION")
if not AWS_STORAGE_BUCKET_NAME and any(env.str(name, default="") for name in _S3_VARIABLES):
    # Half a configuration would store evidence on one server's disk while the others look in a bucket.
    raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must be set with the other AWS_S3_* variables")
if AWS_STORAGE_BUCKET_NAME:
    _addressing = env.str("AWS_S3_ADDRESSING_STYLE", default="auto")
    if _addressing not in {"auto", "path", "virtual"}:
        raise ImproperlyConfigured(f"AWS_S3_ADDRESSING_STYLE must be auto, path or virtual, not {_addressing!r}")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,  # None: Amazon's own
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": _addressing,
            "location": env.str("AWS_LOCATION", default=""),  # a prefix inside the bucket, if it is shared
            # Never replace a stored object: a name already taken gets a new one, as on disk (names are random).
            "file_overwrite": False,
            "default_acl": None,  # the bucket's own (private) policy; no object is ever public
            "querystring_auth": True,
            # A download larger than an upload kept in memory spools to a temporary file, not memory.
            "max_memory_size": 1024 * 1024,
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# For the SMTP backend: the council's mail relay.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Absolute links in e-mails (reminder digests) start with this address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# An invitation to a notice's role (measures.Invitation) can be accepted for this many days.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
# The read-only API (api/): requests a minute one personal access token (or one signed-in user) may
# make before 429, and the longest a token may be made to last, in days.
API_THROTTLE_PER_MINUTE = env.int("API_THROTTLE_PER_MINUTE", default=120)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="notice-tracker@localhost")
# Named in the accessibility statement as where to report a problem or ask for another format.
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)

# Pins "today" for a demo of historical data; never in production.
_pinned_today = env.str("NOTICE_TRACKER_TODAY", default="")
try:
    NOTICE_TRACKER_TODAY = date.fromisoformat(_pinned_today) if _pinned_today else None
except ValueError:
    raise ImproperlyConfigured(f"NOTICE_TRACKER_TODAY must be a date like 2015-02-27, not {_pinned_today!r}") from None
if PRODUCTION and NOTICE_TRACKER_TODAY:
    raise ImproperlyConfigured("NOTICE_TRACKER_TODAY pins the date for demos; unset it in production")

# Largest evidence file accepted, in bytes (25 MB unless configured).
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
# How many pages of a PDF the evidence page shows as pictures (evidence/previews.py); the rest: download.
EVIDENCE_PREVIEW_PAGES = env.int("EVIDENCE_PREVIEW_PAGES", default=10)
# Every request body: the largest upload and room for its form (RequestSizeLimitMiddleware answers 413).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=EVIDENCE_MAX_UPLOAD_BYTES + 1024 * 1024)
# Form fields without files at most 2.5 MB in memory; an uploaded file over 1 MB goes to a temporary
# file, not memory; a form carries at most 5 files (ours carry one).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 5

# PDF builds of the statutory reports: on the job queue (RQ) when REDIS_URL is set, for example
# redis://127.0.0.1:6379/0, with a worker started by `manage.py rqworker default`; without it
# they run in the request, so a first run needs nothing extra.
REDIS_URL = env.str("REDIS_URL", default="")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}} if REDIS_URL else {}
# Stored positions (progress/position.py) are cached: in Redis when there is one, so that every
# app server and worker shares them; otherwise in each process's memory.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
# Backups (`manage.py backup`) are encrypted with this key when it is set: 32 random bytes in
# URL-safe base64 (`manage.py backup_key`). The backup and restore commands refuse a malformed one
# before doing anything. With BACKUP_REQUIRE_ENCRYPTION, no unencrypted backup is written or restored.
BACKUP_ENCRYPTION_KEY = env.str("BACKUP_ENCRYPTION_KEY", default="")
# Where `backup` writes when not given --output: outside the source tree, never into the package.
BACKUP_DIR = env.path("BACKUP_DIR", default=str(Path.home() / "notice-tracker-backups"))
BACKUP_REQUIRE_ENCRYPTION = env.bool("BACKUP_REQUIRE_ENCRYPTION", default=False)
# Word, Excel and PowerPoint files are zip archives: refuse zip bombs from the archive's directory.
EVIDENCE_ZIP_MAX_ENTRIES = env.int("EVIDENCE_ZIP_MAX_ENTRIES", default=2000)
EVIDENCE_ZIP_MAX_UNPACKED_BYTES = env.int("EVIDENCE_ZIP_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
# Real Office parts compress about 10:1 at most; a thousandfold ratio is a bomb, not a document.
EVIDENCE_ZIP_MAX_RATIO = env.int("EVIDENCE_ZIP_MAX_RATIO", default=200)
# An imported workbook (plan, indicator figures) is checked with the same limits, may unpack to no
# more than this, and no sheet may be larger than the next: a 5,000-row sheet is 1-2 MB of XML.
IMPORT_XLSX_MAX_UNPACKED_BYTES = env.int("IMPORT_XLSX_MAX_UNPACKED_BYTES", default=30 * 1024 * 1024)
IMPORT_XLSX_MAX_SHEET_BYTES = env.int("IMPORT_XLSX_MAX_SHEET_BYTES", default=10 * 1024 * 1024)

# ---------------------------------------------------------------------------------------------
# Security. Production turns every protection on; each can only be loosened by an explicit
# variable, and the loosenings that are never safe on a public host refuse to start.
# ---------------------------------------------------------------------------------------------

# Served over HTTPS: redirect plain HTTP, send HSTS, mark cookies Secure. `SERVE_OVER_HTTPS=false`
# exists only for a production-like server on loopback (benchmarks over plain HTTP).
SERVE_OVER_HTTPS = env.bool("SERVE_OVER_HTTPS", default=PRODUCTION)
_LOOPBACK_ONLY = set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "::1", "[::1]"}
if PRODUCTION and not SERVE_OVER_HTTPS and not _LOOPBACK_ONLY:
    raise ImproperlyConfigured(
        "SERVE_OVER_HTTPS=false is only for a server on loopback: ALLOWED_HOSTS must be 127.0.0.1/localhost"
    )
SECURE_SSL_REDIRECT = SERVE_OVER_HTTPS
# A load balancer checks health over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SERVE_OVER_HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if SERVE_OVER_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SERVE_OVER_HTTPS
# The header only makes the host eligible for browsers' preload lists; submitting it is a separate step.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SERVE_OVER_HTTPS)
# Behind a proxy that ends TLS, Django sees plain HTTP: trust the proxy's X-Forwarded-Proto header.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it: forms carry the token
# Our own header middleware (notice_tracker/middleware.py). No inline or remote script anywhere;
# inline styles stay allowed because matplotlib's SVG charts, inlined for screen readers, style
# their shapes with style attributes and a <style> element.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# Sessions end after SESSION_IDLE_SECONDS without a request and SESSION_ABSOLUTE_SECONDS after
# sign-in, whichever comes first (notice_tracker/middleware.py), and when the browser closes.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
# Pages warn this long before the idle limit, with a "Stay signed in" button (static/js/session-timeout.js).
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=2 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The client's address behind the proxies that end TLS (notice_tracker/lib/clientip.py): each trusted
# proxy appends what it saw to CLIENT_IP_HEADER. 0 (no proxy) ignores the header. Sign-in limits and
# the security log use this address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="X-Forwarded-For")
AXES_CLIENT_IP_CALLABLE = "notice_tracker.lib.clientip.client_ip"

# Failed sign-ins (django-axes records them; accounts/throttle.py decides). Counted per username AND
# address together: after AXES_FAILURE_LIMIT failures that username waits from that address for a
# minute, twice as long after each further failure, at most AXES_COOLOFF_MINUTES. Attempts during a
# pause are refused unchecked and not counted. An address failing SIGN_IN_ADDRESS_FAILURE_LIMIT times
# in 15 minutes, across usernames (password spraying), waits 15 minutes for every username.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGN_IN_LONGEST_PAUSE = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = timedelta(days=1)  # how long failures are remembered; a success forgets them
AXES_LOCK_OUT_AT_FAILURE = False  # the pause is ours (accounts/backends.py)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # the sign-in page again, saying until when
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are recorded in our own security event log (audit app)
AXES_VERBOSE = False
# Failed sign-ins and pauses are written to the security log at most this often per address a minute.
SECURITY_LOG_FAILURES_PER_MINUTE = env.int("SECURITY_LOG_FAILURES_PER_MINUTE", default=30)

# Two-factor sign-in (django-otp, TOTP with single-use recovery codes). Required in production for
# everyone with a role on a notice, and for staff; see accounts/twofactor.py.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=PRODUCTION)
if PRODUCTION and not OTP_REQUIRED and not _LOOPBACK_ONLY:
    raise ImproperlyConfigured(
        "OTP_REQUIRED=false is only for a server on loopback (benchmarks): production requires two-factor"
    )
# Either loopback exemption holds only for connections from this machine: the Host header (and so
# ALLOWED_HOSTS) is chosen by the client, the connection's own address is not
# (notice_tracker.middleware.LoopbackOnlyMiddleware answers 403 to any other).
LOOPBACK_ONLY = PRODUCTION and (not SERVE_OVER_HTTPS or not OTP_REQUIRED)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Notice Tracker")
OTP_RECOVERY_CODES = 10

# LOG_FORMAT=json writes one JSON object a line (for a log shipper); text by default.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
        "json": {"()": "notice_tracker.lib.jsonlog.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO and every SVG style it skips as a warning.
    "loggers": {"weasyprint": {"level": "ERROR"}, "weasyprint.progress": {"level": "WARNING"}},
}
