"""Clerical labels from an earlier review, used to check this run or to train its m values.

A labels file is a CSV with one row per reviewed pair: the two record keys (`record_key_l`
and `record_key_r`, or Splink's `unique_id_l` and `unique_id_r`) and `clerical_match_score`,
1 for the same person and 0 for different people, as the review page downloads it.
"""

from pathlib import Path
from typing import Any

from .duck import literal, run, scalar
from .errors import InputError

KEY_SPELLINGS = (("record_key_l", "record_key_r"), ("unique_id_l", "unique_id_r"))


def load_labels(con: Any, path: Path | str, records_table: str = "persons_input") -> dict:
    """Read the labels into the DuckDB table `labels` (record_key_l, record_key_r,
    clerical_match_score), keeping only pairs whose records are both in this run.
    Returns what was read and what was left out, for the summary."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"The labels file {path.name} does not exist.")
    try:
        run(
            con,
            "create or replace table __labels_raw as select * from "  # noqa: S608  # nosec B608
            f"read_csv({literal(str(path))}, all_varchar=true, header=true)",
        )
    except Exception as error:  # DuckDB's own parse errors, named for the person
        raise InputError(
            f"The labels file {path.name} could not be read as CSV: {error}"
        ) from error
    columns = {name for (name, *_) in run(con, "describe __labels_raw")}
    keys = next((pair for pair in KEY_SPELLINGS if set(pair) <= columns), None)
    if keys is None or "clerical_match_score" not in columns:
        raise InputError(
            f"The labels file {path.name} needs the columns record_key_l, record_key_r and "
            f"clerical_match_score; it has {', '.join(sorted(columns)) or 'none'}."
        )
    left, right = keys
    bad_scores = scalar(
        con,
        "select count(*) from __labels_raw where try_cast(clerical_match_score as double) "
        "is null or try_cast(clerical_match_score as double) not between 0 and 1",
    )
    if bad_scores:
        raise InputError(
            f"{bad_scores} rows of {path.name} have a clerical_match_score that is not a "
            "number from 0 (different people) to 1 (the same person)."
        )
    run(
        con,
        f"""
        create or replace table labels as
        select distinct least(l.{left}, l.{right}) as record_key_l,
               greatest(l.{left}, l.{right}) as record_key_r,
               cast(l.clerical_match_score as double) as clerical_match_score
        from __labels_raw l
        join {records_table} a on a.record_key = l.{left}
        join {records_table} b on b.record_key = l.{right}
        where l.{left} <> l.{right}
        """,  # noqa: S608  # nosec B608
    )
    read = scalar(con, "select count(*) from __labels_raw")
    used = scalar(con, "select count(*) from labels")
    run(con, "drop table __labels_raw")
    if used == 0:
        raise InputError(
            f"None of the {read} pairs in {path.name} are records of this run: were the labels "
            "made on other extracts?"
        )
    return {"file": path.name, "pairs_read": read, "pairs_used": used, "left_out": read - used}


def check_against_labels(con: Any, persons_table: str = "linked_persons") -> dict:
    """How this run's people agree with the labels: of the labelled pairs, which it put in one
    person. Precision: of the labelled pairs it joined, the share labelled the same person.
    Recall: of the pairs labelled the same person, the share it joined."""
    ((joined, same, joined_and_same, labelled),) = run(
        con,
        f"""
        select count(*) filter (where a.person_id = b.person_id),
               count(*) filter (where l.clerical_match_score >= 0.5),
               count(*) filter (where a.person_id = b.person_id
                                and l.clerical_match_score >= 0.5),
               count(*)
        from labels l
        join {persons_table} a on a.record_key = l.record_key_l
        join {persons_table} b on b.record_key = l.record_key_r
        """,  # noqa: S608  # nosec B608
    )
    return {
        "pairs": labelled,
        "labelled_same_person": same,
        "joined_by_this_run": joined,
        "joined_and_labelled_same": joined_and_same,
        "precision": round(joined_and_same / joined, 4) if joined else None,
        "recall": round(joined_and_same / same, 4) if same else None,
    }


def same_person_labels(con: Any, table: str = "same_person_labels") -> int:
    """The pairs labelled the same person, in `table`, for Splink's m from labels."""
    run(
        con,
        f"create or replace table {table} as select record_key_l, record_key_r "  # noqa: S608  # nosec B608
        "from labels where clerical_match_score >= 0.5",
    )
    return scalar(con, f"select count(*) from {table}")  # noqa: S608  # nosec B608
