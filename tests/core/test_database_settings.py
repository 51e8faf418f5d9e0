"""How Alongside connects to its database."""

from pathlib import Path

import pytest
from django.db import connection

from alongside.settings.env import database_from_url


def test_postgresql_connections_ask_for_no_jit():
    """PostgreSQL's JIT compiles a query whose estimated cost passes `jit_above_cost`, on every
    run: once the tables had statistics, the practitioner's caseload query paid about 40 ms for
    it a page (docs/capacity.md). A page's queries are short, so connections turn it off."""
    config = database_from_url("postgres://alongside:secret@db.example:5432/alongside", Path("x"))
    assert config["OPTIONS"]["options"] == "-c jit=off"
    assert config["CONN_MAX_AGE"] == 60


@pytest.mark.django_db
def test_the_database_in_use_runs_a_pages_queries_without_jit():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
    else:
        # SQLite has no JIT; what matters there is the write-ahead log (one writer, readers
        # never blocked), set on every connection.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
