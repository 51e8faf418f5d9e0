"""Blocking within a budget: a population sharing a few names must not multiply comparisons."""

import json

import duckdb
import pytest

from alongside.linkage import link_applications
from alongside.linkage.blocking import (
    COMPARISONS_PER_RECORD,
    TOTAL_COMPARISONS_PER_RECORD,
    TRAINING_COMPARISONS_PER_RECORD,
    count_comparisons,
    plan_blocking,
)
from alongside.linkage.duck import connect, literal, run
from alongside.linkage.evaluation import compared_share
from alongside.linkage.model import PREDICTION_BLOCKS, TRAINING_BLOCKS
from alongside.linkage.synthetic import APPLICATION_COLUMNS

from .helpers import persons_table

MOTHERS = ["Fatima", "Aisha", "Amina", "Maryam", "Khadija", "Zainab", "Nadia", "Sana"]
FATHERS = ["Mohammed", "Ali", "Ahmed", "Hassan", "Imran", "Bilal", "Omar", "Yusuf"]
SURNAMES = ["Begum", "Khan", "Patel", "Singh", "Hussain"]


def _pick(salt: str, count: int) -> str:
    """SQL for a number from 0 to count - 1 for person p (a salted hash: the same each run)."""
    return f"cast(hash(p || {literal(':' + salt)}) % {count} as integer)"


def _person_sql(role: str, names: list[str]) -> str:
    # 8 postcode districts of 8 postcodes each; dates of birth over 30 years.
    return ", ".join(
        [
            f"{names}[1 + {_pick(role + 'f', len(names))}] as {role}_forename",
            f"{SURNAMES}[1 + {_pick(role + 's', len(SURNAMES))}] as {role}_surname",
            f"date '1975-01-01' + {_pick(role + 'd', 11000)} as {role}_dob",
            f"'B' || (10 + {_pick(role + 'p', 8)}) || ' ' || {_pick(role + 'i', 8)} || 'AB'"
            f" as {role}_postcode",
        ]
    )


def write_low_diversity_extract(path, applications: int) -> None:
    """An applications extract in which everyone shares 8 forenames and 5 surnames; a fifth
    of the parents are on more than one application."""
    people = int(applications * 0.8)
    con = duckdb.connect()
    for role, names in (("mother", MOTHERS), ("father", FATHERS)):
        run(
            con,
            f"create table {role}s as select i, {_person_sql(role, names)} from ("  # noqa: S608  # nosec B608
            f"select i, hash(i || {literal(':' + role)}) % {people} as p "  # noqa: S608  # nosec B608
            f"from range({applications}) t(i))",  # noqa: S608  # nosec B608
        )
    made = {"application_id", "issue_date", "local_authority"} | {
        f"{role}_{name}"
        for role in ("mother", "father")
        for name in ("forename", "surname", "dob", "postcode")
    }
    fill = ", ".join(f"null as {c}" for c in APPLICATION_COLUMNS if c not in made)
    run(
        con,
        f"copy (select {', '.join(APPLICATION_COLUMNS)} from ("  # noqa: S608  # nosec B608
        "select 'L' || lpad(cast(i as varchar), 7, '0') as application_id, "
        "date '2018-01-01' + cast(i % 2000 as integer) as issue_date, "
        f"'Lowshire' as local_authority, {fill}, m.* exclude (i), f.* exclude (i) "  # noqa: S608  # nosec B608
        "from mothers m join fathers f using (i))) "
        f"to {literal(str(path))} (header, delimiter ',')",  # noqa: S608  # nosec B608
    )
    con.close()


@pytest.fixture(scope="module")
def low_diversity(tmp_path_factory):
    folder = tmp_path_factory.mktemp("low_diversity")
    extract = folder / "applications.csv"
    write_low_diversity_extract(extract, 10_000)  # 20,000 parent records
    return folder, extract


def test_a_few_shared_names_are_kept_within_the_budget(low_diversity):
    folder, extract = low_diversity
    con, records = persons_table(folder, extract)
    assert records == 20_000
    plan = plan_blocking(con, "persons_input", records, PREDICTION_BLOCKS, TRAINING_BLOCKS)

    budget = COMPARISONS_PER_RECORD * records
    total = TOTAL_COMPARISONS_PER_RECORD * records
    unplanned = sum(
        count_comparisons(con, "persons_input", r).comparisons for r in PREDICTION_BLOCKS
    )
    planned = [count_comparisons(con, "persons_input", r).comparisons for r in plan.prediction]
    assert unplanned > 10 * total  # the names alone would blow it many times over
    assert all(n <= budget for n in planned)
    assert sum(planned) <= total  # the cost of scoring stays within the total budget
    training_budget = TRAINING_COMPARISONS_PER_RECORD * records
    assert all(
        count_comparisons(con, "persons_input", r).comparisons <= training_budget
        for r in plan.training
    )

    # Every rule over its share was tightened by one field or dropped, and a note says which.
    rows = {(c["purpose"], c["rule"]): c for c in plan.counts}
    changed = [c for c in plan.counts if c["used"] != c["rule"]]
    assert changed and len(plan.notes) == len(changed)
    assert all(c["comparisons"] > c["budget"] for c in changed)
    for entry in changed:
        assert entry["used"] is None or entry["used"].startswith(entry["rule"] + " + ")
    names = rows["prediction", "forename_std + surname"]
    assert names["used"] != "forename_std + surname"
    assert plan.notes[0].startswith(
        "The rule standardised forename + surname would make "
        f"{names['comparisons']:,} comparisons, over the "
    )
    wide_training = rows["training", "forename + surname + postcode_district"]
    assert wide_training["used"].startswith("forename + surname + postcode_district + ")
    assert any(
        "training (EM) rule forename + surname + postcode district" in note for note in plan.notes
    )
    con.close()


def test_the_count_is_splinks_pre_filter_count(low_diversity):
    from splink import DuckDBAPI
    from splink.blocking_analysis import n_largest_blocks

    from alongside.linkage.model import block

    folder, extract = low_diversity
    con, records = persons_table(folder, extract)
    frame = DuckDBAPI(con).register("persons_input", table_name="persons_check")
    for fields in [*PREDICTION_BLOCKS, *TRAINING_BLOCKS]:
        blocks = n_largest_blocks(
            frame, blocking_rule=block(fields), link_type="dedupe_only", n_largest=records
        )
        total = f"select coalesce(sum(block_count), 0) from {blocks.physical_name}"  # noqa: S608  # nosec B608
        splink_count = run(con, total)[0][0]
        assert count_comparisons(con, "persons_input", fields).comparisons == splink_count
    con.close()


WHOLE_NAME_IN_AUTHORITY = ("forename_std", "surname", "local_authority")
WHOLE_NAME_AND_BIRTHDAY = ("forename_std", "surname", "dob_month_day")
SWAPPED_NAME_RULE = ("dob_canon", "initials")


def test_ordinary_data_keeps_every_rule(small_dataset, tmp_path):
    con, records = persons_table(tmp_path, small_dataset / "applications.csv")
    plan = plan_blocking(con, "persons_input", records, PREDICTION_BLOCKS, TRAINING_BLOCKS)
    # Every rule is kept as it is, but those whose pairs an earlier rule already finds: the
    # whole name (untightened) finds every pair of the whole name with anything else.
    repeats = {
        WHOLE_NAME_IN_AUTHORITY: "forename_std + surname",
        WHOLE_NAME_AND_BIRTHDAY: "forename_std + surname",
    }
    assert plan.prediction == [r for r in PREDICTION_BLOCKS if r not in repeats]
    assert plan.training == TRAINING_BLOCKS
    assert plan.notes == []
    repeated = [c for c in plan.counts if c["used"] != c["rule"]]
    assert {c["rule"]: c["repeats"] for c in repeated} == {
        " + ".join(rule): earlier for rule, earlier in repeats.items()
    }
    assert len(plan.counts) == len(PREDICTION_BLOCKS) + len(TRAINING_BLOCKS)
    con.close()


def test_a_tightened_name_rule_leaves_room_for_the_whole_name_in_the_authority():
    """400 records of one name over 40 years of birth and 40 authorities: the name rule is
    over its share and is tightened by year of birth, so the whole name in the same authority
    (which finds the same name with the year mistyped) is kept as a rule of its own."""
    con = connect()
    run(
        con,
        "create table persons_input as select 'R' || i as record_key, 'M' as role, "
        "'amina' as forename_std, 'begum' as surname, "
        "cast(1960 + i % 40 as varchar) as dob_year, 'la ' || (i // 10) as local_authority "
        "from range(400) t(i)",
    )
    rules = [("forename_std", "surname"), WHOLE_NAME_IN_AUTHORITY]
    plan = plan_blocking(con, "persons_input", 400, rules, [])
    assert plan.prediction == [("forename_std", "surname", "dob_year"), WHOLE_NAME_IN_AUTHORITY]
    assert len(plan.notes) == 1
    assert "tightened to standardised forename + surname + year of birth" in plan.notes[0]
    con.close()


def test_when_every_rule_is_over_budget_the_tightest_is_kept_and_said():
    """Identical records: no field separates them, so every rule is dropped, but prediction
    keeps one rule (not every record against every other) and EM still has one to run on."""
    con = connect()
    run(
        con,
        "create table persons_input as select 'R' || i as record_key, 'M' as role, "
        "'amina' as forename, 'amina' as forename_std, 'begum' as surname, "
        "'1990-01-01' as dob, 'B10 1AB' as postcode, 'B10' as postcode_district "
        "from range(400) t(i)",
    )
    plan = plan_blocking(
        con,
        "persons_input",
        400,
        [("forename_std", "surname"), ("surname", "dob")],
        [("forename", "surname")],
    )
    assert len(plan.prediction) == 1 and len(plan.training) == 1
    assert [c["used"] for c in plan.counts[:2]] == [None, None]
    assert any(n.startswith("Every prediction rule was over the budget") for n in plan.notes)
    assert any(n.startswith("Every training (EM) rule was over") for n in plan.notes)
    assert sum("dropped" in n for n in plan.notes) == 3
    con.close()


def test_linking_a_low_diversity_extract_reports_its_blocking(tmp_path, monkeypatch):
    # Fewer random pairs for u than a real run scores, to keep the test quick.
    monkeypatch.setattr(
        "alongside.linkage.pipeline.u_sample_pairs", lambda records: 1e5, raising=False
    )
    extract = tmp_path / "applications.csv"
    write_low_diversity_extract(extract, 3_000)  # 6,000 parent records
    result = link_applications([extract], tmp_path / "out", report=False)
    assert result.records == 6_000
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    notes = summary["blocking"]["notes"]
    assert any(
        "standardised forename + surname" in note and "tightened to" in note for note in notes
    )
    rules = summary["blocking"]["rules"]
    assert all(
        rule["used_comparisons"] is None or rule["used_comparisons"] <= rule["budget"]
        for rule in rules
    )
    assert (tmp_path / "out" / "persons.csv").exists()


def _crowded(con, pair: list[tuple], born: str, initials: str) -> None:
    """persons_input with 2,000 records in pools of 16 names over 40 authorities, born as the
    SQL `born` says (a date from the row number i), with `initials`, and `pair` (two records
    of one person) on top: crowded enough that the wide rules are tightened."""
    columns = (
        "record_key, role, nhs_number, forename_std, surname, dob, dob_canon, dob_year, "
        "dob_month_day, postcode, postcode_district, local_authority, coparent_name, "
        "coparent_dob, initials"
    )
    run(
        con,
        "create table crowd as select i, 'R' || i as record_key, 'M' as role, "  # noqa: S608
        "null as nhs_number, ['amina', 'sara', 'hina', 'zara'][i % 4 + 1] as forename_std, "
        "['begum', 'khan', 'ali', 'shah'][i // 4 % 4 + 1] as surname, "
        f"strftime({born}, '%Y-%m-%d') as dob, 'P' || i as postcode, "
        "'D' || (i % 40) as postcode_district, 'la ' || (i % 40) as local_authority, "
        f"{initials} as initials from range(2000) t(i)",
    )
    run(
        con,
        f"create table persons_input as select {columns} from (select *, "  # noqa: S608
        "substr(dob, 1, 4) || '-' || "
        "cast(least(month(dob::date), day(dob::date)) as varchar) || '-' || "
        "cast(greatest(month(dob::date), day(dob::date)) as varchar) as dob_canon, "
        "substr(dob, 1, 4) as dob_year, substr(dob, 6, 5) as dob_month_day, "
        "null as coparent_name, null as coparent_dob from crowd)",
    )
    for row in pair:
        con.execute(
            f"insert into persons_input ({columns}) values ({', '.join('?' * 15)})",  # noqa: S608
            list(row),
        )
    run(
        con,
        "create table truth as select 'A' as person_id, record_key from persons_input "
        "where record_key in ('P1', 'P2')",
    )


def _record(key: str, forename: str, surname: str, dob: str, postcode: str, authority: str):
    """One parent's row of persons_input, with the columns records.py derives."""
    year, month, day = dob.split("-")
    low, high = sorted((int(month), int(day)))
    initials = "".join(sorted((forename[0], surname[0])))
    district = postcode.split()[0]
    return (key, "M", None, forename, surname, dob, f"{year}-{low}-{high}", year, dob[5:]) + (
        postcode,
        district,
        authority,
        None,
        None,
        initials,
    )


# Each case: the pair (one person), how the crowd is born, and the rule that keeps the pair.
CROWDED_CASES = {
    # Kimanzi Edwards, then 'Edwauds Kimanzi' (swapped, with a typo) in another authority:
    # only the date of birth and the initials (e and k, either way) are the same. The crowd is
    # all born on that day, so the date of birth alone is over its share.
    "a swapped name with a typo after a move": (
        [
            _record("P1", "kimanzi", "edwards", "1992-05-06", "AB1 2CD", "north"),
            _record("P2", "edwauds", "kimanzi", "1992-05-06", "ZZ9 8YX", "south"),
        ],
        "date '1992-05-06'",
        SWAPPED_NAME_RULE,
    ),
    # The whole name with the year of birth mistyped, in another authority. The crowd shares
    # its names and is born over one year, so the name alone is tightened by the year.
    "the whole name with the year mistyped after a move": (
        [
            _record("P1", "amina", "begum", "1991-07-08", "AB1 2CD", "north"),
            _record("P2", "amina", "begum", "1981-07-08", "ZZ9 8YX", "south"),
        ],
        "date '1990-01-01' + cast(i % 365 as integer)",
        WHOLE_NAME_AND_BIRTHDAY,
    ),
}


@pytest.mark.parametrize("case", CROWDED_CASES)
def test_a_pair_only_one_rule_keeps_is_compared_in_a_crowded_extract(case):
    pair, born, rule = CROWDED_CASES[case]
    con = connect()
    # Initials of 400 kinds, so the date of birth with the initials is within its share.
    _crowded(con, pair, born=born, initials="'x' || (i % 400)")

    def compared(rules) -> float:
        plan = plan_blocking(con, "persons_input", 2002, rules, [])
        return compared_share(con, "persons_input", "truth", [list(r) for r in plan.prediction])

    assert compared(PREDICTION_BLOCKS) == 1
    assert compared([r for r in PREDICTION_BLOCKS if r != rule]) == 0
    con.close()


def test_a_swapped_name_keeps_its_initials(tmp_path):
    extract = tmp_path / "applications.csv"
    header = (
        "application_id,issue_date,court,local_authority,child_id,child_dob,mother_forename,"
        "mother_surname,mother_dob,mother_postcode"
    )
    extract.write_text(
        f"{header}\n"
        "A1,01/02/2020,Court A,North,C1,01/01/2020,Kimanzi,Edwards,06/05/1992,AB1 2CD\n"
        "A2,01/02/2023,Court B,South,C2,01/01/2023,Edwauds,Kimanzi,06/05/1992,ZZ9 8YX\n"
        "A3,01/02/2023,Court B,South,C3,01/01/2023,Kimanzi,Okafor,06/05/1992,ZZ9 8YX\n"
    )
    con, _ = persons_table(tmp_path, extract)
    initials = dict(run(con, "select record_key, initials from persons_input"))
    assert initials == {"A1:M": "ek", "A2:M": "ek", "A3:M": "ko"}
    con.close()
