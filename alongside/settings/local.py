"""One machine, plain HTTP on loopback: the demo. Secrets still come from the environment
(`make demo` writes them once to var/demo.env, which is never committed)."""

from .base import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The demo prints emails (a parent's one-time code, an invitation) to the console.
EMAIL_BACKEND = os.environ.get(  # noqa: F405
    "ALONGSIDE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
