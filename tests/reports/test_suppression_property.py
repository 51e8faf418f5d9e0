"""Property: a report table published through `core.suppression.publish` shows no count from 1
to 4, and no hidden count can be worked out from what it shows.

The reader here is exact and written apart from the module it checks: a table with its row,
column and grand totals is a circulation (rows -> columns -> the grand total -> rows), every
published number fixes a flow, 'fewer than 5' bounds one to 1..4 and 'suppressed' to 0 or more.
A hidden count can be worked out exactly when no cycle of hidden cells lets it move (the
standard residual-graph test, exact because such tables are totally unimodular).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.core.suppression import FEWER_THAN_5, SUPPRESSED, CountTable, publish_tables

INF = float("inf")


def build(table: list[list[int]]):
    rows = [*range(len(table)), "total"]
    columns = [*range(len(table[0])), "total"]
    values = {}
    for i, row in enumerate(table):
        for j, value in enumerate(row):
            values[(i, j)] = value
        values[(i, "total")] = sum(row)
    for j in range(len(table[0])):
        values[("total", j)] = sum(row[j] for row in table)
    values[("total", "total")] = sum(map(sum, table))
    table = CountTable(
        {key: key for key in values}, rows, columns, total_row="total", total_column="total"
    )
    return values, [table]


def edges(values):
    """Each cell as an edge of the circulation: (from, to)."""
    out = {}
    for i, j in values:
        if i != "total" and j != "total":
            out[(i, j)] = (("r", i), ("c", j))
        elif j == "total" and i != "total":
            out[(i, j)] = ("h2", ("r", i))
        elif i == "total" and j != "total":
            out[(i, j)] = (("c", j), "h1")
        else:
            out[(i, j)] = ("h1", "h2")
    return out


def reachable(arcs, start, goal) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in arcs.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def can_move(cell, values, published) -> bool:
    ends = edges(values)
    bounds = {}
    for key, text in published.items():
        if text == FEWER_THAN_5:
            bounds[key] = (1, 4)
        elif text == SUPPRESSED:
            bounds[key] = (0, INF)
    arcs: dict = {}
    for key, (low, high) in bounds.items():
        if key == cell:
            continue
        a, b = ends[key]
        if values[key] < high:
            arcs.setdefault(a, set()).add(b)
        if values[key] > low:
            arcs.setdefault(b, set()).add(a)
    low, high = bounds[cell]
    a, b = ends[cell]
    up = values[cell] < high and reachable(arcs, b, a)
    down = values[cell] > low and reachable(arcs, a, b)
    return up or down


small_tables = st.integers(1, 4).flatmap(
    lambda n_cols: st.lists(
        st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=n_cols, max_size=n_cols
        ),
        min_size=1,
        max_size=5,
    )
)


@settings(max_examples=400, deadline=None)
@given(small_tables)
def test_no_small_count_is_printed_and_no_hidden_count_can_be_worked_out(table):
    values, relations = build(table)
    published = publish_tables(values, relations)
    for key, text in published.items():
        value = values[key]
        if text.isdigit():
            assert int(text) == value and not 1 <= value <= 4
        elif text == FEWER_THAN_5:
            assert 1 <= value <= 4  # the label is true
        else:
            assert text == SUPPRESSED
        if not text.isdigit():
            assert can_move(key, values, published), (table, key, published)


def test_a_lone_small_cell_takes_others_with_it():
    values, relations = build([[3, 20], [30, 40]])
    published = publish_tables(values, relations)
    assert published[(0, 0)] == FEWER_THAN_5
    hidden = [k for k, t in published.items() if not t.isdigit()]
    assert len(hidden) >= 4  # a 2x2 block at least: its row and column sums cannot pin it
