"""Early-help candidates: people in midwifery bookings or care-leaver lists who are linked to a
parent with a previous removal (an application ending in a care, placement or special
guardianship order). The list is IDENTIFIABLE: only roles allowed to see identifiable
records may see it, and every view must be audited (the web app does both).
"""

import json
import logging
from pathlib import Path
from typing import Any

from .duck import copy_csv, literal, run, scalar
from .engines import db_api_for, register_records
from .extracts import LoadReport, load_extract
from .mapping import load_mapping
from .model import DEFAULT_THRESHOLD, trained_model_for_dialect
from .records import finish_person_records_sql, person_records_sql

REMOVAL_ORDERS = ("Care order", "Placement order", "Special guardianship order")
IDENTIFIABLE_NOTICE = (
    "IDENTIFIABLE: early-help candidates. Share only with roles allowed to see identifiable "
    "records; every view must be audited."
)


def write_early_help_candidates(
    con: Any,
    out: Path,
    bookings: Path | str | None = None,
    care_leavers: Path | str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    mappings: dict[str, Path | str] | None = None,
) -> tuple[Path, list[LoadReport]]:
    """Link bookings and care leavers to the linked parents (tables `persons_input`,
    `linked_records`, model in out/model.json) and write early_help_candidates.csv.
    `mappings`: a mapping file for 'midwifery_bookings' or 'care_leavers' (default: the
    shipped template).

    One row per list record and linked parent: the name and date of birth as the list holds
    them, the parent's previous proceedings (how many, how many ended in removal, and the local
    authority, court and issue date of the latest) and the match probability."""
    mappings = mappings or {}
    reports: list[LoadReport] = []
    selects = []
    names = []
    for kind, path, tag in (
        ("midwifery_bookings", bookings, "B"),
        ("care_leavers", care_leavers, "L"),
    ):
        if not path:
            continue
        table = f"__{kind}"
        mapping = load_mapping(kind, mappings.get(kind))
        reports.append(load_extract(con, path, mapping, table, out / "quarantine"))
        key = "booking_id" if tag == "B" else "care_leaver_id"
        names.append(
            f"select {key} || ':{tag}' as record_key, forename as given_name, "  # noqa: S608  # nosec B608
            f"surname as family_name from {table}"
        )
        selects.append(
            person_records_sql(table, "", tag, key).replace(f"'{tag}' as role", "'M' as role", 1)
        )
    run(
        con,
        f"create or replace table help_records as {finish_person_records_sql(' union all '.join(selects))}",
    )
    run(con, f"create or replace table help_names as {' union all '.join(names)}")
    run(
        con,
        "create or replace table help_input as select * from persons_input where role = 'M' "
        "union all by name select * from help_records",
    )
    from splink import Linker

    # The run may have been on Spark: its model is rewritten for DuckDB.
    model = trained_model_for_dialect(json.loads((out / "model.json").read_text()), "duckdb")
    db_api = db_api_for("duckdb", con)
    linker = Linker(
        register_records(db_api, con, "help_input", "help_input"), model, log_level=logging.WARNING
    )
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    orders = ", ".join(literal(o) for o in REMOVAL_ORDERS)
    path = out / "early_help_candidates.csv"
    run(
        con,
        f"""
        create or replace table early_help as
        with edges as (
            select record_key_l as a, record_key_r as b, match_probability from {predictions.physical_name}
            union all select record_key_r, record_key_l, match_probability from {predictions.physical_name}
        ),
        found as (
            select e.a as record_key, lr.person_id, max(e.match_probability) as match_probability
            from edges e join linked_records lr on lr.record_key = e.b
            where e.a like '%:B' or e.a like '%:L'
            group by 1, 2
        ),
        removals as (
            select person_id, count(*) as previous_removals, max(final_order_date) as last_final_order
            from linked_records where final_order in ({orders}) group by 1
        ),
        proceedings as (
            select person_id, count(distinct application_id) as previous_proceedings,
                   max(issue_date) as last_issue_date,
                   arg_max(local_authority, issue_date) as local_authority,
                   arg_max(court, issue_date) as court
            from linked_records group by 1
        )
        select {literal(IDENTIFIABLE_NOTICE)} as notice,
               case when right(f.record_key, 1) = 'B' then 'midwifery booking' else 'care leaver' end as source,
               split_part(f.record_key, ':', 1) as source_id, f.person_id as linked_person_id,
               n.given_name, n.family_name, h.dob, h.postcode,
               p.previous_proceedings, r.previous_removals, p.last_issue_date,
               p.local_authority, p.court, r.last_final_order,
               round(f.match_probability, 4) as match_probability
        from found f join removals r using (person_id)
        join proceedings p using (person_id)
        join help_records h on h.record_key = f.record_key
        join help_names n on n.record_key = f.record_key
        order by source, source_id
        """,  # noqa: S608  # nosec B608
    )
    copy_csv(con, "select * from early_help", path, order_by=("source", "source_id"))
    scalar(con, "select count(*) from early_help")
    return path, reports
