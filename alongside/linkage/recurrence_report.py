"""Recurrence analytics from linked data: an HTML report (offline, inline SVG) and CSV tables,
with small numbers suppressed. Reads the DuckDB table `linked_records` made by the pipeline.
"""

from html import escape
from pathlib import Path
from typing import Any

from . import csv_safe
from .duck import literal, run, scalar
from .signals import CLUSTER_SIZE_BANDS, trouble_signals, warning_sentences
from .suppression import SUPPRESSED, Relation, display, protect, suppress, unprinted
from .svg_charts import bar_chart

INTERVAL_BANDS = [
    (0, 6, "under 6 months"),
    (6, 12, "6 to 11 months"),
    (12, 18, "12 to 17 months"),
    (18, 24, "18 to 23 months"),
    (24, 36, "24 to 35 months"),
    (36, 10_000, "36 months or more"),
]
AGE_BANDS = [
    (0, 18, "under 18"),
    (18, 20, "18 to 19"),
    (20, 25, "20 to 24"),
    (25, 30, "25 to 29"),
    (30, 35, "30 to 34"),
    (35, 200, "35 or over"),
]


def _band_sql(expr: str, bands: list) -> str:
    """A case expression putting `expr` in one of `bands` (this module's constant bands)."""
    cases = " ".join(
        f"when {expr} >= {int(lo)} and {expr} < {int(hi)} then {literal(label)}"
        for lo, hi, label in bands
    )
    return f"case {cases} end"


def recurrence_tables(con: Any, role: str = "M") -> dict[str, tuple[list[str], list[dict]]]:
    """The report's tables for one role ('M' mothers, 'F' fathers), unsuppressed."""
    run(
        con,
        """
        create or replace temp table __r as
        select *, count(*) over (partition by person_id) as n_apps,
               row_number() over (partition by person_id order by issue_date, application_id) as seq,
               lag(final_order_date) over (partition by person_id order by issue_date, application_id) as prev_final
        from linked_records where role = ?
        """,
        [role],
    )
    tables: dict[str, tuple[list[str], list[dict]]] = {}
    (parents, recurrent, apps, rec_apps) = run(
        con,
        "select count(distinct person_id), count(distinct person_id) filter (where n_apps > 1), "
        "count(*), count(*) filter (where n_apps > 1) from __r",
    )[0]
    tables["summary"] = (
        ["measure", "count", "total", "percent"],
        [
            {
                "measure": "Parents with more than one application",
                "count": recurrent,
                "total": parents,
                "percent": 100 * recurrent / max(parents, 1),
            },
            {
                "measure": "Applications involving them",
                "count": rec_apps,
                "total": apps,
                "percent": 100 * rec_apps / max(apps, 1),
            },
        ],
    )
    rows = run(
        con,
        """
        select local_authority, count(distinct person_id) parents,
               count(distinct person_id) filter (where n_apps > 1) recurrent,
               count(*) applications, count(*) filter (where n_apps > 1) recurrent_applications
        from (select * replace (first_value(local_authority) over (partition by person_id order by issue_date) as local_authority) from __r)
        group by 1 order by 1
        """,
    )
    tables["by_local_authority"] = (
        ["local_authority", "parents", "recurrent", "applications", "recurrent_applications"],
        [
            dict(
                zip(
                    [
                        "local_authority",
                        "parents",
                        "recurrent",
                        "applications",
                        "recurrent_applications",
                    ],
                    r,
                    strict=True,
                )
            )
            for r in rows
        ],
    )
    rows = run(
        con,
        """
        select cast(year(issue_date) as varchar) as year, count(*) applications,
               count(*) filter (where n_apps > 1) recurrent_applications,
               count(*) filter (where seq > 1) repeat_applications
        from __r group by 1 order by 1
        """,
    )
    tables["by_year"] = (
        ["year", "applications", "recurrent_applications", "repeat_applications"],
        [
            dict(
                zip(
                    ["year", "applications", "recurrent_applications", "repeat_applications"],
                    r,
                    strict=True,
                )
            )
            for r in rows
        ],
    )
    months = "date_diff('month', prev_final, issue_date)"
    rows = run(
        con,
        f"select {_band_sql(months, INTERVAL_BANDS)} band, count(*) from __r "  # noqa: S608  # nosec B608
        "where seq > 1 and prev_final is not null and issue_date >= prev_final group by 1",
    )
    counts = dict(rows)
    tables["interval_final_order_to_next_issue"] = (
        ["interval", "applications"],
        [
            {"interval": label, "applications": counts.get(label, 0)}
            for _, _, label in INTERVAL_BANDS
        ],
    )
    age = "date_diff('year', dob, issue_date)"
    rows = run(
        con,
        f"select {_band_sql(age, AGE_BANDS)} band, count(*) from __r where seq = 1 and dob is not null group by 1",  # noqa: S608  # nosec B608
    )
    counts = dict(rows)
    tables["age_at_first_application"] = (
        ["age", "parents"],
        [{"age": label, "parents": counts.get(label, 0)} for _, _, label in AGE_BANDS],
    )
    run(con, "drop table __r")
    return tables


SUPPRESSION = {
    "summary": (["count", "total"], {"count": "total"}),
    "by_local_authority": (
        ["parents", "recurrent", "applications", "recurrent_applications"],
        {"recurrent": "parents", "recurrent_applications": "applications"},
    ),
    "by_year": (
        ["applications", "recurrent_applications", "repeat_applications"],
        {"recurrent_applications": "applications", "repeat_applications": "applications"},
    ),
    "interval_final_order_to_next_issue": (["applications"], {}),
    "age_at_first_application": (["parents"], {}),
}
# Rates in the tables: (numerator, denominator).
RATES = {"summary": {"percent": ("count", "total")}}
TITLES = {
    "summary": "Parents with more than one application",
    "by_local_authority": "By local authority (of the parent's first application)",
    "by_year": "Applications by year of issue",
    "interval_final_order_to_next_issue": "Time from a final order to the next application's issue",
    "age_at_first_application": "Age at first application",
}


def _relations(tables: dict[str, tuple[list[str], list[dict]]]) -> tuple[dict, list[Relation]]:
    """Every count of one role's tables, with the sums between them a reader knows (see
    `suppression.protect`). Keys are (table, row, column); complements are unprinted."""
    values: dict[object, int] = {}
    for name, (_, rows) in tables.items():
        for i, row in enumerate(rows):
            for column in SUPPRESSION[name][0]:
                values[(name, i, column)] = row[column]
    relations: list[Relation] = []

    def part_of(whole: object, part: object, name: tuple) -> None:
        """whole = part + an unprinted rest."""
        rest = unprinted(*name)
        values[rest] = values[whole] - values[part]
        relations.append({whole: 1, part: -1, rest: -1})

    def column_sum(total: dict, table: str, column: str, rest: str | None = None) -> None:
        """The cells of `table`'s `column` add up to `total` (less an unprinted rest)."""
        relation: Relation = dict(total)
        for i in range(len(tables[table][1])):
            relation[(table, i, column)] = relation.get((table, i, column), 0) - 1
        if rest is not None:
            values[unprinted(rest)] = sum(values[c] * w for c, w in relation.items())
            relation[unprinted(rest)] = -1
        relations.append(relation)

    parents, recurrent = ("summary", 0, "total"), ("summary", 0, "count")
    apps, recurrent_apps = ("summary", 1, "total"), ("summary", 1, "count")
    part_of(parents, recurrent, ("parents with one application",))
    part_of(apps, recurrent_apps, ("applications of parents with one",))
    for i in range(len(tables["by_local_authority"][1])):
        row = ("by_local_authority", i)
        part_of((*row, "parents"), (*row, "recurrent"), (*row, "one application"))
        part_of(
            (*row, "applications"), (*row, "recurrent_applications"), (*row, "other applications")
        )
    column_sum({parents: 1}, "by_local_authority", "parents")
    column_sum({recurrent: 1}, "by_local_authority", "recurrent")
    column_sum({apps: 1}, "by_local_authority", "applications")
    column_sum({recurrent_apps: 1}, "by_local_authority", "recurrent_applications")
    for i in range(len(tables["by_year"][1])):
        row = ("by_year", i)
        part_of(
            (*row, "applications"), (*row, "recurrent_applications"), (*row, "other applications")
        )
        part_of((*row, "applications"), (*row, "repeat_applications"), (*row, "first applications"))
    column_sum({apps: 1}, "by_year", "applications")
    column_sum({recurrent_apps: 1}, "by_year", "recurrent_applications")
    # Every application but each parent's first is a repeat.
    column_sum({apps: 1, parents: -1}, "by_year", "repeat_applications")
    column_sum(
        {apps: 1, parents: -1}, "interval_final_order_to_next_issue", "applications", "no interval"
    )
    column_sum({parents: 1}, "age_at_first_application", "parents", "no date of birth")
    return values, relations


def _suppressed_tables(
    tables: dict[str, tuple[list[str], list[dict]]],
) -> dict[str, list[dict]]:
    """Each table as published: small counts, and every count that would let a reader work
    one out (within the table or from the others), hidden; a rate hidden with either of its
    parts."""
    hidden = {}
    for name, (_, rows) in tables.items():
        counts, totals = SUPPRESSION[name]
        hidden[name] = suppress(rows, counts, totals)
    values, relations = _relations(tables)
    shown = {
        cell
        for cell in values
        if isinstance(cell, tuple) and cell[0] in tables and cell[2] not in hidden[cell[0]][cell[1]]
    }
    shown, vague = protect(values, shown, relations)
    published = {}
    for name, (columns, rows) in tables.items():
        out = []
        for i, row in enumerate(rows):
            cells = {c for c in SUPPRESSION[name][0] if (name, i, c) not in shown}
            for rate, (numerator, denominator) in RATES.get(name, {}).items():
                if numerator in cells or denominator in cells:
                    cells.add(rate)
            published_row = {c: display(row[c], c, cells) for c in columns}
            for c in cells:
                if (name, i, c) in vague:
                    published_row[c] = SUPPRESSED
            out.append(published_row)
        published[name] = out
    return published


def _table_html(title: str, columns: list[str], rows: list[dict]) -> str:
    head = "".join(f'<th scope="col">{escape(c.replace("_", " "))}</th>' for c in columns)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(r[columns[0]])}</th>'
        + "".join(f"<td>{escape(r[c])}</td>" for c in columns[1:])
        + "</tr>"
        for r in rows
    )
    return f"<table><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _published_cluster_sizes(signals: dict) -> tuple[list[dict], str]:
    """The cluster-size table as published, and the number of people with more than one
    record as published (in words when hidden). Counts of people are suppressed as the role
    tables are. A reader knows the number of people and of records (the role tables give
    them), so the sizes' counts add up to one, and the counts weighted by size (with the
    records of people of 6 or more, not printed) to the other."""
    rows = signals["cluster_sizes"]
    hidden = suppress(rows, ["people"])
    values: dict[object, int] = {("sizes", i): row["people"] for i, row in enumerate(rows)}
    values["people"] = signals["people"]
    values["records"] = signals["records"]
    values["clusters"] = signals["clusters"]["count"]
    shown = {("sizes", i) for i in range(len(rows)) if "people" not in hidden[i]}
    shown |= {"people", "records"}
    if not 0 < values["clusters"] < 5:
        shown.add("clusters")
    relations: list[Relation] = [
        {"people": 1, **{("sizes", i): -1 for i in range(len(rows))}},
        {"clusters": 1, **{("sizes", i): -1 for i in range(1, len(rows))}},
    ]
    records: Relation = {"records": 1}
    exact = 0
    for i, (low, high, _) in enumerate(CLUSTER_SIZE_BANDS):
        if low == high:
            records[("sizes", i)] = -low
            exact += low * rows[i]["people"]
    if exact != signals["records"]:  # some people of 6 or more records
        rest = unprinted("records of people with 6 or more")
        values[rest] = signals["records"] - exact
        records[rest] = -1
    relations.append(records)
    shown, vague = protect(values, shown, relations)
    published = []
    for i, row in enumerate(rows):
        cells = set() if ("sizes", i) in shown else {"people"}
        text = display(row["people"], "people", cells)
        published.append(
            {"size": row["size"], "people": SUPPRESSED if ("sizes", i) in vague else text}
        )
    cells = set() if "clusters" in shown else {"clusters"}
    linked = SUPPRESSED if "clusters" in vague else display(values["clusters"], "clusters", cells)
    return published, linked


def _published_checks(signals: dict) -> list[dict]:
    """The checks on people with more than one record: a count from 1 to 4, or one that
    leaves 1 to 4 people without the sign, is hidden, and its percentage with it."""
    out = []
    for check in signals["clusters"]["checks"]:
        row = {"people": check["clusters"], "of": signals["clusters"]["count"]}
        cells = suppress([row], ["people"], {"people": "of"})[0]
        limit = check["limit_percent"]
        out.append(
            {
                "check": check["description"][:1].upper() + check["description"][1:],
                "people": display(check["clusters"], "people", cells),
                "percent": SUPPRESSED if cells else f"{check['percent']:.1f}",
                "warning_above_percent": "" if limit is None else f"{limit:g}",
            }
        )
    return out


def trouble_section(signals: dict) -> str:
    """The report's section 'Signs of trouble in this run', from `signals.trouble_signals`.
    Counts of people are suppressed as in the rest of the report; counts of pairs of records
    are about the linkage, not about people, and are shown as they are."""
    if not signals:
        return ""
    parts = ["<h2>Signs of trouble in this run</h2>"]
    parts.append(
        "<p>There is no answer key for a real extract, so these checks look for links that "
        "cannot be right and for signs that the model could not tell. A warning means the "
        "links need a closer look before the figures in this report are used; it does not "
        "mean they are wrong.</p>"
    )
    warnings = warning_sentences(signals, hide_small=True)
    if warnings:
        items = "".join(f"<li>{escape(w)}</li>" for w in warnings)
        parts.append(f'<div class="warning"><h3>Warnings</h3><ul>{items}</ul></div>')
    else:
        parts.append("<p><strong>No signs of trouble found.</strong></p>")
    clusters = signals["clusters"]
    sizes, linked = _published_cluster_sizes(signals)
    if clusters["count"] == 0:
        about = "No one has more than one record linked to them."
    else:
        if linked.isdigit():
            linked = f"{int(linked):,}"
        about = (
            f"People with more than one record linked to them: {linked}. The largest has "
            f"{clusters['largest_size']} records: more than {signals['limits']['cluster_size']} "
            "would be a strong sign that records of different people have been chained "
            "together."
        )
    parts.append(f"<h3>People with more than one record</h3><p>{escape(about)}</p>")
    columns = ["check", "people", "percent", "warning_above_percent"]
    parts.append(
        _table_html(
            "Checks on people with more than one record (percent of those people)",
            columns,
            _published_checks(signals),
        )
    )
    title = "People by the number of records linked to them"
    chart = bar_chart(title, [r["size"] for r in sizes], [_count(r["people"]) for r in sizes])
    parts.append(
        f"<h3>{escape(title)}</h3>"
        f'<div class="pair">{chart}{_table_html(title, ["size", "people"], sizes)}</div>'
    )
    weights = signals["match_weights"]
    bands = [{"match_weight": b["weight"], "pairs": str(b["pairs"])} for b in weights["bands"]]
    title = "Scored pairs of records by match weight"
    chart = bar_chart(
        title, [b["weight"] for b in weights["bands"]], [b["pairs"] for b in weights["bands"]]
    )
    if weights["threshold_weight"] is None:
        where = f"The threshold, match probability {weights['threshold']:g}, has no match weight."
    else:
        where = (
            f"The threshold, match probability {weights['threshold']:g}, is a match weight of "
            f"{weights['threshold_weight']:.1f}. {weights['near_threshold']:,} of the "
            f"{weights['pairs']:,} scored pairs ({weights['near_threshold_percent']:.1f}%) are "
            f"within {signals['limits']['near_threshold_weight']:g} of it: the model can hardly "
            "tell these apart."
        )
    parts.append(
        f"<h3>{escape(title)}</h3><p>Each pair the model scored has a match weight: the higher, "
        "the stronger the evidence that the two records are one person. Pairs of records are "
        f"counts about the linkage, not about people, so they are not suppressed. {escape(where)}</p>"
        f'<div class="pair">{chart}{_table_html(title, ["match_weight", "pairs"], bands)}</div>'
    )
    return "".join(parts)


def _count(text: str) -> int | str:
    """A published count for a chart: the number, or the words that hide it."""
    return int(text) if text.isdigit() else text


def _run_signals(con: Any) -> dict:
    """Signals for a report written without them: from the run's tables when they are there,
    at the default threshold."""
    from .model import DEFAULT_THRESHOLD

    tables = scalar(
        con,
        "select count(distinct table_name) from duckdb_tables() "
        "where table_name in ('linked_records', 'persons_input', 'predictions')",
    )
    return trouble_signals(con, DEFAULT_THRESHOLD) if tables == 3 else {}


def write_recurrence_report(
    con: Any, out_dir: Path | str, signals: dict | None = None
) -> dict[str, Path]:
    """Write report.html and one CSV per table (suppressed) for mothers and fathers.

    `signals`: the run's `signals.trouble_signals`, for the section 'Signs of trouble in this
    run'. Without them, they are worked out from the run's tables at the default threshold
    (and the section is left out when those tables are not there)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    if signals is None:
        signals = _run_signals(con)
    sections = []
    for role, who in (("M", "Mothers"), ("F", "Fathers")):
        sections.append(f"<h2>{who}</h2>")
        tables = recurrence_tables(con, role)
        published = _suppressed_tables(tables)
        for name, (columns, rows) in tables.items():
            shown = published[name]
            path = out / f"{who.lower()}_{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv_safe.dict_writer(handle, columns)
                writer.writeheader()
                writer.writerows(shown)
            files[f"{who.lower()}_{name}"] = path
            title = f"{who}: {TITLES[name]}"
            chart = ""
            if name == "summary":
                chart = bar_chart(
                    title,
                    [r["measure"] for r in shown],
                    [_number(r["percent"]) for r in shown],
                    "%",
                )
            elif name in ("interval_final_order_to_next_issue", "age_at_first_application"):
                chart = bar_chart(
                    title, [r[columns[0]] for r in shown], [_number(r[columns[1]]) for r in shown]
                )
            elif name == "by_year":
                # A rate only where both its parts are shown: a share drawn over a hidden
                # number of applications would give that number away.
                shares = [
                    100 * r["recurrent_applications"] / r["applications"]
                    if _number(s["recurrent_applications"]) is not None
                    and _number(s["applications"]) is not None
                    and r["applications"]
                    else None
                    for r, s in zip(rows, shown, strict=True)
                ]
                chart = bar_chart(
                    f"{who}: share of applications involving a parent with more than one (%)",
                    [r["year"] for r in rows],
                    shares,
                    "%",
                )
            sections.append(
                f'<h3>{escape(TITLES[name])}</h3><div class="pair">{chart}{_table_html(title, columns, shown)}</div>'
            )
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recurrent care proceedings: linked applications</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#0b0c0c}}table{{border-collapse:collapse;margin:1em 0}}
th,td{{border:1px solid #b1b4b6;padding:4px 8px;text-align:right}}th[scope=row]{{text-align:left}}caption{{text-align:left;font-weight:bold}}
.pair{{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}}
.warning{{border-left:5px solid #d4351c;padding:0 1em;margin:1em 0}}</style></head>
<body><main><h1>Recurrent care proceedings: linked applications</h1>
<p>Each parent on each application was linked across applications (Alongside linkage). Counts from 1 to 4
are shown as 'fewer than 5'; other cells are hidden ('suppressed') where they would let a reader work one out.</p>
{trouble_section(signals)}{"".join(sections)}</main></body></html>"""
    report = out / "report.html"
    report.write_text(html, encoding="utf-8")
    files["report"] = report
    return files
