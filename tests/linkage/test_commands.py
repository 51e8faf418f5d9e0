import csv
import io

import pytest
from django.core.management import CommandError, call_command


def test_synth_applications_writes_an_extract_with_truth(tmp_path):
    out = io.StringIO()
    call_command(
        "synth",
        "applications",
        "--records",
        "300",
        "--seed",
        "5",
        "--out",
        str(tmp_path),
        stdout=out,
    )
    assert "parent records" in out.getvalue()
    assert (tmp_path / "applications.csv").exists() and (tmp_path / "truth.csv").exists()


def test_synth_applications_takes_an_error_profile_by_name(tmp_path):
    call_command(
        "synth",
        "applications",
        "--records",
        "300",
        "--profile",
        "independent",
        "--out",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    with (tmp_path / "applications.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert any(row["mother_middle_names"] for row in rows)
    with pytest.raises(CommandError, match="There is no error profile 'tidy'. Choose one of"):
        call_command("synth", "applications", "--profile", "tidy", "--out", str(tmp_path))


def test_link_command_writes_persons_csv(small_dataset, small_run, tmp_path):
    result, _ = small_run
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "link",
        "--input",
        str(small_dataset / "applications.csv"),
        "--out",
        str(tmp_path),
        "--model",
        str(result.files["model"]),
        "--no-report",
        stdout=out,
        stderr=err,
    )
    with (tmp_path / "persons.csv").open() as handle:
        assert next(csv.reader(handle)) == ["record_key", "person_id"]
    assert "Linked" in out.getvalue()


def test_link_command_turns_bad_input_into_a_plain_error(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("link", "--input", str(missing), "--out", str(tmp_path / "o"))


def test_link_command_refuses_training_from_labels_with_a_saved_model(tmp_path):
    """--train-from-labels trains a new model: with --model it is refused, not ignored."""
    out = tmp_path / "o"
    with pytest.raises(CommandError) as refused:
        call_command(
            "link",
            "--input",
            str(tmp_path / "applications.csv"),
            "--out",
            str(out),
            "--model",
            str(tmp_path / "model.json"),
            "--labels",
            str(tmp_path / "labels.csv"),
            "--train-from-labels",
        )
    assert str(refused.value) == (
        "--train-from-labels trains a new model, so it cannot be used with --model, which "
        "reuses a saved one."
    )
    assert not out.exists()  # refused before anything was read or written
