"""Importing parents from a CSV file: every row checked, problems reported, nothing lost."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alongside.audit.verify import verify_chain
from alongside.people.imports import ImportFileError, import_parents, read_rows
from alongside.people.models import Parent


def csv_bytes(rows: list[dict], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


GOOD = {
    "given_name": "Ada",
    "family_name": "Importtest",
    "previous_names": "Ada Earlier; Ada Other",
    "date_of_birth": "27/04/1998",
    "nhs_number": "943 476 5919",
    "postcode": "b1 1aa",
    "ethnicity": "Irish",
    "care_experienced": "yes",
}


def test_good_rows_are_imported_and_audited(practitioner):
    result = import_parents(
        data=csv_bytes([GOOD]), organisation=practitioner.organisation, imported_by=practitioner
    )
    assert result.imported == 1 and result.rejected == []
    parent = Parent.objects.get(family_name="Importtest")
    assert parent.ethnicity == "white_irish"
    assert parent.postcode == "B1 1AA"
    assert sorted(parent.previous_names.values_list("name", flat=True)) == [
        "Ada Earlier",
        "Ada Other",
    ]
    assert verify_chain().intact


def test_each_bad_row_is_reported_with_its_row_number(practitioner):
    rows = [
        GOOD,
        {**GOOD, "given_name": "", "family_name": "Noname"},
        {**GOOD, "family_name": "Baddate", "date_of_birth": "31/02/1999"},
        {**GOOD, "family_name": "Badnhs", "nhs_number": "9434765918"},
        {**GOOD, "family_name": "Future", "date_of_birth": "01/01/2999"},
        {**GOOD, "family_name": "Badethnic", "ethnicity": "Martian"},
    ]
    result = import_parents(
        data=csv_bytes(rows), organisation=practitioner.organisation, imported_by=practitioner
    )
    assert result.imported == 1
    by_row = {p.row: " ".join(p.problems) for p in result.rejected}
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert "given_name is empty" in by_row[3]
    assert "is not a date" in by_row[4]
    assert "Enter a real NHS number" in by_row[5]
    assert "in the future" in by_row[6]
    assert "not an ONS 2021 category" in by_row[7]


def test_windows_1252_files_are_read(practitioner):
    data = csv_bytes([{**GOOD, "family_name": "Ó Súilleabháin"}], encoding="cp1252")
    import_parents(data=data, organisation=practitioner.organisation, imported_by=practitioner)
    assert Parent.objects.filter(family_name="Ó Súilleabháin").exists()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "The file is empty"),
        (b"given_name,postcode\nAda,B1 1AA\n", "missing these columns: family_name"),
        (b"given_name,family_name\n", "no parents in it"),
    ],
)
def test_files_that_cannot_be_imported_say_why(data, message):
    with pytest.raises(ImportFileError, match=message):
        read_rows(data)


def test_the_command_imports_and_quarantines(practitioner, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "caseload.csv"
    source.write_bytes(csv_bytes([GOOD, {**GOOD, "family_name": "Badnhs", "nhs_number": "1"}]))
    call_command("import_parents", str(source), "--as-user", practitioner.username)
    out = capsys.readouterr().out
    assert "Imported 1 parents; 1 rows need fixing" in out
    quarantine = next((tmp_path / "media" / "imports").glob("*rejected-rows*.csv"))
    rows = list(csv.DictReader(quarantine.open()))
    assert rows[0]["row"] == "3" and rows[0]["family_name"] == "Badnhs"
    assert "NHS number" in rows[0]["problems"]


def test_the_command_refuses_a_bad_file_before_queueing(practitioner, tmp_path):
    source = tmp_path / "empty.csv"
    source.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_parents", str(source), "--as-user", practitioner.username)
