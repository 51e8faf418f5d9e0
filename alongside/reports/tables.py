"""A report as published: sections of tables, every count through the one suppression module.

Selectors build `Table`s of raw figures, each saying how its counts link to the others (its
totals, figures shared with other tables, sums and orders across tables, quantities never
printed); `publish` turns the whole report into text in one suppression pass over all of them
(`alongside.core.suppression.publish_tables`), so that a count hidden in one table is hidden
wherever it appears and no hidden count can be worked out from everything the report shows.
Every output (page, chart, PDF, spreadsheet, API, steering and network reports) is made from
the `PublishedReport`, never from the raw figures: a chart draws only the published cells.
A measure worked out from counts (a median, a rate, an interval) is shown only when the counts
it rests on are shown as numbers and are 5 or more.
"""

from dataclasses import dataclass, field
from typing import Any

from alongside.core.suppression import CountTable, publish_tables, unprinted

NOT_SHOWN = "not shown (fewer than 5)"


@dataclass
class Table:
    key: str
    title: str
    row_heading: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[tuple[str, str]]  # (key, label)
    # Counts: {(row, column): int}; measures: {(row, column): (value, [count cells it rests on])}
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    measures: dict[tuple[str, str], tuple[Any, list]] = field(default_factory=dict)
    # Text cells that are neither (a threshold, a category of the comparison).
    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    total_row: str | None = None
    total_column: str | None = None
    # A count that is the same figure as one in another table: {(row, column): shared key}.
    shared: dict[tuple[str, str], str] = field(default_factory=dict)
    # Links a reader knows beyond the totals, each count named as a cell of this table
    # (row, column) or as another table's key ((table, row, column), or its shared key):
    # sums (whole, [parts]) and orders (a, b): a is never more than b.
    sums: list[tuple[Any, list]] = field(default_factory=list)
    at_most: list[tuple[Any, Any]] = field(default_factory=list)
    # Quantities in those sums that are never printed: {name: value} (see `hidden_key`).
    unprinted: dict[str, int] = field(default_factory=dict)
    note: str = ""
    chart: str = ""  # the column charted (a count), or "" for none
    chart_kind: str = "bar"

    def key_of(self, cell: tuple[str, str]) -> Any:
        return self.shared.get(cell, (self.key, *cell))

    def hidden_key(self, name: str) -> Any:
        """The key of a quantity this table never prints."""
        return unprinted(self.key, name)

    def ref(self, cell: Any) -> Any:
        """A count named in a link: a cell of this table, or a key as it is."""
        return self.key_of(cell) if cell in self.counts else cell

    def count_table(self) -> CountTable | None:
        if self.total_row is None and self.total_column is None:
            return None
        count_columns = [
            c for c, _ in self.columns if any((r, c) in self.counts for r, _ in self.rows)
        ]
        rows = [r for r, _ in self.rows]
        cells = {
            (r, c): self.key_of((r, c))
            for r in rows
            for c in count_columns
            if (r, c) in self.counts
        }
        if len(cells) != len(rows) * len(count_columns):
            return None
        return CountTable(cells, rows, count_columns, self.total_row, self.total_column)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    intro: str = ""


@dataclass
class PublishedTable:
    table: Table
    # [(row label, [cell text per column])]
    rows: list[tuple[str, list[str]]]
    # For a chart: [(label, the value, or the table's words when it is not shown)]
    chart_values: list[tuple[str, float | str]]


@dataclass
class PublishedReport:
    title: str
    period: str
    filters: list[tuple[str, str]]
    sections: list[tuple[Section, list[PublishedTable]]]
    notes: list[str]
    cells: dict[Any, str]

    def figure(self, table_key: str, row: str, column: str) -> str:
        """One published figure (tests and exports read figures by name)."""
        for _, tables in self.sections:
            for published in tables:
                if published.table.key == table_key:
                    rows = [r for r, _ in published.table.rows]
                    columns = [c for c, _ in published.table.columns]
                    return published.rows[rows.index(row)][1][columns.index(column)]
        raise KeyError(table_key)


def _format(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def publish(
    title: str,
    period: str,
    filters: list[tuple[str, str]],
    sections: list[Section],
    notes: list[str] = (),
) -> PublishedReport:
    values: dict[Any, int] = {}
    count_tables, sums, at_most = [], [], []
    for section in sections:
        for table in section.tables:
            for cell, value in table.counts.items():
                values[table.key_of(cell)] = int(value)
            for name, value in table.unprinted.items():
                values[table.hidden_key(name)] = int(value)
            count_table = table.count_table()
            if count_table is not None:
                count_tables.append(count_table)
            sums += [
                (table.ref(whole), [table.ref(p) for p in parts]) for whole, parts in table.sums
            ]
            at_most += [(table.ref(a), table.ref(b)) for a, b in table.at_most]
    named = {k for whole, parts in sums for k in (whole, *parts)} | {
        k for pair in at_most for k in pair
    }
    if named - values.keys():
        raise KeyError(f"Links name counts the report does not have: {named - values.keys()!r}")
    # One pass over every table of the report: all outputs are made from these cells.
    cells = publish_tables(values, count_tables, sums, at_most)

    def usable(keys: list) -> bool:
        return all(cells[k].isdigit() and int(cells[k]) >= 5 for k in keys)

    published_sections = []
    for section in sections:
        published_tables = []
        for table in section.tables:
            rows = []
            chart_values = []
            for row, label in table.rows:
                texts = []
                for column, _ in table.columns:
                    cell = (row, column)
                    if cell in table.counts:
                        texts.append(cells[table.key_of(cell)])
                    elif cell in table.measures:
                        value, rests_on = table.measures[cell]
                        keys = [
                            k if not isinstance(k, tuple) or len(k) != 2 else table.key_of(k)
                            for k in rests_on
                        ]
                        texts.append(_format(value) if usable(keys) else NOT_SHOWN)
                    else:
                        texts.append(table.texts.get(cell, ""))
                rows.append((label, texts))
                if table.chart and row != table.total_row:
                    text = texts[[c for c, _ in table.columns].index(table.chart)]
                    chart_values.append((label, float(text) if _numeric(text) else text))
            published_tables.append(PublishedTable(table, rows, chart_values))
        published_sections.append((section, published_tables))
    return PublishedReport(title, period, filters, published_sections, list(notes), cells)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
