"""Clerical review: the stratified sample of pairs, the accuracy estimate and the labels file."""

import csv
import io
import json
import math
from types import SimpleNamespace

import duckdb
import pytest

from alongside.linkage.clerical import (
    CANNOT_TELL,
    DIFFERENT,
    LINK,
    NON_LINK,
    SAME,
    STRATA,
    Stratum,
    estimate_accuracy,
    labels_csv,
    plain_label,
    review_strata,
    write_review_sample,
)

SIZES = {name: size for name, _side, _low, _high, size in STRATA}


def _level(value: int, label: str):
    return SimpleNamespace(comparison_vector_value=value, label_for_charts=label)


def fake_linker():
    """What the sample reads of a linker: its comparisons' names and levels."""
    forename = SimpleNamespace(
        output_column_name="forename",
        comparison_levels=[
            _level(-1, "forename is NULL"),
            _level(3, "Exact match on forename"),
            _level(2, "Same name (nickname)"),
            _level(1, "Jaro-Winkler distance of forename >= 0.9"),
            _level(0, "All other comparisons"),
        ],
    )
    dob = SimpleNamespace(
        output_column_name="dob",
        comparison_levels=[
            _level(-1, "dob is NULL"),
            _level(2, "Exact match on dob"),
            _level(1, "Day and month swapped"),
            _level(0, "All other comparisons"),
        ],
    )
    return SimpleNamespace(_settings_obj=SimpleNamespace(comparisons=[forename, dob]))


def _weight(p: float) -> float:
    return math.log2(p / (1 - p))


def fake_connection(pairs: int = 2000):
    """A DuckDB connection holding `predictions` with `pairs` pairs spread over match
    probability 0.01 to 0.9999, and the `applications` they come from (mothers and fathers):
    what the pipeline holds when it calls `write_review_sample`."""
    con = duckdb.connect()
    con.execute(
        """
        create table applications as
        select 'A' || lpad(cast(i as varchar), 5, '0') as application_id,
               date '2020-01-01' + cast(i % 300 as integer) as issue_date,
               'Council ' || cast(i % 7 as varchar) as local_authority,
               'Mum' || cast(i as varchar) as mother_forename,
               'Smith' as mother_surname,
               date '1990-01-01' + cast(i % 1000 as integer) as mother_dob,
               'AB1 2CD' as mother_postcode,
               'Dad' || cast(i as varchar) as father_forename,
               'Jones' as father_surname,
               date '1985-06-01' + cast(i % 1000 as integer) as father_dob,
               cast(null as varchar) as father_postcode,
               case when i % 2 = 0 then 'Bea' end as mother_known_as,
               case when i % 3 = 0 then date '2019-05-03' end as child_dob
        from range(2 * ? + 1) t(i)
        """,
        [pairs],
    )
    rows = []
    for i in range(pairs):
        p = 0.01 + (0.9999 - 0.01) * i / (pairs - 1)
        role = "M" if i % 3 else "F"
        rows.append(
            (
                f"A{2 * i:05d}:{role}",
                f"A{2 * i + 1:05d}:{role}",
                p,
                _weight(p),
                3 if i % 4 else 0,
                -1 if i % 5 == 0 else 1 if i % 7 == 0 else 2,
            )
        )
    con.execute(
        "create table predictions (record_key_l varchar, record_key_r varchar, "
        "match_probability double, match_weight double, gamma_forename integer, "
        "gamma_dob integer)"
    )
    con.executemany("insert into predictions values (?, ?, ?, ?, ?, ?)", rows)
    return con


@pytest.fixture
def con():
    con = fake_connection()
    yield con
    con.close()


def read_sample(files):
    with files["review_sample"].open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, json.loads(files["review_strata"].read_text())


def test_the_bands_sit_at_the_threshold_whatever_it_is():
    bands = {band.name: band for band, _size in review_strata(0.5)}
    assert bands["link_just_above"].low == 0.5
    assert bands["link_just_above"].high == pytest.approx(0.8)
    assert bands["link_far_above"].high == 1.0
    assert bands["non_link_just_below"].high == 0.5
    assert bands["non_link_just_below"].low == pytest.approx(0.2)
    for threshold in (0.0, 0.05, 0.5, 0.9, 0.999, 1.0):
        strata = [band for band, _size in review_strata(threshold)]
        links = [b for b in strata if b.side == LINK]
        non_links = [b for b in strata if b.side == NON_LINK]
        # The link bands run from the threshold up to 1 without gaps; the non-link bands end
        # at the threshold.
        assert links[0].low == threshold and links[-1].high == 1.0
        assert all(a.high == b.low for a, b in zip(links, links[1:], strict=False))
        if non_links:
            assert non_links[0].high == threshold
            assert all(b.high == a.low for a, b in zip(non_links, non_links[1:], strict=False))


def test_the_sample_is_stratified_covers_both_sides_and_shows_both_records(con, tmp_path):
    files = write_review_sample(con, fake_linker(), tmp_path, 0.5)
    rows, strata = read_sample(files)
    assert strata["threshold"] == 0.5 and strata["seed"] == 42
    by_name = {s["name"]: s for s in strata["strata"]}
    assert set(by_name) == set(SIZES)
    for name, stratum in by_name.items():
        in_band = [r for r in rows if r["stratum"] == name]
        assert stratum["sampled"] == len(in_band) == min(SIZES[name], stratum["pairs"])
        for row in in_band:
            p = float(row["match_probability"])
            assert stratum["low"] <= p <= stratum["high"]
            assert row["side"] == stratum["side"]
            assert (row["side"] == LINK) == (p >= 0.5)
    # Pairs in the run per band, counted from the predictions themselves.
    for stratum in strata["strata"]:
        closed = stratum["high"] == 1.0
        count = con.execute(
            "select count(*) from predictions where match_probability >= ? and "
            "(match_probability < ? or (? and match_probability = 1))",
            [stratum["low"], stratum["high"], closed],
        ).fetchone()[0]
        assert stratum["pairs"] == count
    assert {r["side"] for r in rows} == {LINK, NON_LINK}
    # Review order: the first pair of every band before the second of any.
    first_six = [r["stratum"] for r in rows[:6]]
    assert sorted(first_six) == sorted(SIZES)

    mother = next(r for r in rows if r["record_key_l"].endswith(":M"))
    number = int(mother["record_key_l"][1:6])
    assert mother["forename_l"] == f"Mum{number}" and mother["surname_l"] == "Smith"
    assert mother["local_authority_l"] == f"Council {number % 7}"
    assert mother["issue_date_l"].startswith("2020-") or mother["issue_date_l"].startswith("2021-")
    assert mother["family_l"].startswith(f"Other parent: Dad{number} Jones")
    with_child = next(r for r in rows if int(r["record_key_l"][1:6]) % 3 == 0)
    assert with_child["family_l"].endswith(". Child born 3 May 2019")
    father = next(r for r in rows if r["record_key_l"].endswith(":F"))
    assert father["family_l"].startswith("Other parent: Mum")
    assert father["forename_l"].startswith("Dad") and father["surname_r"] == "Jones"
    assert father["postcode_l"] == ""  # not recorded
    assert father["known_as_l"] == ""  # a mother's column, not the father's
    assert {r["forename_agreement"] for r in rows} <= {"Same", "Different"}
    assert {r["forename_agrees"] for r in rows} <= {"yes", "no"}
    assert {r["dob_agreement"] for r in rows} == {
        "Same",
        "Day and month swapped",
        "Not recorded on both",
    }
    assert {r["dob_agrees"] for r in rows} == {"yes", "partly", "missing"}
    # Fields the model does not compare, and columns the extract does not have, are blank.
    assert {r["surname_agreement"] for r in rows} == {""}
    assert {r["middle_names_l"] for r in rows} == {""}


def test_the_sample_is_the_same_for_a_seed_and_changes_with_it(con, tmp_path):
    first = write_review_sample(con, fake_linker(), tmp_path / "a", 0.5)
    again = write_review_sample(con, fake_linker(), tmp_path / "b", 0.5)
    other = write_review_sample(con, fake_linker(), tmp_path / "c", 0.5, seed=7)
    assert first["review_sample"].read_bytes() == again["review_sample"].read_bytes()

    def keys(files):
        return {(r["record_key_l"], r["record_key_r"]) for r in read_sample(files)[0]}

    assert keys(first) != keys(other)
    assert len(keys(first)) == len(keys(other))


def test_the_sample_follows_the_threshold(con, tmp_path):
    files = write_review_sample(con, fake_linker(), tmp_path, 0.9)
    rows, strata = read_sample(files)
    assert {s["name"]: s["low"] for s in strata["strata"]}["link_just_above"] == 0.9
    for row in rows:
        assert (row["side"] == LINK) == (float(row["match_probability"]) >= 0.9)


def test_agreement_labels_are_in_plain_words():
    assert plain_label("Exact match on forename", "forename") == "Same"
    assert plain_label("forename is NULL", "forename") == "Not recorded on both"
    assert plain_label("Damerau-Levenshtein distance of dob <= 1", "dob") == (
        "One character different"
    )
    assert plain_label("Jaro-Winkler distance of surname >= 0.9", "surname") == "Very similar"
    assert plain_label("All other comparisons", "surname") == "Different"
    assert plain_label("Same sector", "postcode") == "Same sector"


# --- The estimate ----------------------------------------------------------------------------

STRATA_HAND = [
    {"name": "a", "side": LINK, "low": 0.5, "high": 0.9, "pairs": 100, "sampled": 40},
    {"name": "b", "side": LINK, "low": 0.9, "high": 1.0, "pairs": 900, "sampled": 40},
    {"name": "c", "side": NON_LINK, "low": 0.2, "high": 0.5, "pairs": 200, "sampled": 40},
]


def decisions(same_a, n_a, same_b, n_b, same_c, n_c):
    out = []
    for name, same, n in (("a", same_a, n_a), ("b", same_b, n_b), ("c", same_c, n_c)):
        out += [(name, SAME)] * same + [(name, DIFFERENT)] * (n - same)
    return out


def test_the_estimate_weights_each_band_by_its_pairs():
    estimate = estimate_accuracy(STRATA_HAND, decisions(8, 10, 10, 10, 2, 10))
    # True links: 100 x 0.8 + 900 x 1.0 = 980 of 1,000 links; missed: 200 x 0.2 = 40.
    assert estimate.precision.value == pytest.approx(0.98)
    assert estimate.recall.value == pytest.approx(980 / 1020)
    assert estimate.decisions == 30
    assert (estimate.links_checked, estimate.links_same) == (20, 18)
    assert (estimate.non_links_checked, estimate.non_links_same) == (10, 2)
    assert estimate.enough and not estimate.caution
    for interval in (estimate.precision, estimate.recall):
        assert 0 <= interval.low <= interval.value <= interval.high <= 1
        assert interval.low < interval.high


def test_the_interval_narrows_with_more_decisions_and_is_fixed_by_the_seed():
    few = estimate_accuracy(STRATA_HAND, decisions(8, 10, 9, 10, 2, 10))
    many = estimate_accuracy(STRATA_HAND, decisions(32, 40, 36, 40, 8, 40))
    assert few.precision.value == pytest.approx(many.precision.value)
    assert few.recall.value == pytest.approx(many.recall.value)
    for name in ("precision", "recall"):
        wide, narrow = getattr(few, name), getattr(many, name)
        assert narrow.high - narrow.low < wide.high - wide.low
        assert narrow.low <= narrow.value <= narrow.high
    again = estimate_accuracy(STRATA_HAND, decisions(8, 10, 9, 10, 2, 10))
    assert again.precision == few.precision and again.recall == few.recall


def test_every_decision_right_still_gives_an_interval_below_one():
    estimate = estimate_accuracy(STRATA_HAND, decisions(10, 10, 10, 10, 0, 10))
    assert estimate.precision.value == 1.0 and estimate.precision.high == 1.0
    assert estimate.precision.low < 0.99
    assert estimate.recall.value == 1.0 and estimate.recall.low < 0.99


def test_cannot_tell_is_left_out():
    plain = estimate_accuracy(STRATA_HAND, decisions(8, 10, 10, 10, 2, 10))
    unsure = estimate_accuracy(
        STRATA_HAND, decisions(8, 10, 10, 10, 2, 10) + [("a", CANNOT_TELL)] * 5
    )
    assert unsure.precision == plain.precision and unsure.decisions == 30
    assert unsure.cannot_tell == 5


def test_too_few_decisions_say_nothing_or_come_with_a_caution():
    nothing = estimate_accuracy(STRATA_HAND, [("a", SAME), ("b", SAME)])
    assert nothing.precision is not None  # every link band has a decision
    assert nothing.recall is None  # the non-link band has none
    assert not nothing.enough and nothing.caution
    none_at_all = estimate_accuracy(STRATA_HAND, [])
    assert none_at_all.precision is None and none_at_all.recall is None
    few = estimate_accuracy(STRATA_HAND, decisions(3, 3, 3, 3, 1, 3))
    assert few.enough and few.caution
    # A band reviewed whole is not 'too few', however small.
    small = [dict(s, pairs=4) for s in STRATA_HAND]
    assert not estimate_accuracy(small, decisions(3, 4, 4, 4, 1, 4)).caution
    # A band with no pairs in the run needs no decision.
    empty = [*STRATA_HAND, {"name": "d", "side": NON_LINK, "low": 0, "high": 0.2, "pairs": 0}]
    assert estimate_accuracy(empty, decisions(8, 10, 10, 10, 2, 10)).enough


def test_one_band_gives_the_jeffreys_interval():
    one = [{"name": "a", "side": LINK, "low": 0.5, "high": 1.0, "pairs": 1000}]
    estimate = estimate_accuracy(one, [("a", SAME)] * 45 + [("a", DIFFERENT)] * 5)
    # Jeffreys interval for 45 of 50: Beta(45.5, 5.5) quantiles 0.7935 and 0.9624.
    assert estimate.precision.low == pytest.approx(0.7935, abs=0.01)
    assert estimate.precision.high == pytest.approx(0.9624, abs=0.01)
    assert estimate.recall.value == 1.0  # no non-link band: nothing was missed that we know of


def test_decisions_are_checked():
    with pytest.raises(ValueError):
        estimate_accuracy(STRATA_HAND, [("z", SAME)])
    with pytest.raises(ValueError):
        estimate_accuracy(STRATA_HAND, [("a", "maybe")])
    assert Stratum.of(STRATA_HAND[0]).pairs == 100


# --- Labels ----------------------------------------------------------------------------------


def test_labels_are_a_splink_labels_file():
    text = labels_csv(
        [
            ("A00002:M", "A00003:M", SAME),
            ("A00001:M", "A00004:M", DIFFERENT),
            ("A00005:F", "A00006:F", CANNOT_TELL),
            ("=cmd|x", "A00007:M", SAME),
        ]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["unique_id_l", "unique_id_r", "clerical_match_score"]
    assert rows[1:] == [
        ["'=cmd|x", "A00007:M", "1"],
        ["A00001:M", "A00004:M", "0"],
        ["A00002:M", "A00003:M", "1"],
    ]
    with pytest.raises(ValueError):
        labels_csv([("a", "b", "maybe")])


def test_a_whole_run_writes_the_sample(small_run):
    result, _stages = small_run
    files = result.files
    rows, strata = read_sample(files)
    assert strata["threshold"] == result.threshold
    assert sum(s["pairs"] for s in strata["strata"] if s["side"] == LINK) == result.links
    assert len(rows) == sum(s["sampled"] for s in strata["strata"]) > 0
    assert all(r["forename_l"] and r["forename_agreement"] for r in rows)
    assert {r["side"] for r in rows} >= {LINK}
