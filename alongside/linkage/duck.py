"""Small helpers for DuckDB 2 connections (results must be fetched before the next query)."""

from pathlib import Path
from typing import Any

import duckdb


def connect(memory_limit: str = "6GB", threads: int = 2, temp_dir: Path | None = None):
    """A DuckDB connection sized for a 2-core, 24 GiB machine shared with other work."""
    con = duckdb.connect()
    run(con, f"set threads={int(threads)}")
    run(con, f"set memory_limit='{memory_limit}'")
    run(con, "set preserve_insertion_order=false")
    if temp_dir is not None:
        run(con, f"set temp_directory='{temp_dir}'")
    return con


def run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    """Execute and fetch everything, so the connection is free for the next statement."""
    return con.execute(sql, params or []).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Any:
    rows = run(con, sql, params)
    return rows[0][0] if rows else None


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"
