"""Tests: fixed, obviously-not-secret keys so the suite runs anywhere; fast hashing.

DATABASE_URL chooses the database: SQLite when unset, PostgreSQL under scripts/with-postgres.sh.
"""

import os
from pathlib import Path

os.environ.setdefault("ALONGSIDE_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault(
    "ALONGSIDE_ENCRYPTION_KEYS",
    # Two keys so rotation is exercised: the first encrypts, both decrypt.
    "dGVzdC1vbmx5LWtleS1ub3Qtc2VjcmV0LTAwMDAwMDA=,dGVzdC1vbmx5LW9sZC1rZXktbm90LXNlY3JldC0wMDA=",
)

os.environ.setdefault("ALONGSIDE_BACKUP_KEY", "dGVzdC1vbmx5LWJhY2t1cC1rZXktbm90LXNlY3JldDA=")
os.environ.setdefault("ALONGSIDE_AUDIT_KEY", "test-only-audit-chain-key-not-secret")
# One checkpoint folder per test process (each test gets its own: tests/conftest.py).
os.environ.setdefault(
    "ALONGSIDE_AUDIT_CHECKPOINT_DIR",
    str(Path(__file__).resolve().parents[2] / "var" / f"test-checkpoints-{os.getpid()}"),
)

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory, so tests see SQLite's real locking (WAL, busy timeout).
    # One file per test process, so parallel runs do not collide.
    (PROJECT_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    test_db = PROJECT_DIR / "var" / f"test-{os.getpid()}.sqlite3"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(test_db)}  # noqa: F405
    # The real SQLite backend; only the runner's wipe between tests lifts the audit triggers.
    DATABASES["default"]["ENGINE"] = "alongside.core.testing_sqlite"  # noqa: F405
