"""Small-number suppression for everything Alongside publishes: the one module for the whole
product (pages, charts, tables, PDF, spreadsheets, the API, the steering and network reports,
the linkage report). Pure Python, no Django, so the linkage engine uses it too
(`alongside.linkage.suppression` re-exports).

Primary: a count from 1 to 4 is shown as 'fewer than 5'. Secondary: more counts are hidden
('suppressed') until no hidden count can be worked out from what is published.

- The impact reports (and everything made from them) go through `publish_tables`: one pass
  over all the linked tables of a report, with their totals, the figures they share, the sums
  and orders between them, and quantities never printed. See the notes above it.
- The linkage report uses `suppress` (within a table, with complements) and then `protect`
  (every sum a reader knows, by bounds).
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


# Linked tables: one pass over every output of a report. A report is a set of count tables: in
# each, the body rows may add up to a total row and the body columns to a total column (either
# may be missing). The tables are linked: a figure shown in two tables (the same key) is one
# count, a total in one is the sum of a breakdown in another (`sums`, e.g. attrition = 'the
# parent chose to end' + 'lost touch' of the endings table), and a figure may never be more
# than another (`at_most`, e.g. accepted <= referred). A part of a sum may be a quantity the
# report never prints (`unprinted(...)`, e.g. parents already in a phase when the period began).
# Charts are drawn from the published tables, so they add nothing a reader does not know.
#
# `publish_tables` decides every count of the report at once. A reader knows every published
# number, every sum and order between the figures, and that 'fewer than 5' is 1 to 4 and
# 'suppressed' is 0 or more. A hidden count is safe when there is another whole-number
# completion of the report, consistent with all of that, in which it differs: a 'witness'.
# For each hidden count we look for a witness that moves hidden counts by -1, 0 or +1 (in a
# table with its totals these are the cycles of the standard residual test, so there this is
# exact; across linked tables a witness is a proof that the count cannot be worked out, and
# when none is found within the search budget the count is treated as exposed, so the search
# errs towards hiding more). A count with no witness takes another count with it: the
# cheapest shown count in a sum with it that frees it (a count in a table's body before a
# total, a non-zero before a 0, then the smallest), else the cheapest beside it; with none
# left to hide, a 'fewer than 5' label that pins it is widened to 'suppressed'. Hidden counts
# only grow and bounds only widen, so a witness once found stays valid.

Equation = dict[Any, int]  # sum of weight * count == 0


@dataclass
class CountTable:
    """`cells[(row, column)]` is the key of each count (keys shared between tables are one
    count). `total_row` / `total_column`: the row (column) the others add up to, or None."""

    cells: dict[tuple[Any, Any], Any]
    rows: list
    columns: list
    total_row: Any = None
    total_column: Any = None

    def equations(self) -> list[Equation]:
        """The sums a reader knows: each row adds up to its total column, each column to its
        total row (with both, the grand total closes both ways)."""
        out = []
        if self.total_column is not None:
            for row in self.rows:
                out.append(
                    _equation(
                        self.cells[(row, self.total_column)],
                        [self.cells[(row, c)] for c in self.columns if c != self.total_column],
                    )
                )
        if self.total_row is not None:
            for column in self.columns:
                out.append(
                    _equation(
                        self.cells[(self.total_row, column)],
                        [self.cells[(r, column)] for r in self.rows if r != self.total_row],
                    )
                )
        return out


def _equation(whole, parts) -> Equation:
    """whole = sum(parts), as weights over counts."""
    out: Equation = {whole: 1}
    for part in parts:
        out[part] = out.get(part, 0) - 1
    return {k: w for k, w in out.items() if w}


class _Report:
    """The counts of one report, the sums and orders between them, and what is hidden."""

    def __init__(self, values: dict, equations: list[Equation], at_most: list[tuple]):
        self.values = values
        self.equations = [e for e in equations if len(e) > 1]
        self.at_most = [(a, b) for a, b in at_most if a != b]
        for equation in self.equations:
            if sum(w * values[k] for k, w in equation.items()) != 0:
                raise ValueError(f"A sum between the figures does not hold: {equation!r}")
        for a, b in self.at_most:
            if values[a] > values[b]:
                raise ValueError(f"{a!r} is more than {b!r}, declared at most")
        self.touching: dict[Any, list[tuple[str, int]]] = {}
        for i, equation in enumerate(self.equations):
            for key in equation:
                self.touching.setdefault(key, []).append(("eq", i))
        for i, pair in enumerate(self.at_most):
            for key in pair:
                self.touching.setdefault(key, []).append(("le", i))
        self.wholes = {k for e in self.equations for k, w in e.items() if w > 0}
        self.hidden = {k for k, v in values.items() if _small(v) or _is_unprinted(k)}
        self.vague: set = set()

    def labelled(self, key) -> bool:
        """Shown as 'fewer than 5': the reader knows it is 1 to 4."""
        return (
            key in self.hidden
            and _small(self.values[key])
            and key not in self.vague
            and not _is_unprinted(key)
        )

    def needs_witness(self, key) -> bool:
        return key in self.hidden and (not _is_unprinted(key) or _small(self.values[key]))

    def steps(self, key) -> tuple[int, ...]:
        """How far a witness may move `key`: 0 when it is shown."""
        if key not in self.hidden:
            return (0,)
        value = self.values[key]
        low, high = (1, 4) if self.labelled(key) else (0, _INF)
        return tuple(d for d in (0, 1, -1) if low <= value + d <= high)

    def cells_of(self, constraint: tuple[str, int]):
        kind, i = constraint
        return self.equations[i] if kind == "eq" else self.at_most[i]

    # The search for a witness: steps of -1, 0 or +1 on hidden counts that keep every sum and
    # order, with the target moved. Bounds are propagated over each sum; a branch is cut when
    # the budget runs out (then no witness: the caller hides more).

    def witness(self, target, budget: int = 3000) -> dict | None:
        left = [budget]
        for sign in (1, -1):
            if sign in self.steps(target):
                found = self._search({target: (sign,)}, [target], left)
                if found is not None:
                    return found
        return None

    def _domain(self, dom: dict, key) -> tuple[int, ...]:
        if key not in dom:
            dom[key] = self.steps(key)
        return dom[key]

    def _propagate(self, dom: dict, changed: list) -> bool:
        queue = [c for key in changed for c in self.touching.get(key, ())]
        queued = set(queue)
        while queue:
            constraint = queue.pop()
            queued.discard(constraint)
            narrowed = self._narrow(dom, constraint)
            if narrowed is None:
                return False
            for key in narrowed:
                for other in self.touching.get(key, ()):
                    if other not in queued:
                        queued.add(other)
                        queue.append(other)
        return True

    def _narrow(self, dom: dict, constraint) -> list | None:
        """Drop the steps no completion of `constraint` allows; None when none is left."""
        kind, i = constraint
        narrowed = []
        if kind == "le":
            a, b = self.at_most[i]
            slack = self.values[b] - self.values[a]
            da, db = self._domain(dom, a), self._domain(dom, b)
            keep_a = tuple(d for d in da if d <= slack + max(db))
            if not keep_a:
                return None
            keep_b = tuple(d for d in db if d >= min(keep_a) - slack)
            if not keep_b:
                return None
            for key, old, new in ((a, da, keep_a), (b, db, keep_b)):
                if new != old:
                    dom[key] = new
                    narrowed.append(key)
            return narrowed
        equation = self.equations[i]
        spans = {}
        low = high = 0
        for key, weight in equation.items():
            moves = [weight * d for d in self._domain(dom, key)]
            spans[key] = (min(moves), max(moves))
            low += spans[key][0]
            high += spans[key][1]
        if low > 0 or high < 0:
            return None
        for key, weight in equation.items():
            steps = dom[key]
            if len(steps) == 1:
                continue
            others_low, others_high = low - spans[key][0], high - spans[key][1]
            keep = tuple(d for d in steps if -others_high <= weight * d <= -others_low)
            if not keep:
                return None
            if keep != steps:
                dom[key] = keep
                narrowed.append(key)
        return narrowed

    def _broken(self, step: dict):
        """A sum or order the steps break, or None."""
        for key, d in step.items():
            if not d:
                continue
            for constraint in self.touching.get(key, ()):
                kind, i = constraint
                if kind == "eq":
                    if sum(w * step.get(k, 0) for k, w in self.equations[i].items()):
                        return constraint
                else:
                    a, b = self.at_most[i]
                    if self.values[a] + step.get(a, 0) > self.values[b] + step.get(b, 0):
                        return constraint
        return None

    def _search(self, dom: dict, changed: list, left: list) -> dict | None:
        if left[0] <= 0:
            return None
        left[0] -= 1
        if not self._propagate(dom, changed):
            return None
        step = {k: (0 if 0 in steps else steps[0]) for k, steps in dom.items()}
        broken = self._broken(step)
        if broken is None:
            return {k: d for k, d in step.items() if d}
        open_keys = [k for k in self.cells_of(broken) if len(self._domain(dom, k)) > 1]
        if not open_keys:
            return None
        key = min(open_keys, key=lambda k: (len(dom[k]), str(k)))
        # Try first the step that mends the broken sum, then standing still.
        if broken[0] == "eq":
            equation = self.equations[broken[1]]
            total = sum(w * step.get(k, 0) for k, w in equation.items())
            order = sorted(dom[key], key=lambda d: (total * equation[key] * d >= 0, d != 0))
        else:
            a, _ = self.at_most[broken[1]]
            order = sorted(dom[key], key=lambda d: d if key == a else -d)
        for d in order:
            branch = dict(dom)
            branch[key] = (d,)
            found = self._search(branch, [key], left)
            if found is not None:
                return found
        return None

    # Hiding more when a count has no witness.

    def near(self, target) -> list:
        """Shown counts in a sum or order with `target`; else with any hidden count linked to
        it through hidden counts."""
        beside = {
            k
            for c in self.touching.get(target, ())
            for k in self.cells_of(c)
            if k not in self.hidden
        }
        if beside:
            return sorted(beside, key=self._smallest_first)
        seen, stack, shown = {target}, [target], set()
        while stack:
            key = stack.pop()
            for c in self.touching.get(key, ()):
                for other in self.cells_of(c):
                    if other in seen:
                        continue
                    seen.add(other)
                    if other in self.hidden:
                        stack.append(other)
                    else:
                        shown.add(other)
        return sorted(shown, key=self._smallest_first)

    def _smallest_first(self, key):
        """Cheapest to hide first: a count in the body of a table before a total (a total is
        the whole of some sum), a non-zero count before a 0 (which can only move up), then
        the smallest."""
        value = self.values[key]
        return (key in self.wholes, value == 0, value, str(key))

    def component_labels(self, target) -> list:
        seen, stack = {target}, [target]
        while stack:
            key = stack.pop()
            for c in self.touching.get(key, ()):
                for other in self.cells_of(c):
                    if other not in seen and other in self.hidden:
                        seen.add(other)
                        stack.append(other)
        return sorted((k for k in seen if self.labelled(k)), key=str)

    def protect(self, target) -> set:
        """Hide one more count (or widen one label) for `target`: the counts now known safe
        (those its witness moves, if that frees it)."""
        candidates = self.near(target)
        for key in candidates[:8]:
            self.hidden.add(key)
            found = self.witness(target)
            if found is not None:
                return set(found)
            self.hidden.discard(key)
        if candidates:
            self.hidden.add(candidates[0])
            return set()
        labels = self.component_labels(target)
        if labels:
            self.vague.add(target if target in labels else labels[0])
            return set()
        # Every count linked to it is hidden and none is labelled: the reader has no number
        # to work from, only sums of unknowns that are 0 or more. Then doubling every count
        # is another completion, so only a count of 0 can be pinned (which names nobody);
        # the search ran out of budget. Nothing more to hide.
        return {target}


def publish_tables(
    values: dict[Any, int],
    tables: list[CountTable] = (),
    sums: list[tuple[Any, list]] = (),
    at_most: list[tuple[Any, Any]] = (),
) -> dict[Any, str]:
    """Every count of a report as published, decided in one pass over all its linked tables:
    its number; 'fewer than 5' for 1 to 4 (primary); or 'suppressed' for a count hidden so
    that no hidden count can be worked out from everything the report shows (secondary).
    A count of 0 is shown (it names nobody). `sums`: (whole, [parts]) between figures of
    different tables; `at_most`: (a, b) when a is never more than b. `values` gives every
    count, and every unprinted quantity named in a sum; those are never published."""
    equations = [e for table in tables for e in table.equations()]
    equations += [_equation(whole, parts) for whole, parts in sums]
    report = _Report(values, equations, list(at_most))
    safe: set = set()
    while True:
        waiting = sorted(
            (k for k in report.hidden if report.needs_witness(k) and k not in safe), key=str
        )
        pinned = None
        for key in waiting:
            if key in safe:
                continue
            found = report.witness(key)
            if found is None:
                pinned = key
                break
            safe.update(found)
        if pinned is None:
            break
        safe.update(report.protect(pinned))
    return {
        key: (
            str(value)
            if key not in report.hidden
            else (FEWER_THAN_5 if report.labelled(key) else SUPPRESSED)
        )
        for key, value in values.items()
        if not _is_unprinted(key)
    }


def is_number(text: str) -> bool:
    """Is this published count a number (not 'fewer than 5' or 'suppressed')?"""
    return text.isdigit()
