"""The data file and `alongside load-directory`: every row checked first, nothing partial."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from alongside.audit.models import AuditEntry
from alongside.directory.loading import COLUMNS, read_services
from alongside.directory.models import DirectoryChange, DirectoryService

DATA = Path(__file__).resolve().parents[2] / "alongside" / "directory" / "data" / "services.csv"


def test_the_shipped_file_is_valid_and_every_row_has_a_source():
    rows, errors = read_services(DATA.read_text(encoding="utf-8"))
    assert errors == []
    assert len(rows) >= 60
    assert all(row.values["source"].startswith("seed 00") for row in rows)


def test_loading_adds_every_row_with_history_and_audit(db):
    out = io.StringIO()
    call_command("load_directory", stdout=out)
    count = DirectoryService.objects.count()
    assert f"{count} added" in out.getvalue()
    assert DirectoryChange.objects.filter(how="loaded").count() == count
    assert AuditEntry.objects.filter(object_type="directory.directoryservice").count() == count
    futures = DirectoryService.objects.get(slug="futures-leeds")
    assert futures.area_slugs == ["leeds"]
    assert futures.max_age == 24

    # Loading the same file again changes nothing and records nothing.
    out = io.StringIO()
    call_command("load_directory", stdout=out)
    assert f"0 added, 0 changed, {count} unchanged" in out.getvalue()
    assert DirectoryChange.objects.count() == count


def _csv(*lines: str) -> str:
    return ",".join(COLUMNS) + "\n" + "\n".join(lines) + "\n"


GOOD = (
    "a-good-one,A good one,,not_known,locally_developed,active,2021,,,local,Leeds,,,,mothers,,,"
    "after_proceedings,,,seed 001 (test)"
)


def test_a_file_with_bad_rows_reports_each_by_line_and_loads_nothing(db, tmp_path):
    bad = _csv(
        GOOD,
        "bad-area,Bad area,,not_known,locally_developed,active,,,,local,Mancester,,,,,,,,,,seed 001",
        "bad-model,Bad model,,not_known,magic,active,,,,local,Leeds,,,,,,,,,,seed 001",
        "no-source,No source,,not_known,pause,active,,,,local,Leeds,,,,,,,,,,",
        "bad-date,Bad date,,not_known,pause,active,April 2014,,,local,Leeds,,,,,,,,,,seed 001",
    )
    path = tmp_path / "services.csv"
    path.write_text(bad, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_directory", str(path), stderr=err)
    report = err.getvalue()
    assert (
        "Line 3: 'Mancester' is not an English local authority (did you mean Manchester" in report
    )
    assert "Line 4: model 'magic'" in report
    assert "Line 5: source is empty" in report
    assert "Line 6: status_as_of 'April 2014'" in report
    assert "Line 2" not in report
    # Not even the good row on line 2.
    assert DirectoryService.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="directory.directoryservice").count() == 0


def test_a_repeated_slug_is_reported_with_both_lines():
    _, errors = read_services(_csv(GOOD, GOOD))
    assert [str(e) for e in errors] == ["Line 3: slug 'a-good-one' is also on line 2"]


def test_a_file_without_the_columns_is_refused():
    _, errors = read_services("name,where\nA,B\n")
    assert errors and errors[0].line == 1
