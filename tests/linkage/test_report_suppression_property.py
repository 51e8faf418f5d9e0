"""Property: no output of the recurrence report (HTML tables, charts, CSV files) reveals a
hidden count, directly or by subtraction or division from the figures it does show.

Random small populations of linked parents go through the real report. The checks play a
reader who knows how the tables are made: which sums hold between them, that 'fewer than 5'
means 1 to 4, and that a rate is a count over a total. Written apart from
`linkage.suppression`, so that they check it rather than repeat it.
"""

import csv
import datetime as dt
import re
import tempfile
from html import unescape
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.linkage.recurrence_report import recurrence_tables, write_recurrence_report
from alongside.linkage.suppression import FEWER_THAN_5, SUPPRESSED

ROLES = (("M", "mothers"), ("F", "fathers"))
NAMES = [
    "summary",
    "by_local_authority",
    "by_year",
    "interval_final_order_to_next_issue",
    "age_at_first_application",
]
COUNTS = {
    "summary": ["count", "total"],
    "by_local_authority": ["parents", "recurrent", "applications", "recurrent_applications"],
    "by_year": ["applications", "recurrent_applications", "repeat_applications"],
    "interval_final_order_to_next_issue": ["applications"],
    "age_at_first_application": ["parents"],
}
CAP = 10**6  # what a reader knows of a 'suppressed' cell: at least 0 (and less than this)

application = st.tuples(
    st.sampled_from(["Aberton", "Brinton", "Cawley"]),
    st.integers(2019, 2021),
    st.integers(1, 12),
    st.booleans(),  # a final order
)
parent = st.tuples(
    st.sampled_from("MF"),
    st.lists(application, min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(1980, 2004)),  # year of birth, or not known
)


def linked_records(people) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "create table linked_records (person_id varchar, role varchar, application_id varchar, "
        "local_authority varchar, issue_date date, final_order_date date, dob date)"
    )
    rows = []
    for p, (role, apps, born) in enumerate(people):
        for a, (authority, year, month, final) in enumerate(apps):
            issued = dt.date(year, month, 1)
            rows.append(
                (
                    f"P{p}",
                    role,
                    f"A{p}-{a}",
                    authority,
                    issued,
                    issued + dt.timedelta(days=200) if final else None,
                    dt.date(born, 6, 1) if born else None,
                )
            )
    if rows:
        con.executemany("insert into linked_records values (?, ?, ?, ?, ?, ?, ?)", rows)
    return con


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def html_tables(html: str) -> list[list[list[str]]]:
    tables = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        tables.append(
            [
                [unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
                for row in re.findall(r"<tr>(.*?)</tr>", body)
            ]
        )
    return tables


def charts(html: str) -> list[list[str]]:
    """Each chart's texts in order: a label, then its value or 'suppressed'."""
    return [
        [unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]
        for svg in re.findall(r"<svg.*?</svg>", html, re.S)
    ]


def number(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d+", text) else None


def reader_relations(truth: dict) -> tuple[dict, list[dict]]:
    """The sums a reader knows hold, with the true value of everything in them (unprinted
    quantities such as 'parents with one application' included)."""
    values = {}
    for name, (_, rows) in truth.items():
        for i, row in enumerate(rows):
            for column in COUNTS[name]:
                values[(name, i, column)] = row[column]
    relations = []

    def holds(terms: dict, rest: str | None = None) -> None:
        terms = dict(terms)
        if rest is not None:
            values[rest] = sum(values[k] * w for k, w in terms.items())
            terms[rest] = -1
        assert sum(values[k] * w for k, w in terms.items()) == 0
        relations.append(terms)

    P, R = ("summary", 0, "total"), ("summary", 0, "count")
    A, RA = ("summary", 1, "total"), ("summary", 1, "count")
    holds({P: 1, R: -1}, "parents with one application")
    holds({A: 1, RA: -1}, "applications of parents with one")
    la = len(truth["by_local_authority"][1])
    years = len(truth["by_year"][1])
    for i in range(la):
        cell = lambda c, i=i: ("by_local_authority", i, c)  # noqa: E731
        holds({cell("parents"): 1, cell("recurrent"): -1}, f"LA {i} parents with one")
        holds({cell("applications"): 1, cell("recurrent_applications"): -1}, f"LA {i} other apps")
    for total, column in ((P, "parents"), (R, "recurrent"), (A, "applications")):
        holds({total: 1} | {("by_local_authority", i, column): -1 for i in range(la)})
    holds({RA: 1} | {("by_local_authority", i, "recurrent_applications"): -1 for i in range(la)})
    for i in range(years):
        cell = lambda c, i=i: ("by_year", i, c)  # noqa: E731
        holds({cell("applications"): 1, cell("recurrent_applications"): -1}, f"year {i} other")
        holds({cell("applications"): 1, cell("repeat_applications"): -1}, f"year {i} first")
    holds({A: 1} | {("by_year", i, "applications"): -1 for i in range(years)})
    holds({RA: 1} | {("by_year", i, "recurrent_applications"): -1 for i in range(years)})
    holds({A: 1, P: -1} | {("by_year", i, "repeat_applications"): -1 for i in range(years)})
    holds(
        {A: 1, P: -1}
        | {("interval_final_order_to_next_issue", i, "applications"): -1 for i in range(6)},
        "repeats with no interval",
    )
    holds(
        {P: 1} | {("age_at_first_application", i, "parents"): -1 for i in range(6)},
        "first applications with no date of birth",
    )
    return values, relations


def what_a_reader_can_work_out(published: dict, values: dict, relations: list[dict]) -> dict:
    """The lowest and highest value a reader can give each quantity, from what is printed and
    each known sum in turn, repeated until nothing narrows."""
    low, high = {}, {}
    for key in values:
        text = published.get(key)
        if text is not None and number(text) is not None:
            low[key] = high[key] = number(text)
        elif text == FEWER_THAN_5:
            low[key], high[key] = 1, 4
        else:
            low[key], high[key] = 0, CAP
    changed = True
    while changed:
        changed = False
        for terms in relations:
            for key, weight in terms.items():
                # weight * key = -(sum of the other terms)
                others = [(k, w) for k, w in terms.items() if k != key]
                most = -sum(w * (low[k] if w > 0 else high[k]) for k, w in others)
                least = -sum(w * (high[k] if w > 0 else low[k]) for k, w in others)
                lo, hi = (least, most) if weight > 0 else (-most, -least)
                if lo > low[key] or hi < high[key]:
                    low[key], high[key] = max(lo, low[key]), min(hi, high[key])
                    changed = True
    return {key: (low[key], high[key]) for key in values}


def check_report(people) -> None:
    con = linked_records(people)
    with tempfile.TemporaryDirectory() as folder:
        files = write_recurrence_report(con, folder)
        html = files["report"].read_text(encoding="utf-8")
        tables = html_tables(html)
        all_charts = charts(html)
        for r, (role, who) in enumerate(ROLES):
            truth = recurrence_tables(con, role)
            published = {}
            for n, name in enumerate(NAMES):
                columns, rows = truth[name]
                shown = read_csv(Path(folder) / f"{who}_{name}.csv")
                # The HTML table says exactly what the CSV says.
                assert tables[r * len(NAMES) + n] == [[row[c] for c in columns] for row in shown]
                assert len(shown) == len(rows)
                for i, (row, out) in enumerate(zip(rows, shown, strict=True)):
                    for column in COUNTS[name]:
                        text, value = out[column], row[column]
                        published[(name, i, column)] = text
                        if number(text) is not None:
                            assert number(text) == value
                            assert not 0 < value < 5, f"{who} {name} row {i} {column}: {value}"
                        else:
                            # 'fewer than 5' only for 1 to 4 ('suppressed' may hide any count).
                            assert text == SUPPRESSED or (text == FEWER_THAN_5 and 0 < value < 5)
                    # A rate is printed only when both its parts are.
                    if name == "summary" and out["percent"] != SUPPRESSED:
                        assert number(out["count"]) is not None
                        assert number(out["total"]) is not None
                        assert float(out["percent"]) == round(
                            100 * row["count"] / max(row["total"], 1), 1
                        )
            check_charts(all_charts[r * 4 : r * 4 + 4], truth, published)
            values, relations = reader_relations(truth)
            known = what_a_reader_can_work_out(published, values, relations)
            for key, (lo, hi) in known.items():
                hidden = published.get(key, SUPPRESSED) in (FEWER_THAN_5, SUPPRESSED)
                sensitive = key in published or 0 < values[key] < 5
                assert not (hidden and sensitive and lo == hi), (
                    f"{who}: {key} = {values[key]} can be worked out from the shown figures"
                )


def check_charts(four: list[list[str]], truth: dict, published: dict) -> None:
    """Every value a chart prints comes from shown cells: a chart adds nothing to its table."""
    summary, by_year, interval, age = four

    def values(chart):
        return list(zip(chart[0::2], chart[1::2], strict=True))

    for i, (_, text) in enumerate(values(summary)):
        if text != SUPPRESSED:
            count, total = published[("summary", i, "count")], published[("summary", i, "total")]
            assert number(count) is not None and number(total) is not None
            assert text == f"{100 * number(count) / max(number(total), 1):.1f}%"
    for i, (_, text) in enumerate(values(by_year)):
        if text != SUPPRESSED:
            apps = published[("by_year", i, "applications")]
            recurrent = published[("by_year", i, "recurrent_applications")]
            assert number(apps) is not None and number(recurrent) is not None, (
                f"the share for year {i} is drawn over a hidden count ({recurrent} of {apps})"
            )
            assert text == f"{100 * number(recurrent) / number(apps):.1f}%"
    for name, chart, column in (
        ("interval_final_order_to_next_issue", interval, "applications"),
        ("age_at_first_application", age, "parents"),
    ):
        for i, (_, text) in enumerate(values(chart)):
            if text != SUPPRESSED:
                assert number(published[(name, i, column)]) is not None
                assert float(text) == number(published[(name, i, column)])


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(parent, max_size=45))
def test_no_output_of_the_report_reveals_a_hidden_count(people):
    check_report(people)


def test_the_share_by_year_is_not_drawn_over_a_hidden_number_of_applications():
    """The chart by year once plotted recurrent / applications when applications was hidden."""
    two = [("M", [("Aberton", 2020, 3, False), ("Aberton", 2020, 9, False)], 1990)]
    people = [("M", [("Aberton", 2019, 5, False)], 1991)] * 3  # 2019: 3, hidden
    people += two * 3 + [("M", [("Brinton", 2020, 5, False)], 1992)] * 6  # 2020: 12, 6 recurrent
    people += [("M", [("Cawley", 2021, 5, False), ("Cawley", 2021, 8, False)], 1993)]
    people += [("M", [("Cawley", 2021, 5, False)], 1994)] * 20  # 2021: 22, 2 recurrent
    check_report(people)
