"""Recurrence analytics from linked data: an HTML report (offline, inline SVG) and CSV tables,
with small numbers suppressed. Reads the DuckDB table `linked_records` made by the pipeline.
"""

import csv
from html import escape
from pathlib import Path
from typing import Any

from .duck import literal, run
from .suppression import display, suppress
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
TITLES = {
    "summary": "Parents with more than one application",
    "by_local_authority": "By local authority (of the parent's first application)",
    "by_year": "Applications by year of issue",
    "interval_final_order_to_next_issue": "Time from a final order to the next application's issue",
    "age_at_first_application": "Age at first application",
}


def _suppressed(name: str, columns: list[str], rows: list[dict]) -> list[dict]:
    counts, totals = SUPPRESSION[name]
    hidden = suppress(rows, counts, totals)
    shown = []
    for row, cells in zip(rows, hidden, strict=True):
        if "count" in cells:
            cells.add("percent")
        shown.append({c: display(row[c], c, cells) for c in columns})
    return shown


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


def write_recurrence_report(con: Any, out_dir: Path | str) -> dict[str, Path]:
    """Write report.html and one CSV per table (suppressed) for mothers and fathers."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    sections = []
    for role, who in (("M", "Mothers"), ("F", "Fathers")):
        sections.append(f"<h2>{who}</h2>")
        for name, (columns, rows) in recurrence_tables(con, role).items():
            shown = _suppressed(name, columns, rows)
            path = out / f"{who.lower()}_{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
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
                shares = [
                    100 * r["recurrent_applications"] / r["applications"]
                    if _number(s["recurrent_applications"]) is not None
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
.pair{{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}}</style></head>
<body><main><h1>Recurrent care proceedings: linked applications</h1>
<p>Each parent on each application was linked across applications (Alongside linkage). Counts from 1 to 4
are shown as 'fewer than 5'; other cells are hidden ('suppressed') where they would let a reader work one out.</p>
{"".join(sections)}</main></body></html>"""
    report = out / "report.html"
    report.write_text(html, encoding="utf-8")
    files["report"] = report
    return files
