"""Small-number suppression for published tables.

Primary: a count from 1 to 4 is shown as 'fewer than 5'. Complementary: a count is also
hidden when its complement within the row total (e.g. parents with one application =
all parents - parents with more than one) is from 1 to 4. Secondary: in a column with a
total, when only one cell is hidden the next smallest is hidden too, so the total cannot
reveal it. Rates built on a hidden count are hidden with it.
"""

FEWER_THAN_5 = "fewer than 5"
SUPPRESSED = "suppressed"


def _small(value: int) -> bool:
    return 0 < value < 5


def shown_count(value: int) -> str:
    """A single count for publication: 1 to 4 is shown as 'fewer than 5' (the primary rule).
    Every count Alongside shows to someone who sees totals only goes through here."""
    return FEWER_THAN_5 if _small(value) else str(value)


def suppress(
    rows: list[dict], count_columns: list[str], totals: dict[str, str] | None = None
) -> list[set[str]]:
    """Which cells to hide, per row. `totals` maps a count column to the row-total column it
    is part of (for the complementary rule)."""
    totals = totals or {}
    hidden: list[set[str]] = [set() for _ in rows]
    for i, row in enumerate(rows):
        for column in count_columns:
            value = row[column]
            if _small(value):
                hidden[i].add(column)
            total_column = totals.get(column)
            if total_column and _small(row[total_column] - value):
                hidden[i].add(column)
    for column in count_columns:
        cells = [i for i, h in enumerate(hidden) if column in h]
        if len(cells) == 1 and len(rows) > 1:
            others = sorted(
                (rows[i][column], i)
                for i in range(len(rows))
                if i not in cells and rows[i][column] > 0
            )
            if others:
                hidden[others[0][1]].add(column)
    return hidden


def display(value: object, column: str, hidden: set[str], primary_small: bool = True) -> str:
    if column in hidden:
        return FEWER_THAN_5 if isinstance(value, int) and _small(value) else SUPPRESSED
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
