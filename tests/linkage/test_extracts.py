import csv

import pytest

from alongside.linkage.duck import connect, scalar
from alongside.linkage.errors import InputError
from alongside.linkage.extract_kinds import APPLICATIONS
from alongside.linkage.extracts import load_extract
from alongside.linkage.mapping import load_mapping


def write(path, rows, encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(APPLICATIONS.columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in APPLICATIONS.columns})


def app(i, **extra):
    row = {
        "application_id": f"X{i}",
        "issue_date": "2021-03-01",
        "local_authority": "Testshire",
        "mother_forename": "Zoë",
        "mother_surname": "Testperson",
        "mother_dob": "01/02/1995",
    }
    row.update(extra)
    return row


def load(path, **kw):
    con = connect()
    report = load_extract(con, path, load_mapping("applications"), "apps", path.parent / "q", **kw)
    return con, report


def test_missing_required_columns_are_named_together(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("application_id,issue_date\nX1,2021-01-01\nX2,2021-01-02\n")
    with pytest.raises(InputError) as error:
        load(path)
    for column in ("local_authority", "mother_forename", "mother_surname", "mother_dob"):
        assert column in str(error.value)


def test_empty_file_and_heading_only_file_say_so(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        load(empty)
    heading = tmp_path / "heading.csv"
    write(heading, [])
    with pytest.raises(InputError, match="no rows"):
        load(heading)


def test_bad_dates_and_impossible_values_are_quarantined_with_reasons(tmp_path):
    path = tmp_path / "a.csv"
    write(
        path,
        [
            app(1),
            app(2, mother_dob="31/02/1990"),
            app(3, mother_dob="2030-01-01"),
            app(4, final_order_date="2020-01-01"),
            app(1),
        ],
    )
    con, report = load(path)
    assert report.rows_read == 5 and report.rows_loaded == 1 and report.quarantined == 4
    text = report.quarantine_file.read_text()
    assert "cannot read the date '31/02/1990'" in text
    assert "in the future" in text
    assert "before the issue date" in text
    assert "appears more than once" in text
    assert (
        str(scalar(con, "select mother_dob from apps")) == "1995-02-01"
    )  # day first, as in the UK


def test_windows_1252_csv_is_read(tmp_path):
    path = tmp_path / "a.csv"
    write(path, [app(1), app(2)], encoding="cp1252")
    con, report = load(path)
    assert report.encoding == "windows-1252"
    assert scalar(con, "select mother_forename from apps limit 1") == "Zoë"


def test_excel_and_parquet_are_read(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(APPLICATIONS.required))
    sheet.append(["X1", "2021-03-01", "Testshire", "Amy", "Test", "1995-02-01"])
    book.save(tmp_path / "a.xlsx")
    con, report = load(tmp_path / "a.xlsx")
    assert report.rows_loaded == 1
    con.execute(f"copy apps to '{tmp_path / 'a.parquet'}' (format parquet)").fetchall()
    con, report = load(tmp_path / "a.parquet")
    assert report.rows_loaded == 1


def test_mapping_renames_headings(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("kind: applications\ncolumns:\n  application_id: Case ref\n")
    mapping = load_mapping("applications", path)
    assert mapping.columns["application_id"] == "Case ref"
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: applications\ncolumns:\n  shoe_size: Shoe\n")
    with pytest.raises(InputError, match="shoe_size"):
        load_mapping("applications", bad)
