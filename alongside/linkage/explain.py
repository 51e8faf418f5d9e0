"""Plain-English explanations of each link: which fields agreed and how much each counted."""

# ruff: noqa: S608  (SQL is built from this package's own identifiers; file paths and
# headings from extracts go through duck.literal / duck.quote)
from typing import Any

from .duck import literal


def explanation_sql(linker: Any, table: str) -> str:
    """SQL giving (record_key_l, record_key_r, explanation) for a prediction table that kept
    Splink's matching and intermediate columns (gamma_*, mw_*, mw_tf_adj_*)."""
    parts = []
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        cases = " ".join(
            f"when {level.comparison_vector_value} then {literal(level.label_for_charts)}"
            for level in comparison.comparison_levels
        )
        label = f"case gamma_{name} {cases} end"
        tf = f" + coalesce(mw_tf_adj_{name}, 0)" if comparison._has_tf_adjustments else ""
        weight = f"(mw_{name}{tf})"
        parts.append(
            f"case when gamma_{name} = -1 then '{name}: not recorded on both' else "
            f"'{name}: ' || lower({label}) || ' (' || "
            f"case when {weight} >= 0 then '+' else '' end || "
            f"cast(round({weight}, 1) as varchar) || ')' end"
        )
    return (
        f"select record_key_l, record_key_r, concat_ws('; ', {', '.join(parts)}) as explanation "
        f"from {table}"
    )
