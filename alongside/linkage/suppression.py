"""Small-number suppression for published tables.

Primary: a count from 1 to 4 is shown as 'fewer than 5'. Complementary: a count is also
hidden when its complement within the row total (e.g. parents with one application =
all parents - parents with more than one) is from 1 to 4. Secondary: in a column with a
total, when only one cell is hidden the next smallest is hidden too, so the total cannot
reveal it. Then `protect` checks every sum a reader knows between the figures (across all the
tables of a report) and hides more until no hidden count can be worked out by subtraction.
A rate is shown only when both its numerator and its denominator are shown.
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
