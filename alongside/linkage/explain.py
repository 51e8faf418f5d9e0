"""Plain-English explanations of each link: which fields agreed and how much each counted."""

from typing import Any

from .duck import literal, quote


def explanation_sql(linker: Any, table: str) -> str:
    """SQL giving (record_key_l, record_key_r, explanation) for a prediction table that kept
    Splink's matching and intermediate columns (gamma_*, mw_*, mw_tf_adj_*).

    The comparison names and labels come from the model, which may be a model.json given by
    the user, so they go in as quoted identifiers and literals."""
    parts = []
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        gamma = quote(f"gamma_{name}")
        cases = " ".join(
            f"when {int(level.comparison_vector_value)} then {literal(level.label_for_charts)}"
            for level in comparison.comparison_levels
        )
        label = f"case {gamma} {cases} end"
        tf = (
            f" + coalesce({quote(f'mw_tf_adj_{name}')}, 0)"
            if comparison._has_tf_adjustments
            else ""
        )
        weight = f"({quote(f'mw_{name}')}{tf})"
        parts.append(
            f"case when {gamma} = -1 then {literal(f'{name}: not recorded on both')} else "
            f"{literal(f'{name}: ')} || lower({label}) || ' (' || "
            f"case when {weight} >= 0 then '+' else '' end || "
            f"cast(round({weight}, 1) as varchar) || ')' end"
        )
    return (
        "select record_key_l, record_key_r, "  # noqa: S608  # nosec B608
        f"concat_ws('; ', {', '.join(parts)}) as explanation from {quote(table)}"
    )
