"""Every CSV Alongside writes neutralises cells a spreadsheet would run as a formula (OWASP CSV
injection): a text cell starting with = + - @, a tab or a carriage return gets a leading
apostrophe. One helper, `linkage.csv_safe`, is used by every writer."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import pytest

from alongside.linkage import csv_safe
from alongside.linkage.duck import connect, copy_csv
from alongside.linkage.extract_kinds import APPLICATIONS
from alongside.linkage.extracts import load_extract
from alongside.linkage.mapping import load_mapping
from alongside.linkage.recurrence_report import write_recurrence_report
from alongside.people.imports import RowProblem, write_quarantine

ROOT = Path(__file__).resolve().parents[2] / "alongside"
HOSTILE = ["=1+1", "+44 161", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']


def rows_of(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def assert_no_formula(path: Path) -> None:
    for row in rows_of(path):
        for cell in row:
            assert not cell.startswith(csv_safe.FORMULA_STARTS), f"{path.name}: {cell!r}"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_cell_gets_a_leading_apostrophe(value):
    assert csv_safe.neutralise(value) == "'" + value
    out = io.StringIO()
    csv_safe.writer(out).writerow([value, 5])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + value, "5"]


def test_ordinary_cells_and_numbers_are_left_alone():
    for value in ["Ada", "a=b", " =x", "", "'quoted", 3, -2.5, None]:
        assert csv_safe.neutralise(value) == value


def test_duckdb_copy_neutralises_text_but_not_numbers_or_dates(tmp_path):
    con = connect()
    con.execute("create table t (name varchar, n integer, d date)")
    for i, value in enumerate(HOSTILE):
        con.execute("insert into t values (?, ?, ?)", [value, -i, dt.date(2020, 1, 1)])
    path = tmp_path / "t.csv"
    copy_csv(con, "select * from t", path, order_by=("n",))
    rows = rows_of(path)
    assert rows[0] == ["name", "n", "d"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in reversed(HOSTILE)]
    assert [r[1] for r in rows[1:]] == [str(-i) for i in reversed(range(len(HOSTILE)))]


def test_an_extract_row_quarantined_with_a_formula_is_neutralised(tmp_path):
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(APPLICATIONS.columns))
        writer.writeheader()
        writer.writerow(
            {
                "application_id": "X1",
                "issue_date": '=HYPERLINK("http://evil.example")',
                "local_authority": "Testshire",
                "mother_forename": "@SUM(A1)",
                "mother_surname": "-2+3",
                "mother_dob": "01/02/1995",
            }
        )
    report = load_extract(connect(), path, load_mapping("applications"), "apps", tmp_path / "q")
    assert report.quarantine_file is not None
    assert_no_formula(report.quarantine_file)
    text = report.quarantine_file.read_text()
    assert "'@SUM(A1)" in text and "'-2+3" in text


def test_report_tables_neutralise_names_taken_from_extracts(tmp_path):
    con = duckdb.connect()
    con.execute(
        "create table linked_records (person_id varchar, role varchar, application_id varchar, "
        "local_authority varchar, issue_date date, final_order_date date, dob date)"
    )
    for i in range(12):
        con.execute(
            "insert into linked_records values (?, 'M', ?, ?, ?, null, null)",
            [f"P{i}", f"A{i}", "=cmd|' /C calc'!A0", dt.date(2020, 1, 1)],
        )
    files = write_recurrence_report(con, tmp_path)
    assert_no_formula(files["mothers_by_local_authority"])
    assert "'=cmd" in files["mothers_by_local_authority"].read_text()


def test_the_parent_import_quarantine_is_neutralised(tmp_path):
    path = tmp_path / "rejected.csv"
    write_quarantine([RowProblem(2, ["given_name is empty"], {"family_name": "=1+1"})], path)
    assert_no_formula(path)
    assert rows_of(path)[1][3] == "'=1+1"


def test_no_module_writes_csv_around_the_helper():
    """csv.writer, csv.DictWriter, pandas' to_csv and DuckDB's COPY ... TO (CSV) appear only in
    the helper and in `duck.copy_csv`."""
    allowed = {ROOT / "linkage" / "csv_safe.py", ROOT / "linkage" / "duck.py"}
    writer = re.compile(r"csv\.(writer|DictWriter)\(|\.to_csv\(|\bcopy\s+(\(|\{|\w+\s+to\b)", re.I)
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path in allowed or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            if writer.search(code) and "parquet" not in code and '"""' not in code:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
