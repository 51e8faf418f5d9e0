"""Every CSV Alongside writes goes through here, so that no cell runs as a formula when the file
is opened in a spreadsheet (CSV or formula injection).

Following the OWASP guidance on CSV injection, a text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading apostrophe: spreadsheets then show it as text. Numbers
and dates are written as they are (a negative number is not a formula); text that merely looks
like a negative number, such as '-3' typed into an extract, is text and is neutralised too.

Python writers use `writer` and `dict_writer`; DuckDB's `COPY ... TO` uses `duck.copy_csv`,
which applies `neutralise_sql` to every text column.
"""

import csv
from collections.abc import Iterable, Mapping
from typing import Any

# The first characters a spreadsheet reads as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """`value`, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_sql(expression: str) -> str:
    """The same rule as a DuckDB expression over a VARCHAR `expression`."""
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
    return (
        f"case when left({expression}, 1) in ({starts}) then chr(39) || {expression} "
        f"else {expression} end"
    )


class _SafeWriter:
    def __init__(self, inner):
        self._inner = inner

    def writerow(self, row: Iterable[Any]):
        return self._inner.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, inner: csv.DictWriter):
        self._inner = inner
        self.fieldnames = inner.fieldnames

    def writeheader(self):
        return self._inner.writeheader()

    def writerow(self, row: Mapping[str, Any]):
        return self._inner.writerow({k: neutralise(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle, **options) -> _SafeWriter:
    """`csv.writer`, every cell neutralised."""
    return _SafeWriter(csv.writer(handle, **options))


def dict_writer(handle, fieldnames, **options) -> _SafeDictWriter:
    """`csv.DictWriter`, every cell neutralised (headings are ours, written as they are)."""
    return _SafeDictWriter(csv.DictWriter(handle, fieldnames=fieldnames, **options))
