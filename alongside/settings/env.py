"""Reading settings from the environment. Secrets are never given defaults here."""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from error


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _prepared_statements() -> dict:
    """Parameters sent apart from the SQL, and a statement run twice on a connection prepared on
    the server, so PostgreSQL parses and plans it once: a page runs the same 10 to 45 statements
    every time (docs/capacity.md). Set ALONGSIDE_DB_PREPARED_STATEMENTS=off behind a pooler
    that cannot keep prepared statements (PgBouncer in transaction mode before 1.21)."""
    if not env_bool("ALONGSIDE_DB_PREPARED_STATEMENTS", True):
        return {}
    return {"server_side_binding": True, "prepare_threshold": 2}


def database_from_url(url: str, sqlite_default: Path) -> dict:
    """Turn DATABASE_URL into Django's DATABASES entry.

    SQLite runs in WAL mode with immediate transactions, so a reader never blocks a writer
    and two writers queue instead of failing with 'database is locked'.

    Both keep a connection for a minute (CONN_MAX_AGE) rather than one a request. On SQLite a
    new connection costs more than it seems: opening it, then reading and parsing the schema
    and preparing every statement again, because SQLite keeps prepared statements per
    connection. The parent overview's 38 reads took 4.5 ms of CPU on a new connection and
    0.8 ms on one already used (docs/capacity.md).
    """
    if not url:
        url = f"sqlite:///{sqlite_default}"
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path[1:]) if parsed.path.startswith("//") else parsed.path,
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # No JIT: its compile (about 40 ms here) is paid on every run of a query whose
                # estimated cost passes jit_above_cost, as the caseload's does once the tables
                # have statistics; a page's queries are short (docs/capacity.md).
                "options": "-c jit=off",
                **_prepared_statements(),
            },
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported.")
