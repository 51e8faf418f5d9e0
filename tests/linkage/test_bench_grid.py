import io
import json

import pytest
from django.core.management import CommandError, call_command

from alongside.linkage import bench
from alongside.linkage.bench import (
    SKIPPED,
    BenchRow,
    format_report,
    format_table,
    format_worst_case,
    run_benchmark,
)


def _row(profile, method, f1, size=20000, error="", records=None, compared=None):
    scores = {"precision": 1.0, "recall": f1, "f1": f1}
    return BenchRow(
        records or size,
        method,
        scores,
        scores,
        12.5,
        300.0,
        error,
        profile=profile,
        size=size,
        compared=compared,
    )


def test_the_grid_has_a_profile_column_and_a_row_per_profile_and_method():
    rows = [
        _row("default", "alongside", 0.981),
        _row("default", "exact", 0.75),
        _row("independent", "alongside", 0.948, records=20001),
    ]
    table = format_table(rows).splitlines()
    assert table[0].startswith("| profile | records | method |")
    assert table[0].count("|") - 1 == table[1].count("---") == 12
    assert table[2].startswith("| default | 20,000 | Alongside (Splink on DuckDB) | 1.0000 |")
    assert table[4].startswith("| independent | 20,001 | Alongside")
    assert "0.9480" in table[4]


def test_the_worst_case_names_the_profile_with_the_lowest_f1_and_gives_the_average():
    rows = [
        _row("default", "alongside", 0.984),
        _row("independent", "alongside", 0.948, records=20001),
        _row("low-diversity", "alongside", 0.912),
        _row("default", "alongside", 0.99, size=1_000_000),
        _row("independent", "alongside", 0.97, size=1_000_000),
    ]
    lines = format_worst_case(rows).splitlines()
    assert lines == [
        "Worst case at 20,000 records: low-diversity, pairwise F1 0.912; "
        "average 0.948 over 3 profiles",
        "Worst case at 1,000,000 records: independent, pairwise F1 0.970; "
        "average 0.980 over 2 profiles",
    ]


def test_baselines_get_their_own_worst_case_and_skipped_runs_are_left_out():
    rows = [
        _row("default", "alongside", 0.98),
        _row("default", "quickstart", 0.93),
        _row("independent", "alongside", 0.95),
        _row("independent", "quickstart", 0.0, size=1_000_000, error=SKIPPED),
        _row("independent", "quickstart", 0.90),
    ]
    report = format_report(rows)
    assert "Worst case at 20,000 records: independent, pairwise F1 0.950" in report
    assert (
        "Splink quickstart settings: worst case at 20,000 records: independent, pairwise F1 0.900"
        in report
    )
    assert "1,000,000" not in format_worst_case(rows)
    skipped = next(line for line in report.splitlines() if "1,000,000" in line)
    assert "skipped: does not finish above 200,000 records" in skipped
    assert "0.0000" not in skipped


def test_a_run_that_did_not_finish_is_the_worst_case():
    rows = [
        _row("default", "alongside", 0.98),
        _row("messy", "alongside", 0.0, error="...\ndid not finish within 600 s\n"),
    ]
    assert format_worst_case(rows) == (
        "Worst case at 20,000 records: messy, did not finish; average 0.980 over the 1 of "
        "2 profiles that did"
    )
    assert "(did not finish)" in format_table(rows)


def test_a_small_real_grid_with_the_exact_baseline(tmp_path, monkeypatch):
    rows = run_benchmark(
        [2000],
        data_root=tmp_path / "data",
        out_root=tmp_path / "runs",
        methods=("exact",),
        profiles=("default", "independent"),
        echo=lambda message: None,
    )
    assert [(r.profile, r.method, r.size) for r in rows] == [
        ("default", "exact", 2000),
        ("independent", "exact", 2000),
    ]
    assert all(r.finished and 0.2 < r.pairwise["f1"] <= 1.0 for r in rows)
    report = format_report(rows)
    assert "| default | " in report and "| independent | " in report
    assert "Exact name + date of birth: worst case at 2,000 records: " in report

    # The datasets are kept per (profile, size, seed) and reused.
    def must_not_run(*args, **kwargs):
        raise AssertionError("the dataset should have been reused")

    monkeypatch.setattr(bench, "generate_applications", must_not_run)
    folder = bench.dataset(tmp_path / "data", 2000, 2026, "independent")
    assert folder.name.startswith("applications-independent-2000-seed2026-")
    assert (folder / "truth.csv").exists()


def test_the_command_refuses_an_unknown_profile():
    with pytest.raises(CommandError, match="Unknown error profiles: nope"):
        call_command("bench", "linkage", "--profiles", "nope", stdout=io.StringIO())


def test_the_share_of_true_pairs_compared_is_shown_for_the_linkage_only():
    rows = [
        _row("messy", "alongside", 0.877, compared=0.8812),
        _row("messy", "truth-m", 0.881, compared=0.8812),
        _row("messy", "exact", 0.36),
    ]
    table = format_table(rows).splitlines()
    assert "true pairs compared" in table[0]
    assert table[2].endswith("| 0.8812 | 12.5 | 300 |")
    assert table[3].startswith("| messy | 20,000 | The same, m from the truth file |")
    assert table[4].endswith("| – | 12.5 | 300 |")
    assert (
        "The same, m from the truth file: worst case at 20,000 records: messy, pairwise F1 0.881"
        in format_worst_case(rows)
    )


def test_the_linkage_and_the_same_model_with_m_from_the_truth_run_on_a_real_grid(tmp_path):
    rows = run_benchmark(
        [2000],
        data_root=tmp_path / "data",
        out_root=tmp_path / "runs",
        methods=("alongside", "truth-m"),
        profiles=("independent",),
        echo=lambda message: None,
    )
    assert [r.method for r in rows] == ["alongside", "truth-m"]
    assert all(r.finished and 0.5 < r.pairwise["f1"] <= 1.0 for r in rows), rows
    # Both use the same blocking (planned from the records alone), so compare the same pairs.
    assert rows[0].compared == rows[1].compared
    assert 0.5 < rows[0].compared < 1.0
    summary = json.loads((tmp_path / "runs/independent/2000/truth-m/summary.json").read_text())
    assert summary["labels"]["used_for_training"] is True
    assert summary["labels"]["pairs_used"] == rows[1].pairwise["actual"]
    linkage = json.loads((tmp_path / "runs/independent/2000/alongside/summary.json").read_text())
    assert linkage["labels"] == {}


def test_the_held_out_extract_is_written_by_its_own_generator_and_linked(tmp_path, monkeypatch):
    """The held-out extract (benchmarks/held_out: written blind, outside the project) runs in
    the grid like a profile, sized in records, from its own generator, not the project's."""

    def must_not_run(*args, **kwargs):
        raise AssertionError("the held-out extract is not the project's generator")

    monkeypatch.setattr(bench, "generate_applications", must_not_run)
    rows = run_benchmark(
        [2000],
        data_root=tmp_path / "data",
        out_root=tmp_path / "runs",
        methods=("alongside", "exact"),
        profiles=("held-out",),
        echo=lambda message: None,
    )
    assert [(r.profile, r.method) for r in rows] == [
        ("held-out", "alongside"),
        ("held-out", "exact"),
    ]
    linked, exact = rows
    assert linked.finished and exact.finished
    assert 1900 <= linked.records <= 2100
    # On names recorded as differently as these, exact matching misses most true pairs.
    assert linked.pairwise["f1"] > exact.pairwise["f1"]
    assert linked.compared is not None and 0 < linked.compared <= 1
    assert "| held-out | " in format_report(rows)

    folders = sorted(p.name for p in (tmp_path / "data").iterdir())
    assert len(folders) == 1 and folders[0].startswith("applications-held-out-2000-seed2026-")
    folder = bench.dataset(tmp_path / "data", 2000, 2026, "held-out")  # reused, not rewritten
    header = (folder / "applications.csv").read_text().splitlines()[0]
    assert header.startswith("application_id,issue_date,court,local_authority,")


def test_the_command_names_the_held_out_extract_among_the_profiles():
    with pytest.raises(CommandError, match="Choose from: .*messy, held-out"):
        call_command("bench", "linkage", "--profiles", "nope", stdout=io.StringIO())
