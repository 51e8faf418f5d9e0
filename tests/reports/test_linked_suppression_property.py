"""Property: across every output of a report, no hidden count can be worked out.

A report's tables are linked: two breakdowns of the same people share their totals, a figure
in one table is the sum of cells of another, one figure is never more than another, and a
figure may be a printed cell plus something never printed. `core.suppression.publish_tables`
decides them all in one pass. Here random people are counted into such a report, and an
attacker written apart from the module (it never calls it, and shares none of its code) tries
to recover every hidden count from everything published:

1. rank: exact linear algebra (fractions) over the unknowns of every sum a reader knows: a
   hidden count whose unit vector lies in the row space of the sums is determined;
2. bounds: 'fewer than 5' is 1 to 4, 'suppressed' is 0 or more; each sum and order narrows
   each unknown's range, repeated until nothing changes;
3. every completion: when the ranges from 2 are finite and few, each whole-number value of the
   free unknowns of 1 is tried and the others solved for; a hidden count that takes a single
   value in every completion consistent with all the figures is recovered.

It must never recover a hidden count (nor an unprinted quantity from 1 to 4).
"""

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.core.suppression import (
    FEWER_THAN_5,
    SUPPRESSED,
    CountTable,
    publish_tables,
    unprinted,
)

INF = float("inf")
T = "total"

# One person: (ethnic group, age band, sex, stage reached, a flag).
people = st.integers(1, 3).flatmap(
    lambda groups: st.integers(1, 3).flatmap(
        lambda stages: st.tuples(
            st.just(groups),
            st.just(stages),
            st.lists(
                st.tuples(
                    st.integers(0, groups - 1),
                    st.integers(0, 2),
                    st.integers(0, 1),
                    st.integers(0, stages - 1),
                    st.booleans(),
                ),
                max_size=30,
            ),
        )
    )
)


def count(crowd, test) -> int:
    return sum(1 for person in crowd if test(*person))


def linked_report(groups: int, stages: int, crowd):
    """The figures of a small report, the tables and links as the module takes them, and the
    same links written out independently for the attacker (as lists of equations)."""
    values = {}
    # A: ethnic group x stage, totals both ways. B: age band x stage, sharing A's stage totals.
    for g in range(groups):
        for s in range(stages):
            values[("A", g, s)] = count(
                crowd, lambda e, a, x, st_, f, g=g, s=s: e == g and st_ == s
            )
        values[("A", g, T)] = count(crowd, lambda e, a, x, st_, f, g=g: e == g)
    for b in range(3):
        for s in range(stages):
            values[("B", b, s)] = count(
                crowd, lambda e, a, x, st_, f, b=b, s=s: a == b and st_ == s
            )
        values[("B", b, T)] = count(crowd, lambda e, a, x, st_, f, b=b: a == b)
    for s in range(stages):
        values[("stage", s)] = count(crowd, lambda e, a, x, st_, f, s=s: st_ == s)
    values[("all",)] = len(crowd)
    # C: sex, a one-column table adding up to everyone (the same grand total).
    for x in range(2):
        values[("C", x)] = count(crowd, lambda e, a, x_, st_, f, x=x: x_ == x)
    # D: a figure elsewhere that is the sum of two cells of A (like attrition in endings).
    d_parts = [("A", 0, s) for s in range(min(stages, 2))]
    values[("D",)] = sum(values[p] for p in d_parts)
    # F: never more than A's first cell (like 'engaged' within 'accepted').
    values[("F",)] = count(crowd, lambda e, a, x, st_, f: e == 0 and st_ == 0 and f)
    # G: group 0 or flagged = A's first row total + the flagged others (never printed).
    u = unprinted("flagged elsewhere")
    values[u] = count(crowd, lambda e, a, x, st_, f: e != 0 and f)
    values[("G",)] = values[("A", 0, T)] + values[u]

    a_rows, b_rows, columns = [*range(groups), T], [*range(3), T], [*range(stages), T]

    def key(table, row, column):
        if row == T:
            return ("all",) if column == T else ("stage", column)
        return (table, row, column)

    tables = [
        CountTable(
            {(r, c): key(name, r, c) for r in rows for c in columns},
            rows,
            columns,
            total_row=T,
            total_column=T,
        )
        for name, rows in (("A", a_rows), ("B", b_rows))
    ]
    tables.append(
        CountTable(
            {**{(x, "n"): ("C", x) for x in range(2)}, (T, "n"): ("all",)},
            [0, 1, T],
            ["n"],
            total_row=T,
        )
    )
    sums = [(("D",), d_parts), (("G",), [("A", 0, T), u])]
    at_most = [(("F",), ("A", 0, 0))]

    # The attacker's own list: each equation as {unknown or known: weight}, summing to zero.
    equations = []
    for name, rows in (("A", range(groups)), ("B", range(3))):
        for r in rows:
            equations.append({key(name, r, T): -1, **{key(name, r, s): 1 for s in range(stages)}})
        for s in [*range(stages), T]:
            equations.append({key(name, T, s): -1, **{key(name, r, s): 1 for r in rows}})
    equations.append({("all",): -1, ("C", 0): 1, ("C", 1): 1})
    equations.append({("D",): -1, **{p: 1 for p in d_parts}})
    equations.append({("G",): -1, ("A", 0, T): 1, u: 1})
    orders = [(("F",), ("A", 0, 0))]
    return values, tables, sums, at_most, equations, orders


# --- The attacker ------------------------------------------------------------------------------


def reader_bounds(published: dict, unknowns: list) -> dict:
    bounds = {}
    for k in unknowns:
        bounds[k] = (1, 4) if published.get(k) == FEWER_THAN_5 else (0, INF)
    return bounds


def rref(rows: list[list[Fraction]], width: int):
    """Reduced row echelon form of the augmented rows (the last column is the constant)."""
    rows = [r[:] for r in rows]
    pivots, top = [], 0
    for column in range(width):
        found = next((i for i in range(top, len(rows)) if rows[i][column] != 0), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        lead = rows[top][column]
        rows[top] = [x / lead for x in rows[top]]
        for i in range(len(rows)):
            if i != top and rows[i][column] != 0:
                factor = rows[i][column]
                rows[i] = [x - factor * y for x, y in zip(rows[i], rows[top], strict=True)]
        pivots.append(column)
        top += 1
    return rows[:top], pivots


def attack(values: dict, published: dict, equations: list, orders: list) -> dict:
    """What the attacker recovers: {cell: value} for each hidden count it pins exactly."""
    known = {k: int(t) for k, t in published.items() if t.isdigit()}
    unknowns = sorted(
        {k for e in equations for k in e if k not in known}
        | {k for k in published if k not in known},
        key=str,
    )
    index = {k: i for i, k in enumerate(unknowns)}
    recovered = {}

    # 1. Rank.
    rows = []
    for equation in equations:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for k, w in equation.items():
            if k in known:
                row[-1] -= w * known[k]
            else:
                row[index[k]] += w
        if any(row[:-1]):
            rows.append(row)
    reduced, pivots = rref(rows, len(unknowns))
    for row, pivot in zip(reduced, pivots, strict=True):
        if sum(1 for x in row[:-1] if x != 0) == 1:
            recovered[unknowns[pivot]] = row[-1]

    # 2. Bounds.
    bounds = reader_bounds(published, unknowns)

    def span(k):
        return (known[k], known[k]) if k in known else bounds[k]

    for _ in range(200):
        changed = False
        for equation in equations:
            for k, w in equation.items():
                if k in known:
                    continue
                # w * k = -(sum of the others); each other term's range, then k's.
                low = high = 0
                for other, v in equation.items():
                    if other != k:
                        a, b = span(other)
                        term = sorted((-v * a, -v * b))
                        low, high = low + term[0], high + term[1]
                new_low, new_high = sorted((low / w, high / w))
                old = bounds[k]
                tightened = (
                    max(old[0], -(-new_low // 1) if new_low != -INF else -INF),
                    min(old[1], new_high // 1 if new_high != INF else INF),
                )
                assert tightened[0] <= tightened[1], "the published figures contradict"
                if tightened != old:
                    bounds[k] = tightened
                    changed = True
        for small, big in orders:
            for k in (small, big):
                if k in known:
                    continue
                a, b = span(small), span(big)
                new = (
                    (bounds[k][0], min(bounds[k][1], b[1]))
                    if k == small
                    else (max(bounds[k][0], a[0]), bounds[k][1])
                )
                if new != bounds[k]:
                    bounds[k] = new
                    changed = True
        if not changed:
            break
    for k, (low, high) in bounds.items():
        if low == high:
            recovered.setdefault(k, low)

    # 3. Every completion, when the free unknowns' ranges are finite and few (5,000 completions at most).
    free = [k for i, k in enumerate(unknowns) if i not in pivots]
    ranges = [bounds[k] for k in free]
    if all(high != INF for _, high in ranges):
        size = 1
        for low, high in ranges:
            size *= int(high - low + 1)
        if size <= 5_000:
            seen = {k: set() for k in unknowns}
            solved = [
                (unknowns[pivot], row[-1], [(f, row[index[f]]) for f in free if row[index[f]]])
                for row, pivot in zip(reduced, pivots, strict=True)
            ]
            for choice in itertools.product(*(range(int(lo), int(hi) + 1) for lo, hi in ranges)):
                solution = dict(zip(free, choice, strict=True))
                for k, constant, terms in solved:
                    value = constant - sum(c * solution[f] for f, c in terms)
                    if value.denominator != 1 or not bounds[k][0] <= value <= bounds[k][1]:
                        break
                    solution[k] = int(value)
                else:
                    full = {**known, **solution}
                    if all(full[a] <= full[b] for a, b in orders):
                        for k in unknowns:
                            seen[k].add(solution[k])
            for k, options in seen.items():
                if len(options) == 1:
                    recovered.setdefault(k, next(iter(options)))
    return recovered


def protected_cells(values: dict, published: dict) -> list:
    hidden = [k for k, t in published.items() if not t.isdigit()]
    small_unprinted = [k for k, v in values.items() if k not in published and 1 <= v <= 4]
    return hidden + small_unprinted


@settings(max_examples=300, deadline=None)
@given(people)
def test_no_hidden_count_can_be_worked_out_across_linked_tables(drawn):
    groups, stages, crowd = drawn
    values, tables, sums, at_most, equations, orders = linked_report(groups, stages, crowd)
    published = publish_tables(values, tables, sums, at_most)
    assert not any(k[0] == "unprinted" for k in published)
    for key, text in published.items():
        value = values[key]
        if text.isdigit():
            assert int(text) == value and not 1 <= value <= 4, (key, text)
        elif text == FEWER_THAN_5:
            assert 1 <= value <= 4
        else:
            assert text == SUPPRESSED
    recovered = attack(values, published, equations, orders)
    leaks = {k: v for k, v in recovered.items() if k in protected_cells(values, published)}
    assert leaks == {}, (leaks, published)


def test_the_attacker_does_recover_what_a_per_table_rule_leaves_open():
    """The attacker is not toothless: attrition published as 8, with its two parts each
    'fewer than 5' in the endings table, gives them away (4 and 4)."""
    values = {"chose": 4, "lost": 4, "planned": 10, "moved": 10, "ended": 28, "attrition": 8}
    endings = CountTable(
        {
            ("chose", "n"): "chose",
            ("lost", "n"): "lost",
            ("planned", "n"): "planned",
            ("moved", "n"): "moved",
            (T, "n"): "ended",
        },
        ["chose", "lost", "planned", "moved", T],
        ["n"],
        total_row=T,
    )
    equations = [
        {"ended": -1, "chose": 1, "lost": 1, "planned": 1, "moved": 1},
        {"attrition": -1, "chose": 1, "lost": 1},
    ]
    # Each table on its own: the endings table's own secondary suppression.
    per_table = publish_tables(values, [endings])
    per_table["attrition"] = "8"
    assert attack(values, per_table, equations, []).get("chose") == 4
    # Both at once: nothing is recovered.
    linked = publish_tables(values, [endings], sums=[("attrition", ["chose", "lost"])])
    assert linked["chose"] == linked["lost"] == FEWER_THAN_5
    assert attack(values, linked, equations, []) == {}


def test_an_unprinted_quantity_from_1_to_4_is_not_left_derivable():
    """Parents in a phase = those there when the period began (never printed) + moves in."""
    start = unprinted("already there")
    values = {"in phase": 9, "moved in": 7, start: 2}
    published = publish_tables(values, sums=[("in phase", [start, "moved in"])])
    assert not (published["in phase"].isdigit() and published["moved in"].isdigit())
