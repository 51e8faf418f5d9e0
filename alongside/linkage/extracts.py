"""Reading extracts (CSV in UTF-8 or Windows-1252, Excel, Parquet) into DuckDB, checked.

Every row either loads or goes to a quarantine file with the reasons; nothing is dropped
without a word. Missing required columns are named together in one error.
"""

import codecs
import csv
import datetime as dt
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import duckdb
import pyarrow as pa

from .duck import copy_csv, literal, quote, run, scalar
from .errors import InputError
from .mapping import Mapping, missing_columns

MAX_PARENT_AGE = 70
MIN_PARENT_AGE = 12


@dataclass
class LoadReport:
    """What happened to one extract."""

    path: Path
    kind: str
    rows_read: int
    rows_loaded: int
    quarantined: int
    quarantine_file: Path | None
    encoding: str
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.path.name}: {self.rows_read} rows read, {self.rows_loaded} loaded"
        if self.quarantined:
            text += f", {self.quarantined} quarantined to {self.quarantine_file}"
        return text


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    return True


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, table: str, work: Path) -> str:
    encoding = "utf-8"
    source = path
    if not _is_utf8(path):
        encoding = "windows-1252"
        source = work / (path.stem + ".utf8.csv")
        with (
            path.open("r", encoding="cp1252", errors="replace", newline="") as inp,
            source.open("w", encoding="utf-8", newline="") as out,
        ):
            while chunk := inp.read(1 << 20):
                out.write(chunk)
    run(
        con,
        f"create or replace table {table} as select * from read_csv({literal(str(source))}, "  # noqa: S608  # nosec B608
        "all_varchar=true, header=true, auto_detect=true, null_padding=true, "
        "strict_mode=false, normalize_names=false)",
    )
    return encoding


def _excel_cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_excel(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(cell is None for cell in header):
        workbook.close()
        raise InputError(f"{path.name} is empty: its first sheet has no heading row.")
    names = [
        str(cell).strip() if cell is not None else f"column_{i + 1}"
        for i, cell in enumerate(header)
    ]
    columns: list[list[str | None]] = [[] for _ in names]
    for row in rows:
        if row is None or all(cell is None for cell in row):
            continue
        for i in range(len(names)):
            columns[i].append(_excel_cell(row[i]) if i < len(row) else None)
    workbook.close()
    arrow = pa.table(
        {name: pa.array(values, pa.string()) for name, values in zip(names, columns, strict=True)}
    )
    con.register("__excel_in", arrow)
    run(con, f"create or replace table {table} as select * from __excel_in")  # noqa: S608  # nosec B608
    con.unregister("__excel_in")


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> None:
    run(con, f"create or replace table {table} as select * from read_parquet({literal(str(path))})")  # noqa: S608  # nosec B608
    casts = ", ".join(
        f"cast({quote(name)} as varchar) as {quote(name)}"
        for (name,) in run(con, f"select column_name from (describe {table})")  # noqa: S608  # nosec B608
    )
    run(con, f"create or replace table {table} as select {casts} from {table}")  # noqa: S608  # nosec B608


def read_raw(con: duckdb.DuckDBPyConnection, path: Path, table: str, work: Path) -> str:
    """Load any supported file as text columns. Returns the encoding used."""
    if not path.exists():
        raise InputError(f"The file {path} does not exist.")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name} is empty: there is nothing to link.")
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _read_csv(con, path, table, work)
        if suffix in (".xlsx", ".xlsm"):
            _read_excel(con, path, table)
            return "excel"
        if suffix in (".parquet", ".pq"):
            _read_parquet(con, path, table)
            return "parquet"
    except duckdb.Error as error:
        raise InputError(f"{path.name} could not be read as {suffix[1:]}: {error}") from error
    raise InputError(
        f"{path.name}: Alongside reads .csv, .xlsx and .parquet files, not '{suffix or 'no extension'}'."
    )


# How much of a CSV is read for its heading row (a heading row longer than this is not real).
HEADING_BYTES = 1 << 16
SAVE_AS_CSV = "Save it from the spreadsheet as 'CSV UTF-8' and upload it again."


@dataclass(frozen=True)
class Headings:
    """An extract's heading row, read before anything else is done with the file."""

    names: list[str]
    encoding: str  # utf-8, windows-1252, excel or parquet


def read_headings(handle: BinaryIO, name: str) -> Headings:
    """The heading row of an extract opened as `handle`, checked: the file can be read as what
    its name says, it is not empty, and it has rows under its headings. `name` is the file's
    own name, used in every message (the file itself may be stored under another name)."""
    suffix = Path(name).suffix.lower()
    handle.seek(0)
    try:
        if suffix in (".csv", ".txt"):
            return _csv_headings(handle, name)
        if suffix in (".xlsx", ".xlsm"):
            return _excel_headings(handle, name)
        if suffix in (".parquet", ".pq"):
            return _parquet_headings(handle, name)
    finally:
        handle.seek(0)
    raise InputError(
        f"{name}: Alongside reads .csv, .xlsx and .parquet files, not '{suffix or 'no extension'}'."
    )


def _text_encoding(handle: BinaryIO, name: str) -> str:
    """UTF-8 if the whole file is UTF-8, else Windows-1252 if it is that (as `_read_csv`)."""
    start = handle.read(4)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} is saved as UTF-16 ('Unicode text'), not as CSV. {SAVE_AS_CSV}")
    for encoding in ("utf-8", "cp1252"):
        handle.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := handle.read(1 << 20):
                if b"\x00" in chunk:
                    raise InputError(f"{name} is named .csv but is not a text file. {SAVE_AS_CSV}")
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return "utf-8" if encoding == "utf-8" else "windows-1252"
    raise InputError(
        f"{name} is not saved as UTF-8 or Windows-1252 text, so its letters cannot be read. "
        + SAVE_AS_CSV
    )


def _csv_headings(handle: BinaryIO, name: str) -> Headings:
    encoding = _text_encoding(handle, name)
    handle.seek(0)
    raw = handle.read(HEADING_BYTES)
    whole = len(raw) < HEADING_BYTES
    decoder = codecs.getincrementaldecoder("utf-8-sig" if encoding == "utf-8" else "cp1252")()
    text = decoder.decode(raw, final=whole)
    if not text.strip():
        raise InputError(f"{name} is empty: there is nothing to link.")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(",;\t|", key=first_line.count) if first_line else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(rows, [])
    names = [cell.strip() for cell in header]
    if not any(names):
        raise InputError(f"{name} has no heading row: its first line is blank.")
    has_rows = any(any(cell.strip() for cell in row) for row in rows)
    if whole and not has_rows:
        raise InputError(f"{name} has headings but no rows: there is nothing to link.")
    return Headings(names=[n for n in names if n], encoding=encoding)


def _excel_headings(handle: BinaryIO, name: str) -> Headings:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise InputError(
            f"{name} could not be opened as an Excel file. Save it again from Excel, or as "
            "'CSV UTF-8', and upload it again."
        ) from error
    try:
        if not workbook.worksheets:
            raise InputError(f"{name} is empty: it has no sheets.")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(cell is None or not str(cell).strip() for cell in header):
            raise InputError(f"{name} is empty: its first sheet has no heading row.")
        has_rows = any(row is not None and any(cell is not None for cell in row) for row in rows)
    finally:
        workbook.close()
    if not has_rows:
        raise InputError(f"{name} has headings but no rows: there is nothing to link.")
    names = [str(cell).strip() for cell in header if cell is not None and str(cell).strip()]
    return Headings(names=names, encoding="excel")


def _parquet_headings(handle: BinaryIO, name: str) -> Headings:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(handle)
    except Exception as error:  # noqa: BLE001 - pyarrow raises many kinds for a bad file
        raise InputError(f"{name} could not be opened as a Parquet file.") from error
    if parquet.metadata.num_rows == 0:
        raise InputError(f"{name} has headings but no rows: there is nothing to link.")
    return Headings(names=list(parquet.schema_arrow.names), encoding="parquet")


def _date_sql(column: str, formats: tuple[str, ...]) -> str:
    tries = ", ".join(f"try_strptime(trim({column}), {literal(f)})" for f in formats)
    return f"cast(coalesce({tries}) as date)"


def _blank(column: str) -> str:
    return f"({column} is null or trim({column}) = '')"


def load_extract(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    mapping: Mapping,
    table: str,
    quarantine_dir: Path | str | None = None,
    today: dt.date | None = None,
) -> LoadReport:
    """Read `path`, map its columns, check every row, and create `table` with clean rows.

    Rows that cannot be used are written with their problems to
    `<quarantine_dir>/<file stem>.quarantine.csv`.
    """
    path = Path(path)
    kind = mapping.kind
    today = today or dt.date.today()
    raw = f"__raw_{table}"
    with tempfile.TemporaryDirectory(prefix="alongside-linkage-") as work:
        run(con, "set preserve_insertion_order=true")
        try:
            encoding = read_raw(con, path, raw, Path(work))
        finally:
            run(con, "set preserve_insertion_order=false")
    headings = {
        name.strip().lower(): name
        for (name,) in run(con, f"select column_name from (describe {raw})")  # noqa: S608  # nosec B608
    }
    absent = set(missing_columns(mapping, headings.values()))
    missing = [
        f"{column} (heading '{mapping.heading_for(column)}')"
        for column in kind.required
        if mapping.heading_for(column) in absent
    ]
    if missing:
        run(con, f"drop table {raw}")
        raise InputError(
            f"{path.name} is missing required columns: {'; '.join(missing)}. "
            "Check the headings in the file or the column mapping."
        )
    rows_read = scalar(con, f"select count(*) from {raw}")  # noqa: S608  # nosec B608
    if rows_read == 0:
        run(con, f"drop table {raw}")
        raise InputError(f"{path.name} has headings but no rows: there is nothing to link.")

    selects = []
    for column in kind.columns:
        heading = mapping.columns.get(column, column).strip().lower()
        source = quote(headings[heading]) if heading in headings else "cast(null as varchar)"
        selects.append(f"nullif(trim({source}), '') as {column}")
    run(
        con,
        f"create or replace table __mapped as select row_number() over () + 1 as source_line, "  # noqa: S608  # nosec B608
        f"{', '.join(selects)} from {raw}",
    )
    run(con, f"drop table {raw}")

    problems = []
    typed = []
    for column in kind.columns:
        if column in kind.dates:
            parsed = _date_sql(column, mapping.date_formats)
            typed.append(f"{parsed} as {column}")
            problems.append(
                f"case when {column} is not null and {parsed} is null then "
                f"'{column}: cannot read the date ''' || {column} || '''' end"
            )
        else:
            typed.append(column)
    for column in kind.needs_value:
        problems.append(f"case when {_blank(column)} then '{column}: missing' end")
    for column in kind.columns:
        if column.endswith("nhs_number"):
            digits = f"regexp_replace({column}, '[^0-9]', '', 'g')"
            problems.append(
                f"case when {column} is not null and length({digits}) <> 10 then "
                f"'{column}: an NHS number has 10 digits, not ''' || {column} || '''' end"
            )
    run(
        con,
        f"create or replace table __typed as select source_line, "  # noqa: S608  # nosec B608
        f"list_filter([{', '.join(problems)}], lambda p: p is not null) as problems, "
        f"{', '.join(typed)}, {', '.join(f'{c} as raw_{c}' for c in kind.columns)} from __mapped",
    )
    run(con, "drop table __mapped")
    _add_impossible_value_checks(con, kind.name, today)
    run(
        con,
        f"""create or replace table __typed as select * replace (
            case when count(*) over (partition by {kind.key}) > 1
                      and row_number() over (partition by {kind.key} order by source_line) > 1
                 then list_append(problems, '{kind.key}: appears more than once (first kept)')
                 else problems end as problems)
        from __typed""",  # noqa: S608  # nosec B608
    )
    quarantined = scalar(con, "select count(*) from __typed where len(problems) > 0")
    quarantine_file = None
    if quarantined:
        qdir = Path(quarantine_dir) if quarantine_dir else path.parent
        qdir.mkdir(parents=True, exist_ok=True)
        quarantine_file = qdir / f"{path.stem}.quarantine.csv"
        raw_cols = ", ".join(f"raw_{c} as {c}" for c in kind.columns)
        copy_csv(
            con,
            f"select source_line, array_to_string(problems, '; ') as problems, {raw_cols} "  # noqa: S608  # nosec B608
            "from __typed where len(problems) > 0",
            quarantine_file,
            order_by=("source_line",),
        )
    run(
        con,
        f"create or replace table {table} as select source_line, "  # noqa: S608  # nosec B608
        f"{', '.join(kind.columns)} from __typed where len(problems) = 0",
    )
    run(con, "drop table __typed")
    rows_loaded = scalar(con, f"select count(*) from {table}")  # noqa: S608  # nosec B608
    report = LoadReport(
        path=path,
        kind=kind.name,
        rows_read=rows_read,
        rows_loaded=rows_loaded,
        quarantined=quarantined,
        quarantine_file=quarantine_file,
        encoding=encoding,
    )
    if encoding == "windows-1252":
        report.notes.append(f"{path.name} was read as Windows-1252 (it is not UTF-8).")
    return report


def _add_impossible_value_checks(con: duckdb.DuckDBPyConnection, kind: str, today: dt.date) -> None:
    checks: list[str] = []
    t = literal(today.isoformat())
    if kind == "applications":
        for parent in ("mother", "father"):
            dob = f"{parent}_dob"
            checks += [
                f"case when {dob} > date {t} then '{dob}: in the future' end",
                f"case when {dob} is not null and issue_date is not null and "
                f"date_diff('year', {dob}, issue_date) < {MIN_PARENT_AGE} then "
                f"'{dob}: the {parent} would be under {MIN_PARENT_AGE} at the issue date' end",
                f"case when {dob} is not null and issue_date is not null and "
                f"date_diff('year', {dob}, issue_date) > {MAX_PARENT_AGE} then "
                f"'{dob}: the {parent} would be over {MAX_PARENT_AGE} at the issue date' end",
            ]
        checks += [
            f"case when issue_date > date {t} then 'issue_date: in the future' end",
            "case when final_order_date < issue_date then "
            "'final_order_date: before the issue date' end",
            f"case when child_dob > date {t} + interval 300 day then "
            "'child_dob: too far in the future' end",
        ]
    else:
        checks += [
            f"case when dob > date {t} then 'dob: in the future' end",
            f"case when dob < date {t} - interval {MAX_PARENT_AGE} year then "
            f"'dob: over {MAX_PARENT_AGE} years ago' end",
        ]
    if kind == "midwifery_bookings":
        checks.append(
            "case when expected_due_date < booking_date then "
            "'expected_due_date: before the booking date' end"
        )
    run(
        con,
        "create or replace table __typed as select * replace (list_concat(problems, "  # noqa: S608  # nosec B608
        f"list_filter([{', '.join(checks)}], lambda p: p is not null)) as problems) from __typed",
    )
