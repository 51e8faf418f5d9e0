"""Signs of trouble in a linkage run (no truth file): conflicting NHS numbers, impossible
dates, cluster sizes and match weights, in summary.json and the report."""

import datetime as dt
import json
import re
from html import escape

import duckdb
import pytest

from alongside.linkage.recurrence_report import trouble_section, write_recurrence_report
from alongside.linkage.signals import (
    MAX_CLUSTER_SIZE,
    threshold_weight,
    trouble_signals,
    warning_sentences,
)


def nhs(stem: int) -> str:
    """A valid NHS number (correct modulus 11 check digit) from a 9-digit stem."""
    while True:
        digits = [int(d) for d in str(stem)]
        check = (11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11) % 11
        if check != 10:
            return str(stem) + str(check)
        stem += 1


def typo(number: str) -> str:
    """One digit keyed wrong: never passes the check digit."""
    return number[:3] + str((int(number[3]) + 1) % 10) + number[4:]


def build(con, people: list[list[dict]], weights: list[float]) -> None:
    """The run's tables from people (each a list of records) and the scored pairs' weights.
    A record: role, dob, and optionally application, nhs, child_dob."""
    rows = []
    n = 0
    for p, records in enumerate(people):
        for record in records:
            n += 1
            application = record.get("application", f"A{n:05d}")
            role = record.get("role", "M")
            dob = record.get("dob", dt.date(1990, 1, 1))
            rows.append(
                (
                    f"P{p:05d}",
                    f"{application}:{role}",
                    role,
                    application,
                    "LA1",
                    "Court",
                    dt.date(2020, 1, 1),
                    "",
                    None,
                    f"C{n:05d}",
                    record.get("child_dob", dt.date(2019, 12, 1)),
                    dob,
                    "",
                    record.get("nhs"),
                )
            )
    con.execute(
        "create or replace table people_rows (person_id varchar, record_key varchar, "
        "role varchar, application_id varchar, local_authority varchar, court varchar, "
        "issue_date date, final_order varchar, final_order_date date, child_id varchar, "
        "child_dob date, dob date, ethnicity varchar, nhs_number varchar)"
    )
    if rows:
        con.executemany("insert into people_rows values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.execute(
        "create or replace table linked_records as select * exclude (nhs_number) from people_rows"
    )
    con.execute(
        "create or replace table persons_input as "
        "select record_key, role, strftime(dob, '%Y-%m-%d') as dob, nhs_number from people_rows"
    )
    con.execute("create or replace table predictions (match_weight double)")
    if weights:
        con.executemany("insert into predictions values (?)", [(w,) for w in weights])


def clean_person(size: int = 2, stem: int = 400_000_000) -> list[dict]:
    number = nhs(stem)
    return [{"nhs": number if i % 2 == 0 else None} for i in range(size)]


def check(signals: dict, rule: str) -> dict:
    return next(c for c in signals["clusters"]["checks"] if c["rule"] == rule)


WEIGHTS = [-3.5, -1.0, -0.99, 0.5, 0.5, 0.9, 1.0, 3.0, 21.0, 25.0]


@pytest.fixture
def troubled():
    """20 people with more than one record, 5 of them with a sign of trouble, and 10
    people with one record."""
    con = duckdb.connect()
    first, second = nhs(123_456_780), nhs(987_654_320)
    people = [
        [{"nhs": first}, {"nhs": second}],  # two valid NHS numbers
        [{"nhs": first}, {"nhs": typo(first)}],  # a keying error, not a second number
        [{"dob": dt.date(1990, 1, 1)}, {"dob": dt.date(1995, 1, 1)}],  # dobs 5 years apart
        [{}, {"child_dob": dt.date(1995, 6, 1)}],  # a child born when the mother was 5
        [{"application": "A99999", "role": "M"}, {"application": "A99999", "role": "F"}],
        [{"nhs": nhs(555_000_000)} for _ in range(25)],  # a giant
        *(clean_person(2 + i % 3, 600_000_000 + 1000 * i) for i in range(14)),
        *([{}] for _ in range(10)),
    ]
    build(con, people, WEIGHTS)
    yield con
    con.close()


def test_each_sign_of_trouble_is_counted(troubled):
    signals = trouble_signals(troubled, 0.5)
    clusters = signals["clusters"]
    assert clusters["count"] == 20
    assert clusters["largest_size"] == 25
    assert clusters[f"over_{MAX_CLUSTER_SIZE}_records"] == 1
    assert check(signals, "conflicting_nhs_numbers")["clusters"] == 2  # the typo too
    valid = check(signals, "conflicting_valid_nhs_numbers")
    assert (valid["clusters"], valid["percent"], valid["limit_percent"]) == (1, 5.0, 1.0)
    assert check(signals, "dates_of_birth_over_a_year_apart")["clusters"] == 1
    assert check(signals, "impossible_parent_age")["clusters"] == 1
    dates = check(signals, "impossible_dates")
    assert (dates["clusters"], dates["percent"]) == (2, 10.0)
    assert check(signals, "both_parents_on_one_application")["clusters"] == 1
    assert signals["people"] == 30
    assert signals["records"] == 5 * 2 + 25 + (5 * 2 + 5 * 3 + 4 * 4) + 10


def test_cluster_sizes_are_banded(troubled):
    sizes = {s["size"]: s["people"] for s in trouble_signals(troubled, 0.5)["cluster_sizes"]}
    # 14 clean people of 2, 3, 4, 2, 3, 4, ... records, 5 troubled people of 2, one of 25.
    assert sizes == {"1": 10, "2": 5 + 5, "3": 5, "4": 4, "5": 0, "6 to 10": 0, "over 10": 1}


def test_match_weights_are_banded_and_near_the_threshold_counted(troubled):
    weights = trouble_signals(troubled, 0.5)["match_weights"]
    bands = {b["weight"]: b["pairs"] for b in weights["bands"]}
    assert bands["below -2"] == 1
    assert bands["-2 to 0"] == 2
    assert bands["0 to 2"] == 4
    assert bands["2 to 4"] == 1
    assert bands["20 and over"] == 2
    assert sum(bands.values()) == weights["pairs"] == len(WEIGHTS)
    assert weights["threshold_weight"] == 0.0
    assert weights["near_threshold"] == 6  # -1, -0.99, 0.5, 0.5, 0.9, 1.0
    assert weights["near_threshold_percent"] == 60.0
    # At probability 0.8 the threshold is a weight of 2: 1 and 3 are within 1 of it.
    assert threshold_weight(0.8) == 2.0
    assert trouble_signals(troubled, 0.8)["match_weights"]["near_threshold"] == 2
    # At 1 there is no finite weight, so no pair is near it.
    assert threshold_weight(1.0) is None
    assert trouble_signals(troubled, 1.0)["match_weights"]["near_threshold"] == 0


def test_each_signal_past_its_limit_warns_in_plain_english(troubled):
    signals = trouble_signals(troubled, 0.5)
    warnings = signals["warnings"]
    assert len(warnings) == 5
    text = " ".join(warnings)
    assert (
        "5.0% of people with more than one record have two different NHS numbers that both "
        "pass the NHS number check digit (more than 1% suggests over-linking)." in warnings
    )
    assert "10.0% of people with more than one record have dates that cannot all be true" in text
    assert "both the mother and the father on one application" in text
    assert "1 person is made of more than 20 records, the largest of 25" in text
    assert "60.0% of the scored pairs have a match weight within 1 of the threshold" in text
    json.dumps(signals)  # plain values only


def test_a_clean_run_gives_no_warnings():
    con = duckdb.connect()
    build(
        con,
        [clean_person(2 + i % 4, 700_000_000 + 1000 * i) for i in range(200)] + [[{}]] * 50,
        [-3.0, 8.0, 15.0, 22.0, 30.0] * 20,
    )
    signals = trouble_signals(con, 0.5)
    assert signals["warnings"] == []
    assert all(c["clusters"] == 0 for c in signals["clusters"]["checks"])
    con.close()


def test_an_empty_run_gives_zeros_not_errors():
    con = duckdb.connect()
    build(con, [], [])
    signals = trouble_signals(con, 0.5)
    assert signals["clusters"]["count"] == 0 and signals["match_weights"]["pairs"] == 0
    assert signals["warnings"] == []
    con.close()


def test_the_report_section_suppresses_small_counts_of_people(troubled, tmp_path):
    signals = trouble_signals(troubled, 0.5)
    # The published sentences say 'fewer than 5' for a count of 1 to 4 and give no share.
    published = warning_sentences(signals, hide_small=True)
    assert "Fewer than 5 people with more than one record have two different NHS numbers" in (
        " ".join(published)
    )
    assert not any("5.0%" in w or "10.0%" in w for w in published)
    html = re.sub(r"<svg.*?</svg>", "", trouble_section(signals))
    assert "<h2>Signs of trouble in this run</h2>" in html
    assert "No signs of trouble found" not in html
    for warning in published:
        assert escape(warning) in html
    # The counts of people in the checks and sizes tables: none from 1 to 4 is printed.
    first_cells = re.findall(r'<th scope="row">[^<]*</th><td>([^<]*)</td>', html)
    people = first_cells[: 6 + 7]  # the checks, then the sizes (then the pairs)
    assert "fewer than 5" in people and "10" in people
    assert not {"1", "2", "3", "4"} & set(people)
    # The match-weight table (pairs, not people) is shown as it is.
    assert "1" in first_cells[13:]


def test_the_report_takes_the_signals_or_works_them_out(troubled, tmp_path):
    signals = trouble_signals(troubled, 0.5)
    given = write_recurrence_report(troubled, tmp_path / "given", signals=signals)
    worked_out = write_recurrence_report(troubled, tmp_path / "worked_out")
    for files in (given, worked_out):
        html = files["report"].read_text()
        assert "Signs of trouble in this run" in html and "two different NHS numbers" in html
    # Without the run's tables (only linked_records), the section is left out.
    con = duckdb.connect()
    build(con, [[{}, {}]], [])
    con.execute("drop table predictions")
    html = write_recurrence_report(con, tmp_path / "bare")["report"].read_text()
    assert "Signs of trouble" not in html
    con.close()


def test_a_real_run_reports_its_signals(small_run):
    result, _ = small_run
    summary = json.loads((result.out_dir / "summary.json").read_text())
    signals = summary["signals"]
    assert signals["warnings"] == []
    assert signals["records"] == result.records and signals["people"] == result.persons
    assert signals["clusters"]["count"] > 0
    assert {c["rule"] for c in signals["clusters"]["checks"]} >= {
        "conflicting_nhs_numbers",
        "impossible_dates",
        "both_parents_on_one_application",
    }
    assert signals["match_weights"]["pairs"] > 0
    html = result.files["report"].read_text()
    assert "<h2>Signs of trouble in this run</h2>" in html
    assert "No signs of trouble found" in html


def test_a_small_run_hides_small_counts_in_the_sentences_too():
    con = duckdb.connect()
    # 10 people with two records, 8 of them with two valid NHS numbers; 20 with one record.
    conflicted = [
        [{"nhs": nhs(100_000_000 + 97 * i)}, {"nhs": nhs(800_000_000 + 97 * i)}] for i in range(8)
    ]
    build(con, [*conflicted, [{}, {}], [{}, {}], *([{}] for _ in range(20))], [10.0])
    signals = trouble_signals(con, 0.5)
    assert check(signals, "conflicting_valid_nhs_numbers")["percent"] == 80.0
    assert "80.0% of people with more than one record have two different NHS numbers" in (
        " ".join(signals["warnings"])
    )
    published = warning_sentences(signals, hide_small=True)
    assert any(
        w.startswith("All but a few of the people with more than one record") for w in published
    )
    assert not any("80.0%" in w for w in published)
    html = trouble_section(signals)
    assert "People with more than one record linked to them: 10." in html
    con.close()

    con = duckdb.connect()
    build(con, [[{}, {}], [{}, {}], [{}, {}], *([{}] for _ in range(20))], [10.0])
    html = trouble_section(trouble_signals(con, 0.5))
    assert "People with more than one record linked to them: fewer than 5." in html
    table = html.split("People by the number of records linked to them</caption>")[1]
    sizes = dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', table)[:7])
    assert sizes["2"] == "fewer than 5" and sizes["1"] == "suppressed"
    con.close()
