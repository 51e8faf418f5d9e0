"""How Alongside connects to its database."""

from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import connection

from alongside.accounts.models import User
from alongside.settings.env import database_from_url


def test_postgresql_connections_ask_for_no_jit():
    """PostgreSQL's JIT compiles a query whose estimated cost passes `jit_above_cost`, on every
    run: once the tables had statistics, the practitioner's caseload query paid about 40 ms for
    it a page (docs/capacity.md). A page's queries are short, so connections turn it off."""
    config = database_from_url("postgres://alongside:secret@db.example:5432/alongside", Path("x"))
    assert config["OPTIONS"]["options"] == "-c jit=off"
    assert config["CONN_MAX_AGE"] == 60


def test_postgresql_statements_are_prepared_unless_a_pooler_cannot_keep_them(monkeypatch):
    """A page runs the same statements every time: PostgreSQL parses and plans each once a
    connection. Behind a pooler that cannot keep prepared statements, one setting turns it off."""
    url = "postgres://alongside:secret@db.example:5432/alongside"
    monkeypatch.delenv("ALONGSIDE_DB_PREPARED_STATEMENTS", raising=False)
    options = database_from_url(url, Path("x"))["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2
    monkeypatch.setenv("ALONGSIDE_DB_PREPARED_STATEMENTS", "off")
    options = database_from_url(url, Path("x"))["OPTIONS"]
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert options["options"] == "-c jit=off"


def test_sqlite_connections_are_kept_between_requests():
    """A new SQLite connection reads and parses the schema and prepares every statement again:
    the parent overview's reads took 4.5 ms of CPU on a new connection and 0.8 ms on one in use
    (docs/capacity.md). So a connection is kept for a minute, as on PostgreSQL."""
    config = database_from_url("sqlite:////srv/alongside/alongside.sqlite3", Path("x"))
    assert config["CONN_MAX_AGE"] == 60
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_the_next_request_uses_the_same_connection():
    """What a server does between requests (Django's request signals, as gunicorn's worker sends
    them): the connection one request opened answers the next."""
    used = []
    for _ in range(2):
        request_started.send(sender=WSGIHandler)
        assert User.objects.filter(username="nobody").count() == 0
        used.append(connection.connection)
        request_finished.send(sender=WSGIHandler)
    assert used[0] is not None
    assert used[1] is used[0]


@pytest.mark.django_db
def test_a_statement_run_again_on_postgresql_is_prepared_and_gives_the_same_rows(practitioner):
    def read():
        return list(
            User.objects.filter(username=practitioner.username).values_list("pk", flat=True)
        )

    answers = [read() for _ in range(3)]
    assert answers == [[practitioner.pk]] * 3
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%accounts_user%"],
            )
            assert cursor.fetchone()[0] >= 1


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
