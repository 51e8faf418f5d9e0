"""Small helpers for DuckDB 2 connections (results must be fetched before the next query).

SQL in this package is built as text. Anything that can come from a file or a user goes in
through `quote` (identifiers: headings, mapping entries, model names), `literal` (file paths,
text) or a `?` parameter (numbers such as the threshold). Lines marked `# nosec B608` were
checked to add nothing else: only this package's own table and column names and such
quoted values.
"""

from pathlib import Path
from typing import Any

import duckdb

from .csv_safe import neutralise_sql


def connect(memory_limit: str = "6GB", threads: int = 2, temp_dir: Path | None = None):
    """A DuckDB connection sized for a 2-core, 24 GiB machine shared with other work."""
    con = duckdb.connect()
    run(con, f"set threads={int(threads)}")
    run(con, f"set memory_limit={literal(memory_limit)}")
    run(con, "set preserve_insertion_order=false")
    if temp_dir is not None:
        run(con, f"set temp_directory={literal(str(temp_dir))}")
    return con


def run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    """Execute and fetch everything, so the connection is free for the next statement."""
    return con.execute(sql, params or []).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Any:
    rows = run(con, sql, params)
    return rows[0][0] if rows else None


def quote(identifier: str) -> str:
    """A DuckDB identifier (table or column name) in double quotes, any quote inside doubled:
    for names that come from a file or a user (headings, mapping entries)."""
    return '"' + str(identifier).replace('"', '""') + '"'


def literal(text: str) -> str:
    """A DuckDB string literal in single quotes, any quote inside doubled (DuckDB gives a
    backslash no special meaning in such a literal): for file paths and other text."""
    return "'" + str(text).replace("'", "''") + "'"


def copy_csv(
    con: duckdb.DuckDBPyConnection,
    select_sql: str,
    path: Path | str,
    params: list | None = None,
    order_by: tuple[str, ...] = (),
) -> None:
    """`COPY (select_sql) TO path` as CSV with a header row, every text cell neutralised so that
    a spreadsheet cannot run it as a formula (`csv_safe`). `select_sql` is this package's own
    query; values from files reach it only through `literal`, `quote` or `params`. Rows are
    written in the order of `order_by` (names of the query's columns)."""
    columns = run(con, f"describe {select_sql}", params)
    selects = ", ".join(
        f"{neutralise_sql(quote(name))} as {quote(name)}"
        if str(kind).upper() == "VARCHAR"
        else quote(name)
        for name, kind, *_ in columns
    )
    order = " order by " + ", ".join(f"__csv_out.{quote(c)}" for c in order_by) if order_by else ""
    run(
        con,
        f"copy (select {selects} from ({select_sql}) as __csv_out{order}) "  # noqa: S608  # nosec B608
        f"to {literal(str(path))} (header, delimiter ',')",
        params,
    )
