"""The level a comparison gives one pair, by the comparison's own SQL, in order."""

from typing import Any

import duckdb


def level_reached(comparison: Any, pair: dict[str, Any]) -> str:
    """`pair`: each column with its _l and _r value (a list for an array column).
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
