"""Helpers shared by the linkage tests."""

from pathlib import Path
from typing import Any

import duckdb

from alongside.linkage.duck import connect
from alongside.linkage.pipeline import load_applications
from alongside.linkage.records import build_application_persons


def persons_table(folder: Path, extract: Path) -> tuple[duckdb.DuckDBPyConnection, int]:
    """A DuckDB connection holding `persons_input` for `extract`, as a run builds it, and the
    number of parent records in it."""
    con = connect()
    load_applications(con, [extract], folder / "out")
    return con, build_application_persons(con, "applications", "persons_input")


def level_reached(comparison: Any, pair: dict[str, Any]) -> str:
    """The level a comparison gives one pair, by the comparison's own SQL, in order.
    `pair`: each column with its _l and _r value (a list for an array column).
    Returns the label of the first level the pair meets, 'null' or 'else'."""
    built = comparison.get_comparison("duckdb")
    levels = [level for level in built.comparison_levels if level.sql_condition != "ELSE"]
    case = " ".join(f"when {level.sql_condition} then {i}" for i, level in enumerate(levels))
    select = ", ".join(
        f"?::varchar[] as {name}" if isinstance(value, list) else f"?::varchar as {name}"
        for name, value in pair.items()
    )
    with duckdb.connect() as con:
        (i,) = con.execute(
            f"select case {case} end from (select {select})",  # noqa: S608
            list(pair.values()),
        ).fetchone()
    if i is None:
        return "else"
    return "null" if levels[i].is_null_level else levels[i].label_for_charts
