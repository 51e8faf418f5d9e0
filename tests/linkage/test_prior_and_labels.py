"""The prior is estimated from each extract; levels training never saw count for nothing;
the same input gives the same people; clerical labels check a run or train its m values."""

import csv
import itertools
import json
import math

import numpy as np
import pytest

from alongside.linkage import InputError, link_applications
from alongside.linkage.prior import PRIOR_MIN_EVIDENCE, estimate_prior, log2_odds


def read(path):
    with path.open() as handle:
        return list(csv.DictReader(handle))


def _two_class_pairs(prior: float, all_pairs: float, start: float) -> tuple:
    """The scored pairs of an extract drawn from a known two-class model, as match weights
    under `start`: four comparisons with known m and u for each level, the pairs in each
    combination of levels as many as expected, and only the pairs at or above the floor."""
    comparisons = [
        {"exact": (0.85, 0.002), "close": (0.10, 0.01), "else": (0.05, 0.988)},  # name
        {"exact": (0.90, 0.001), "one digit": (0.07, 0.02), "else": (0.03, 0.979)},  # dob
        {"exact": (0.5, 0.0005), "district": (0.2, 0.01), "else": (0.3, 0.9895)},  # postcode
        {"exact": (0.6, 0.00001), "else": (0.4, 0.99999)},  # NHS number
    ]
    weights, counts = [], []
    for levels in itertools.product(*(c.values() for c in comparisons)):
        m = math.prod(level[0] for level in levels)
        u = math.prod(level[1] for level in levels)
        pairs = prior * all_pairs * m + (1 - prior) * all_pairs * u
        if math.log2(m / u) >= PRIOR_MIN_EVIDENCE:
            weights.append(log2_odds(start) + math.log2(m / u))
            counts.append(pairs)
    return np.array(weights), np.array(counts)


@pytest.mark.parametrize("true_prior", [1e-7, 1e-6, 1e-5])
@pytest.mark.parametrize("start", [1e-8, 1e-6, 1e-4])
def test_the_prior_is_found_from_the_scored_pairs_wherever_it_starts(true_prior, start):
    all_pairs = 5e10  # about 316,000 records
    weights, counts = _two_class_pairs(true_prior, all_pairs, start)
    estimate = estimate_prior(weights, start, all_pairs, counts)
    assert estimate == pytest.approx(true_prior, rel=0.1)


def test_no_scored_pairs_leave_the_prior_where_it_started():
    assert estimate_prior(np.array([]), 1e-5, 1e9) == 1e-5


def test_a_run_estimates_its_prior_close_to_the_truth(small_run, small_dataset):
    result, _ = small_run
    summary = json.loads((result.out_dir / "summary.json").read_text())
    truth: dict[str, int] = {}
    linked = {r["record_key"] for r in read(result.out_dir / "persons.csv")}
    for row in read(small_dataset / "truth.csv"):
        if row["record_key"] in linked:
            truth[row["person_id"]] = truth.get(row["person_id"], 0) + 1
    true_pairs = sum(n * (n - 1) / 2 for n in truth.values())
    records = len(linked)
    true_prior = true_pairs / (records * (records - 1) / 2)
    assert summary["prior"] == pytest.approx(true_prior, rel=0.25)


def test_a_level_training_never_saw_gets_its_m_from_the_rule_of_succession(small_run):
    """A level not seen among n matches is about one in n + 2 of them (or no evidence at all
    when it is that rare among all pairs): neither Splink's near-proof of a non-match nor a
    blanket 'counts for nothing', which would let two different NHS numbers pass unnoticed."""
    result, _ = small_run
    summary = json.loads((result.out_dir / "summary.json").read_text())
    model = json.loads((result.out_dir / "model.json").read_text())
    notes = {
        (note.split(":")[0], note.split(": '", 1)[1].split("' was not seen")[0]): note
        for note in summary["model_notes"]
        if "random pairs" not in note  # u's notes: the next test
    }
    assert notes, "the synthetic extract has no swapped names, so that level is unseen"
    checked = 0
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            note = notes.get((comparison["output_column_name"], level.get("label_for_charts")))
            if note is None:
                continue
            checked += 1
            seen = float(note.split("about ")[1].split(" matches")[0].replace(",", ""))
            m, u = level["m_probability"], level["u_probability"]
            assert m == pytest.approx(min(u, 1 / (seen + 2)), rel=0.01)  # n is rounded
            if m < u:
                assert "evidence against a match" in note
            else:
                assert "counts for nothing either way" in note
    assert checked == len(notes)
    # A rare level (swapped names) is no evidence either way at this size.
    assert any("counts for nothing" in note for note in notes.values())


def test_a_level_random_pairs_never_showed_gets_its_u_from_the_rule_of_succession(small_run):
    """A shared part of a double-barrelled surname is not seen among the random pairs sampled
    from a small extract. Splink would leave such a level at its default u of about one in a
    thousand (the same NHS number counted about 10 bits that way in a big extract); the
    sample itself says it is rarer than one in n + 2 of the pairs with the field on both."""
    result, _ = small_run
    summary = json.loads((result.out_dir / "summary.json").read_text())
    model = json.loads((result.out_dir / "model.json").read_text())
    levels = {
        (c["output_column_name"], level.get("label_for_charts")): level
        for c in model["comparisons"]
        for level in c["comparison_levels"]
    }
    u_notes = [note for note in summary["model_notes"] if "random pairs" in note]
    assert any("Shares part of a double-barrelled surname" in note for note in u_notes)
    for note in u_notes:
        name, label = note.split(":")[0], note.split(": '", 1)[1].split("' was not seen")[0]
        sampled = float(note.split("about ")[1].split(" random pairs")[0].replace(",", ""))
        assert sampled > 100_000  # 100 random pairs per record, all with a surname
        assert levels[(name, label)]["u_probability"] == pytest.approx(1 / (sampled + 2), rel=0.01)
        assert "evidence for a match" in note


def test_the_surname_levels_are_shared_among_pairs_without_the_same_whole_name(small_run):
    """The whole-name level is counted with the forename; the surname's other levels are used
    only for pairs without it, so their m values (and u values) are shares of those pairs."""
    result, _ = small_run
    model = json.loads((result.out_dir / "model.json").read_text())
    notes = json.loads((result.out_dir / "summary.json").read_text())["model_notes"]
    (surname,) = [c for c in model["comparisons"] if c["output_column_name"] == "surname"]
    levels = [level for level in surname["comparison_levels"] if not level.get("is_null_level")]
    mirrored = [
        level for level in levels if "(counted with the forename)" in level["label_for_charts"]
    ]
    assert [level["label_for_charts"] for level in mirrored] == [
        "Same forename and surname (counted with the forename)",
        "Forename and surname swapped (counted with the forename)",
    ]
    assert all(level["m_probability"] == level["u_probability"] == 0.5 for level in mirrored)
    others = [level for level in levels if level not in mirrored]
    # A level training never saw is left out: it is made neutral (m = u) afterwards.
    others = [
        level for level in others if f"surname: '{level['label_for_charts']}'" not in str(notes)
    ]
    assert sum(level["m_probability"] for level in others) == pytest.approx(1, abs=1e-6)
    assert sum(level["u_probability"] for level in others) == pytest.approx(1, abs=1e-6)
    # So a changed surname counts against a match as much as the data says, no more: it is
    # less rare among matches than among all pairs, but still evidence against.
    changed = others[-1]
    assert changed["label_for_charts"] == "All other comparisons"
    assert 0.05 < changed["m_probability"] < changed["u_probability"]


def test_the_same_input_gives_the_same_people_and_model(small_dataset, tmp_path):
    runs = [
        link_applications([small_dataset / "applications.csv"], tmp_path / name, report=False)
        for name in ("first", "second")
    ]
    first, second = (run.out_dir for run in runs)
    assert (first / "persons.csv").read_bytes() == (second / "persons.csv").read_bytes()
    assert (first / "links.csv").read_bytes() == (second / "links.csv").read_bytes()
    models = [json.loads((d / "model.json").read_text()) for d in (first, second)]
    for model in models:
        model.pop("linker_uid")
    assert models[0] == models[1]


def _labels(path, rows, header=("record_key_l", "record_key_r", "clerical_match_score")):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _truth_labels(small_dataset, linked_keys, same: int, different: int):
    by_person: dict[str, list[str]] = {}
    for row in read(small_dataset / "truth.csv"):
        if row["record_key"] in linked_keys:
            by_person.setdefault(row["person_id"], []).append(row["record_key"])
    groups = sorted(v for v in by_person.values() if len(v) > 1)
    rows = [(g[0], g[1], 1) for g in groups[:same]]
    singles = sorted(v[0] for v in by_person.values())
    rows += [
        (a, b, 0) for a, b in zip(singles[:different], singles[1 : different + 1], strict=True)
    ]
    return rows


def test_a_run_is_checked_against_clerical_labels(small_run, small_dataset, tmp_path):
    result, _ = small_run
    linked = {r["record_key"] for r in read(result.out_dir / "persons.csv")}
    rows = _truth_labels(small_dataset, linked, same=40, different=40)
    rows.append(("X999:M", "A0000001:M", 1))  # not a record of this run: left out, and said
    labels = _labels(tmp_path / "labels.csv", rows)
    run = link_applications(
        [small_dataset / "applications.csv"], tmp_path / "out", report=False, labels=labels
    )
    summary = json.loads((run.out_dir / "summary.json").read_text())["labels"]
    assert summary["pairs_read"] == 81 and summary["pairs_used"] == 80
    assert summary["left_out"] == 1
    check = summary["check"]
    assert check["labelled_same_person"] == 40
    assert check["precision"] > 0.9 and check["recall"] > 0.8


def test_training_from_labels_replaces_the_m_values(small_run, small_dataset, tmp_path):
    result, _ = small_run
    linked = {r["record_key"] for r in read(result.out_dir / "persons.csv")}
    labels = _labels(
        tmp_path / "labels.csv",
        _truth_labels(small_dataset, linked, same=60, different=10),
        header=("unique_id_l", "unique_id_r", "clerical_match_score"),  # Splink's spelling
    )
    run = link_applications(
        [small_dataset / "applications.csv"],
        tmp_path / "out",
        report=False,
        labels=labels,
        train_from_labels=True,
    )
    summary = json.loads((run.out_dir / "summary.json").read_text())
    assert summary["labels"]["used_for_training"] is True
    trained = json.loads((run.out_dir / "model.json").read_text())
    before = json.loads((result.out_dir / "model.json").read_text())
    assert trained["comparisons"] != before["comparisons"]


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        (("a", "b"), [("x", "y")], "needs the columns record_key_l, record_key_r"),
        (None, [("A0000001:M", "A0000002:M", "yes")], "not a number from 0"),
        (None, [("A0000001:M", "A0000002:M", "2")], "not a number from 0"),
        (None, [("Z1:M", "Z2:M", "1")], "made on other extracts"),
    ],
)
def test_a_labels_file_that_cannot_be_used_says_why(small_dataset, tmp_path, header, rows, message):
    labels = _labels(
        tmp_path / "labels.csv",
        rows,
        header or ("record_key_l", "record_key_r", "clerical_match_score"),
    )
    with pytest.raises(InputError, match=message):
        link_applications(
            [small_dataset / "applications.csv"], tmp_path / "out", report=False, labels=labels
        )


def test_training_from_labels_is_refused_with_a_saved_model(small_run, small_dataset, tmp_path):
    result, _ = small_run
    labels = _labels(tmp_path / "labels.csv", [("A0000001:M", "A0000002:M", 1)])
    with pytest.raises(InputError) as refused:
        link_applications(
            [small_dataset / "applications.csv"],
            tmp_path / "out",
            report=False,
            model=result.files["model"],
            labels=labels,
            train_from_labels=True,
        )
    assert str(refused.value) == (
        "--train-from-labels trains a new model, so it cannot be used with --model, which "
        "reuses a saved one."
    )


def test_too_few_labels_to_train_says_so(small_run, small_dataset, tmp_path):
    result, _ = small_run
    linked = {r["record_key"] for r in read(result.out_dir / "persons.csv")}
    labels = _labels(tmp_path / "l.csv", _truth_labels(small_dataset, linked, same=5, different=5))
    with pytest.raises(InputError, match="needs at least 30"):
        link_applications(
            [small_dataset / "applications.csv"],
            tmp_path / "out",
            report=False,
            labels=labels,
            train_from_labels=True,
        )


def test_a_level_the_training_blocks_hide_is_not_counted_against_a_match(small_run):
    """Blocked on year of birth (a big extract tightens forename + surname so), no training
    pair can have the same day and month in another year: that level's absence says nothing,
    so the date of birth's unseen levels stay neutral, while the NHS number's do not."""
    from splink import DuckDBAPI, Linker

    from alongside.linkage.duck import connect, run
    from alongside.linkage.model import comparisons_training_could_see, settings

    con = connect()
    run(
        con,
        "create table people as select * from read_csv(?)",
        [str(small_run[0].files["person_records"])],
    )
    linker = Linker(DuckDBAPI(con).register("people", table_name="people"), settings())
    everything = {c.output_column_name for c in linker._settings_obj.comparisons}
    assert (
        comparisons_training_could_see(
            linker, [("forename", "surname"), ("dob", "postcode_district")]
        )
        == everything
    )
    tightened = comparisons_training_could_see(
        linker, [("forename", "surname", "dob_year"), ("dob", "postcode_district")]
    )
    assert tightened == everything - {"dob"}
    con.close()
