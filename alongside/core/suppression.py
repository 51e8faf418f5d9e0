"""Small-number suppression for everything Alongside publishes: the one module for the whole
product (pages, charts, tables, PDF, spreadsheets, the linkage report, the network view). Pure
Python, no Django, so the linkage engine uses it too (`alongside.linkage.suppression` re-exports).

Primary: a count from 1 to 4 is shown as 'fewer than 5'. Complementary: a count is also
hidden when its complement within the row total (e.g. parents with one application =
all parents - parents with more than one) is from 1 to 4. Secondary: in a column with a
total, when only one cell is hidden the next smallest is hidden too, so the total cannot
reveal it. Then `protect` checks every sum a reader knows between the figures (across all the
tables of a report) and hides more until no hidden count can be worked out by subtraction.
A rate is shown only when both its numerator and its denominator are shown.
"""

from dataclasses import dataclass
from typing import Any

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


# Protecting hidden cells from subtraction. A reader knows sums that hold between published
# figures (a column adds up to a total shown in another table; a count and its complement make
# a row's total). `relations` lists them as {cell: coefficient} with the weighted sum zero; a
# cell named by `unprinted(...)` (such as 'parents with one application') is a quantity the
# report never prints. The reader's bounds on a hidden cell: 1 to 4 when it says 'fewer than
# 5', otherwise 0 upwards. From the shown cells and these bounds, each relation narrows the
# range of each unknown in it, repeated until nothing changes. Whenever a hidden cell, or an
# unprinted quantity from 1 to 4, comes out exactly, the smallest shown count in a relation
# that pins it is hidden too (or, with none left to hide, a 'fewer than 5' label in it is
# widened to 'suppressed'), and the check runs again.

Relation = dict[object, int]
_INF = float("inf")


def unprinted(*name: object) -> tuple:
    """The key of a quantity the report never prints (e.g. a count's complement)."""
    return ("unprinted", *name)


def _is_unprinted(cell: object) -> bool:
    return isinstance(cell, tuple) and bool(cell) and cell[0] == "unprinted"


def ranges(
    values: dict[object, int], shown: set, relations: list[Relation], vague: set = frozenset()
) -> dict[object, tuple[float, float]]:
    """What a reader can work out about each cell: its lowest and highest possible value.
    A hidden count is known to be 1 to 4 when labelled 'fewer than 5' (not when in `vague`)."""
    bounds: dict[object, tuple[float, float]] = {}
    for cell, value in values.items():
        if cell in shown:
            bounds[cell] = (value, value)
        elif _small(value) and not _is_unprinted(cell) and cell not in vague:
            bounds[cell] = (1, 4)
        else:
            bounds[cell] = (0, _INF)
    for _ in range(1000):
        changed = False
        for relation in relations:
            # Each term's range as -weight * cell; for a cell, weight * cell = sum of the others.
            terms = {}
            for cell, weight in relation.items():
                a, b = (-weight * x for x in bounds[cell])
                terms[cell] = (min(a, b), max(a, b))
            finite_low = sum(t[0] for t in terms.values() if t[0] != -_INF)
            finite_high = sum(t[1] for t in terms.values() if t[1] != _INF)
            open_low = sum(1 for t in terms.values() if t[0] == -_INF)
            open_high = sum(1 for t in terms.values() if t[1] == _INF)
            for cell, weight in relation.items():
                t_low, t_high = terms[cell]
                if t_low == -_INF:
                    low = finite_low if open_low == 1 else -_INF
                else:
                    low = finite_low - t_low if open_low == 0 else -_INF
                if t_high == _INF:
                    high = finite_high if open_high == 1 else _INF
                else:
                    high = finite_high - t_high if open_high == 0 else _INF
                low, high = sorted((low / weight, high / weight))
                old_low, old_high = bounds[cell]
                new = (max(old_low, _ceil(low)), min(old_high, _floor(high)))
                if new != (old_low, old_high):
                    bounds[cell] = new
                    changed = True
        if not changed:
            break
    return bounds


def _ceil(x: float) -> float:
    return x if abs(x) == _INF else float(-((-x) // 1))


def _floor(x: float) -> float:
    return x if abs(x) == _INF else float(x // 1)


def exposed(
    values: dict[object, int], shown: set, relations: list[Relation], vague: set = frozenset()
) -> list:
    """Hidden cells, and unprinted quantities from 1 to 4, that a reader can work out exactly."""
    bounds = ranges(values, shown, relations, vague)
    return [
        cell
        for cell, value in values.items()
        if cell not in shown
        and bounds[cell][0] == bounds[cell][1]
        and (not _is_unprinted(cell) or _small(value))
    ]


def protect(values: dict[object, int], shown: set, relations: list[Relation]) -> tuple[set, set]:
    """What to show, and which hidden counts from 1 to 4 to label 'suppressed' rather than
    'fewer than 5', so that no hidden count can be worked out. First a shown count is hidden
    (the smallest in a sum that pins a hidden one); when every count in those sums is hidden
    already, it is the 'fewer than 5' labels themselves that pin it, and one is widened."""
    shown, vague = set(shown), set()
    while leaks := exposed(values, shown, relations, vague):
        bounds = ranges(values, shown, relations, vague)
        pinned = [c for c, (lo, hi) in bounds.items() if lo == hi and c not in shown]
        if _hide_one_more(values, shown, relations, [*leaks, *pinned]):
            continue
        labelled = [
            c
            for cell in leaks
            for relation in relations
            if cell in relation
            for c in (cell, *relation)
            if c not in shown and c not in vague and _small(values[c]) and not _is_unprinted(c)
        ]
        if not labelled:  # cannot happen: a cell is pinned only by shown cells or labels
            raise AssertionError(f"cannot protect {leaks[0]!r}")
        vague.add(labelled[0])
    return shown, vague


def _hide_one_more(values: dict, shown: set, relations: list[Relation], cells: list) -> bool:
    for cell in cells:
        candidates = sorted(
            (values[c] == 0, values[c], str(c))
            for relation in relations
            if cell in relation
            for c in relation
            if c in shown
        )
        if candidates:
            by_name = {str(c): c for c in shown}
            shown.discard(by_name[candidates[0][2]])
            return True
    return False


# Report tables. A report is a set of count tables: in each, the body rows may add up to a total
# row and the body columns to a total column (either may be missing), and a figure shown in two
# tables (the same key) is one count. `publish_tables` decides what every count shows.
#
# Each table is checked exactly, as a reader who knows every sum would: a table with its totals
# is a circulation (rows -> columns -> the grand total -> rows; a missing total joins its side
# into one free node), a shown number fixes a flow, 'fewer than 5' bounds it to 1..4 and
# 'suppressed' to 0 or more. A hidden count can be worked out exactly when no cycle of hidden
# counts lets it move (tables like these are totally unimodular, so this test is exact). Until
# none can, the smallest shown count beside a pinned one (same row or column) is hidden too;
# when none is left, a 'fewer than 5' label that pins it is widened to 'suppressed'. A count
# hidden in one table is hidden in every table that shows it, and those tables are checked again.


@dataclass
class CountTable:
    """`cells[(row, column)]` is the key of each count (keys shared between tables are one
    count). `total_row` / `total_column`: the row (column) the others add up to, or None."""

    cells: dict[tuple[Any, Any], Any]
    rows: list
    columns: list
    total_row: Any = None
    total_column: Any = None

    def arcs(self) -> dict[Any, tuple[Any, Any]]:
        """Each count as an edge (from, to) of the table's circulation."""
        out = {}
        # With both totals the grand total joins the two hubs; with either missing, nothing
        # ties them, so they are one free node.
        both = self.total_row is not None and self.total_column is not None
        rows_hub, columns_hub = ("rows", "columns") if both else ("free", "free")
        for (row, column), key in self.cells.items():
            if row != self.total_row and column != self.total_column:
                start = ("row", row) if self.total_column is not None else rows_hub
                end = ("column", column) if self.total_row is not None else columns_hub
            elif row == self.total_row and column == self.total_column:
                start, end = columns_hub, rows_hub
            elif column == self.total_column:
                start, end = rows_hub, ("row", row)
            else:
                start, end = ("column", column), columns_hub
            out[key] = (start, end)
        return out


def _reachable(arcs: dict, start, goal) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for following in arcs.get(node, ()):
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return False


def _pinned(table: CountTable, values: dict, hidden: set, vague: set) -> list:
    """Hidden counts of `table` a reader can work out exactly."""
    ends = table.arcs()
    bounds = {}
    for key in ends:
        if key in hidden:
            labelled = _small(values[key]) and key not in vague
            bounds[key] = (1, 4) if labelled else (0, _INF)
    pinned = []
    for key, (low, high) in bounds.items():
        residual: dict = {}
        for other, (other_low, other_high) in bounds.items():
            if other == key:
                continue
            a, b = ends[other]
            if values[other] < other_high:
                residual.setdefault(a, set()).add(b)
            if values[other] > other_low:
                residual.setdefault(b, set()).add(a)
        a, b = ends[key]
        up = values[key] < high and _reachable(residual, b, a)
        down = values[key] > low and _reachable(residual, a, b)
        if not (up or down):
            pinned.append(key)
    return pinned


def _protect_table(table: CountTable, values: dict, hidden: set, vague: set) -> None:
    """Hide more of `table` (and widen labels) until no hidden count in it can be worked out."""
    position = {key: cell for cell, key in table.cells.items()}
    while pinned := _pinned(table, values, hidden, vague):
        key = pinned[0]
        row, column = position[key]
        shown = sorted(
            (not (r == row or c == column), values[other] == 0, values[other], str(other))
            for (r, c), other in table.cells.items()
            if other not in hidden
        )
        if shown:
            by_name = {str(other): other for other in table.cells.values()}
            # The smallest that lets it move on its own; else the smallest beside it.
            freeing = [
                c
                for c in shown
                if key not in _pinned(table, values, hidden | {by_name[c[3]]}, vague)
            ]
            hidden.add(by_name[(freeing or shown)[0][3]])
            continue
        labels = [
            other
            for (r, c), other in table.cells.items()
            if other in hidden and other not in vague and _small(values[other])
        ]
        if not labels:
            raise AssertionError(f"cannot protect {key!r}")
        # The label on the pinned count itself, or the nearest other one.
        vague.add(key if key in labels else labels[0])


def publish_tables(values: dict[Any, int], tables: list[CountTable] = ()) -> dict[Any, str]:
    """Every count as published: its number; 'fewer than 5' for 1 to 4 (primary); or
    'suppressed' for a count hidden so that no hidden count can be worked out from the sums
    between the tables' figures (secondary). A count of 0 is shown (it names nobody)."""
    hidden = {key for key, value in values.items() if _small(value)}
    vague: set = set()
    tables = list(tables)
    for _ in range(100):
        before = (len(hidden), len(vague))
        for table in tables:
            _protect_table(table, values, hidden, vague)
        if (len(hidden), len(vague)) == before:
            break
    return {
        key: str(value)
        if key not in hidden
        else (FEWER_THAN_5 if _small(value) and key not in vague else SUPPRESSED)
        for key, value in values.items()
    }


def is_number(text: str) -> bool:
    """Is this published count a number (not 'fewer than 5' or 'suppressed')?"""
    return text.isdigit()
