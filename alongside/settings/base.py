"""Settings shared by every environment. Secrets come only from the environment."""

import os
from pathlib import Path

from .env import database_from_url, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

SECRET_KEY = env_str("ALONGSIDE_SECRET_KEY")
# Fernet keys for encrypted free text, newest first; older keys still decrypt (key rotation).
ENCRYPTION_KEYS = env_list("ALONGSIDE_ENCRYPTION_KEYS")
# Fernet key for backup archives, kept apart from the data keys. Needed only to back up or restore.
BACKUP_KEY = os.environ.get("ALONGSIDE_BACKUP_KEY", "")
# Key of the audit log's chain (HMAC-SHA256): without it no one can rewrite entries so that
# `verify-audit` passes. Held outside the database, like the other keys.
AUDIT_KEY = env_str("ALONGSIDE_AUDIT_KEY")
# Checkpoints of the audit chain's head, written outside the database (by the worker at
# intervals, by `alongside audit-checkpoint`, and into every backup's manifest), so a log cut
# back to an earlier entry is found. In production, a directory the database's users cannot
# write (a separate volume, or one synchronised off the server).
AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("ALONGSIDE_AUDIT_CHECKPOINT_DIR", "")
    or PROJECT_DIR / "var" / "audit-checkpoints"
)
AUDIT_CHECKPOINT_EVERY_SECONDS = env_int("ALONGSIDE_AUDIT_CHECKPOINT_EVERY_SECONDS", 60)

DEBUG = False
ALLOWED_HOSTS = env_list("ALONGSIDE_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "alongside.core",
    "alongside.audit",
    "alongside.accounts",
    "alongside.people",
    "alongside.referrals",
    "alongside.casework",
    "alongside.sharing",
    "alongside.synth",
    "alongside.linkage_cli",
    "alongside.backups",
    "alongside.benchmarks",
    "alongside.jobs",
    "alongside.population",
    "alongside.measures",
    "alongside.plans",
    "alongside.programmes",
    "alongside.portal",
    "alongside.directory",
    "alongside.api",
    "alongside.reports",
    "alongside.workbook",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alongside.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "alongside.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "alongside.core.middleware.AccessPolicyMiddleware",
    "alongside.audit.reads.AuditReadsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

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
                "alongside.core.context_processors.session_timeout",
                "alongside.core.context_processors.navigation",
            ],
            "builtins": ["alongside.core.templatetags.govuk"],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", ""), PROJECT_DIR / "var" / "alongside.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"

# Lockout after repeated failed sign-ins (django-axes), counted per username.
AXES_FAILURE_LIMIT = env_int("ALONGSIDE_LOCKOUT_AFTER", 5)
AXES_COOLOFF_TIME = env_int("ALONGSIDE_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Locking per account, not per address: a council office shares one address, and one person's
# typing must not lock out the whole team. Per-address throttling belongs at the proxy.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions: signed out after a period of inactivity (GOV.UK timeout warning shown before).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("ALONGSIDE_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_TIMEOUT_WARNING_SECONDS = env_int("ALONGSIDE_TIMEOUT_WARNING_SECONDS", 2 * 60)
# However active, a session ends this long after signing in (password given again).
ALONGSIDE_SESSION_MAX_SECONDS = env_int("ALONGSIDE_SESSION_MAX_SECONDS", 12 * 60 * 60)
# How long an administrator's link to set up two-factor authentication works.
ALONGSIDE_ENROLMENT_LINK_HOURS = env_int("ALONGSIDE_ENROLMENT_LINK_HOURS", 72)
# The parent's own space (alongside.portal): a shorter idle time-out (a shared or borrowed
# phone), how long a worker's invitation works, and how long an emailed code works.
ALONGSIDE_PARENT_IDLE_TIMEOUT_SECONDS = env_int("ALONGSIDE_PARENT_IDLE_TIMEOUT_SECONDS", 10 * 60)
ALONGSIDE_PARENT_INVITATION_HOURS = env_int("ALONGSIDE_PARENT_INVITATION_HOURS", 72)
ALONGSIDE_EMAIL_CODE_MINUTES = env_int("ALONGSIDE_EMAIL_CODE_MINUTES", 10)
# Email (codes and invitations to parents): SMTP in production, set from the environment; the
# console backend prints messages instead, for the demo.
EMAIL_BACKEND = os.environ.get(
    "ALONGSIDE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("ALONGSIDE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ALONGSIDE_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("ALONGSIDE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ALONGSIDE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("ALONGSIDE_EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get(
    "ALONGSIDE_EMAIL_FROM", "Alongside <no-reply@alongside.example.org>"
)

# The manager's 'needs attention' list: allocated work with no contact for this many weeks, and
# accepted work with no plan this many weeks after it started.
ALONGSIDE_ATTENTION_NO_CONTACT_WEEKS = env_int("ALONGSIDE_ATTENTION_NO_CONTACT_WEEKS", 4)
ALONGSIDE_ATTENTION_NO_PLAN_WEEKS = env_int("ALONGSIDE_ATTENTION_NO_PLAN_WEEKS", 6)

# A directory of the service's own measure definitions (YAML), e.g. for a licensed instrument.
ALONGSIDE_INSTRUMENTS_DIR = os.environ.get("ALONGSIDE_INSTRUMENTS_DIR", "")
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "alongside.core.views.csrf_failure"

# Request size limits: forms are small; file uploads (extracts) have their own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

OTP_TOTP_ISSUER = "Alongside"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

MEDIA_ROOT = PROJECT_DIR / "var" / "media"

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
