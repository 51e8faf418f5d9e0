"""The linkage run: read extracts, train, predict, cluster, write persons and explanations.

`link_applications` is the one entry point; the command line and the web app's background
task both call it. It reports progress through `progress(stage, done, total)`.
"""

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .blocking import BlockingPlan, plan_blocking, table_columns
from .clerical import write_review_sample
from .duck import connect, copy_csv, literal, quote, run, scalar
from .engines import LinkageEngine
from .errors import InputError
from .explain import explanation_sql
from .extracts import LoadReport, load_extract
from .labels import check_against_labels, load_labels, same_person_labels
from .mapping import load_mapping
from .model import (
    DEFAULT_THRESHOLD,
    PREDICT_MIN_WEIGHT,
    PREDICTION_BLOCKS,
    RECORDED_IN,
    TRAINING_BLOCKS,
    comparisons_training_could_see,
    condition_on_mirrored_levels,
    settings,
    settle_untrained_levels,
    train,
    trained_model_for_dialect,
    u_sample_pairs,
    with_blocking,
)
from .prior import PRIOR_MIN_EVIDENCE, estimate_prior, log2_odds
from .records import build_application_persons
from .signals import trouble_signals

Progress = Callable[[str, int, int], None]

STAGES = ("read", "prepare", "train", "predict", "cluster", "write", "report", "early help")


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class LinkResult:
    out_dir: Path
    engine: str
    records: int
    persons: int
    links: int
    threshold: float
    load_reports: list[LoadReport]
    seconds: dict[str, float] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [report.summary() for report in self.load_reports]
        lines.append(
            f"Linked {self.records} parent records into {self.persons} people "
            f"({self.links} links at match probability {self.threshold}) with {self.engine}."
        )
        lines += [f"  {name}: {path}" for name, path in self.files.items()]
        return "\n".join(lines)


@dataclass(frozen=True)
class ScoringSettings:
    """How a run scores and clusters its records, as `link_applications` was asked: on which
    engine (and Spark session, working in `work_dir`), with a saved `model` or training one
    (with `train_from_labels`, its m values from the labelled pairs), linking at `threshold`."""

    engine: str
    threshold: float
    work_dir: Path
    model: Path | str | dict | None = None
    train_from_labels: bool = False
    spark: Any | None = None


def load_applications(
    con: Any,
    inputs: Sequence[Path | str],
    out_dir: Path,
    mapping_path: Path | str | None = None,
    progress: Progress = _no_progress,
) -> list[LoadReport]:
    """Load one or more applications extracts into the DuckDB table `applications`."""
    if not inputs:
        raise InputError("Give at least one applications extract to link.")
    mapping = load_mapping("applications", mapping_path)
    reports = []
    for index, path in enumerate(inputs):
        progress("read", index, len(inputs))
        reports.append(
            load_extract(
                con, path, mapping, f"__apps_{index}", quarantine_dir=out_dir / "quarantine"
            )
        )
    union = " union all ".join(
        f"select {literal(Path(p).name)} as source_file, * exclude (source_line) from __apps_{i}"  # noqa: S608  # nosec B608
        for i, p in enumerate(inputs)
    )
    run(con, f"create or replace table applications as {union}")
    for index in range(len(inputs)):
        run(con, f"drop table __apps_{index}")
    duplicates = scalar(
        con,
        "select count(*) from (select application_id from applications "
        "group by application_id having count(*) > 1)",
    )
    if duplicates:
        raise InputError(
            f"{duplicates} application ids appear in more than one extract; "
            "give each extract's ids a prefix so they are unique."
        )
    progress("read", len(inputs), len(inputs))
    return reports


def link_applications(
    inputs: Sequence[Path | str],
    out_dir: Path | str,
    *,
    engine: str = "duckdb",
    mapping: Path | str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    model: Path | str | dict | None = None,
    progress: Progress | None = None,
    spark: Any | None = None,
    report: bool = True,
    bookings: Path | str | None = None,
    care_leavers: Path | str | None = None,
    list_mappings: dict[str, Path | str] | None = None,
    memory_limit: str = "6GB",
    labels: Path | str | None = None,
    train_from_labels: bool = False,
) -> LinkResult:
    """Link the parents in care-applications extracts and write the results to `out_dir`.

    Writes persons.csv (record_key, person_id), person_records.csv, links.csv (match weight,
    probability and explanation for each link), model.json, summary.json, quarantine files
    for rows that could not be used, the recurrence report (report/) unless report=False, and
    early_help_candidates.csv (IDENTIFIABLE) when bookings or care leavers are given.
    `model`: a trained model (Splink JSON path or dict) to use instead of training.
    `list_mappings`: mapping files for the bookings and care leavers ('midwifery_bookings',
    'care_leavers'), as `mapping` is for the applications.
    `labels`: clerical labels from a review (labels.py): the run is checked against them,
    and with `train_from_labels` its m values are estimated from the pairs labelled the same
    person instead of by EM (training a new model, so not with `model`).
    """
    progress = progress or _no_progress
    threshold = _checked_threshold(threshold)
    if model is not None and train_from_labels:
        raise InputError(
            "--train-from-labels trains a new model, so it cannot be used with --model, which "
            "reuses a saved one."
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("splink").setLevel(logging.WARNING)
    seconds: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        seconds[name] = round(now - clock, 2)
        clock = now

    con = connect(memory_limit=memory_limit, temp_dir=out / ".tmp")
    reports = load_applications(con, inputs, out, mapping, progress)
    lap("read")
    progress("prepare", 0, 1)
    records = build_application_persons(con, "applications", "persons_input")
    if records < 2:
        raise InputError(
            f"The extract gives {records} parent record{'s' if records != 1 else ''}: "
            "linking needs at least two."
        )
    label_summary: dict = {}
    if labels is not None:
        label_summary = load_labels(con, labels)
    elif train_from_labels:
        raise InputError("Training from labels needs a labels file.")
    progress("prepare", 1, 1)
    lap("prepare")

    plan = plan_blocking(con, "persons_input", records, PREDICTION_BLOCKS, TRAINING_BLOCKS)
    model_notes: list[str] = []
    scoring = ScoringSettings(
        engine=engine,
        threshold=threshold,
        work_dir=out / ".tmp",
        model=model,
        train_from_labels=train_from_labels,
        spark=spark,
    )
    linker = _score_and_cluster(con, scoring, records, plan, progress, lap, model_notes)

    progress("write", 0, 1)
    files = write_outputs(con, linker, out, threshold)
    files.update(write_review_sample(con, linker, out, threshold))
    if labels is not None:
        label_summary["check"] = check_against_labels(con)
        label_summary["used_for_training"] = train_from_labels
    signals = trouble_signals(con, threshold)
    (out / "model.json").write_text(json.dumps(linker.misc.save_model_to_json(), indent=1))
    files["model"] = out / "model.json"
    persons = scalar(con, "select count(distinct person_id) from linked_persons")
    links = scalar(
        con, "select count(*) from predictions where match_probability >= ?", [threshold]
    )
    progress("write", 1, 1)
    lap("write")

    result = LinkResult(
        out_dir=out,
        engine=engine,
        records=records,
        persons=persons,
        links=links,
        threshold=threshold,
        load_reports=reports,
        seconds=seconds,
        files=files,
    )
    if report:
        from .recurrence_report import write_recurrence_report

        progress("report", 0, 1)
        files.update(write_recurrence_report(con, out / "report", signals=signals))
        progress("report", 1, 1)
        lap("report")
    if bookings or care_leavers:
        from .early_help import write_early_help_candidates

        progress("early help", 0, 1)
        path, notes = write_early_help_candidates(
            con, out, bookings=bookings, care_leavers=care_leavers, mappings=list_mappings
        )
        files["early_help_candidates"] = path
        result.load_reports.extend(notes)
        progress("early help", 1, 1)
        lap("early help")
    (out / "summary.json").write_text(
        json.dumps(
            {
                "engine": engine,
                "records": records,
                "persons": persons,
                "links": links,
                "threshold": threshold,
                "prior": linker._settings_obj._probability_two_random_records_match,
                "seconds": seconds,
                "blocking": {"notes": plan.notes, "rules": plan.counts},
                "model_notes": model_notes,
                "labels": label_summary,
                "signals": signals,
                "inputs": [r.summary() for r in reports],
                "files": {k: str(v) for k, v in files.items()},
            },
            indent=1,
        )
    )
    con.close()
    return result


def _checked_threshold(threshold: Any) -> float:
    """The match probability to link at, as a number between 0 and 1."""
    try:
        value = float(threshold)
    except (TypeError, ValueError) as error:
        raise InputError(f"The threshold must be a number, not {threshold!r}.") from error
    if not 0.0 <= value <= 1.0:
        raise InputError(f"The threshold is a match probability, from 0 to 1, not {value}.")
    return value


def _score_and_cluster(
    con: Any,
    scoring: ScoringSettings,
    records: int,
    plan: BlockingPlan,
    progress: Progress,
    lap: Callable[[str], None],
    model_notes: list[str],
) -> Any:
    """Train (or load the model of `scoring`), predict and cluster `persons_input` on its
    engine, leaving the tables `predictions` and `clusters` in DuckDB; notes on the model go in
    `model_notes`. Returns the linker (its settings hold the trained model; the engine's own
    tables are gone)."""
    from splink import Linker

    model, threshold = scoring.model, scoring.threshold
    with LinkageEngine(scoring.engine, con, scoring.spark, scoring.work_dir) as run_engine:
        sdf = run_engine.register("persons_input")
        if model is None:
            linker = Linker(sdf, settings(plan.prediction), log_level=logging.WARNING)
            progress("train", 0, 1)
            all_pairs, u_pairs = records * (records - 1) / 2, u_sample_pairs(records)
            trained_on = train(
                linker,
                u_pairs=u_pairs,
                training_blocks=plan.training,
                notes=model_notes,
                all_pairs=all_pairs,
            )
            if scoring.train_from_labels:
                _train_m_from_labels(con, run_engine, linker)
            condition_on_mirrored_levels(linker)
            model_notes.extend(
                settle_untrained_levels(
                    linker,
                    matches=linker._settings_obj._probability_two_random_records_match * all_pairs,
                    recorded=_recorded_shares(con, "persons_input", linker),
                    could_see=comparisons_training_could_see(linker, trained_on),
                    random_pairs=u_pairs,
                )
            )
            progress("train", 1, 1)
            lap("train")
            progress("predict", 0, 1)
            scored, cluster_at = _predict_with_estimated_prior(
                linker, run_engine, records, threshold
            )
        else:
            trained = json.loads(Path(model).read_text()) if not isinstance(model, dict) else model
            dialect = run_engine.db_api.sql_dialect.sql_dialect_str
            trained = with_blocking(
                trained_model_for_dialect(trained, dialect), plan.prediction, dialect
            )
            # A model given keeps its own prior: re-estimating it on a small extract (a
            # handful of records) would let one strong pair decide the prior for the rest.
            linker = Linker(sdf, trained, log_level=logging.WARNING)
            progress("train", 1, 1)
            lap("train")
            progress("predict", 0, 1)
            scored = linker.inference.predict(
                threshold_match_weight=PREDICT_MIN_WEIGHT, warning_mode="never"
            )
            run_engine.to_duckdb(scored, "predictions")
            cluster_at = threshold
        progress("predict", 1, 1)
        lap("predict")

        progress("cluster", 0, 1)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            scored, threshold_match_probability=cluster_at
        )
        run_engine.to_duckdb(clusters, "clusters")
        progress("cluster", 1, 1)
        lap("cluster")
    return linker


def _recorded_shares(con: Any, table: str, linker: Any) -> dict[str, float]:
    """For each comparison named after a column of `table` (or recorded in one, as the family
    is in the other parent's date of birth: RECORDED_IN), the share of records with it."""
    columns = table_columns(con, table)
    recorded_in = {
        c.output_column_name: RECORDED_IN.get(c.output_column_name, c.output_column_name)
        for c in linker._settings_obj.comparisons
    }
    names = [name for name, column in recorded_in.items() if column in columns]
    if not names:
        return {}
    shares = run(
        con,
        "select "  # noqa: S608  # nosec B608  (column names from the table itself)
        + ", ".join(
            f"avg(case when {quote(recorded_in[n])} is null then 0 else 1 end)" for n in names
        )
        + f" from {quote(table)}",
    )[0]
    return {name: float(share or 0.0) for name, share in zip(names, shares, strict=True)}


# Fewer pairs labelled the same person than this cannot estimate each level's m.
MIN_LABELS_TO_TRAIN = 30


def _train_m_from_labels(con: Any, run_engine: LinkageEngine, linker: Any) -> None:
    """Replace the m values EM found with those of the pairs labelled the same person."""
    same = same_person_labels(con)
    if same < MIN_LABELS_TO_TRAIN:
        raise InputError(
            f"The labels have {same} pairs labelled the same person in this run; training "
            f"from labels needs at least {MIN_LABELS_TO_TRAIN}. Check the run against them "
            "instead (leave out --train-from-labels)."
        )
    linker.training.estimate_m_from_pairwise_labels(run_engine.register("same_person_labels"))


def _predict_with_estimated_prior(
    linker: Any, run_engine: LinkageEngine, records: int, threshold: float
) -> tuple[Any, float]:
    """Score the pairs once, estimate the prior from them (prior.py), and give it to the model.

    The pairs are scored under the starting prior, keeping every pair whose evidence favours a
    match at all. A new prior moves every pair's match weight by the same amount, so the DuckDB
    table `predictions` is those pairs with their weights and probabilities moved (those still
    at or above PREDICT_MIN_WEIGHT), and clustering the scored pairs at the threshold moved back
    by the same amount gives the clusters of the new prior: one prediction instead of two.
    Returns the scored pairs (the engine's) and the probability to cluster them at."""
    settings_obj = linker._settings_obj  # Splink's own training sets the prior here too
    start = settings_obj._probability_two_random_records_match
    scored = linker.inference.predict(
        threshold_match_weight=log2_odds(start) + PRIOR_MIN_EVIDENCE, warning_mode="never"
    )
    weights = run_engine.column(scored, "match_weight")
    prior = float(f"{estimate_prior(weights, start, records * (records - 1) / 2):.9g}")
    settings_obj._probability_two_random_records_match = prior
    shift = log2_odds(prior) - log2_odds(start)
    run_engine.to_duckdb(
        scored, "predictions", where=f"match_weight >= {PREDICT_MIN_WEIGHT - shift!r}"
    )
    run(
        run_engine.con,
        f"""
        update predictions set
            match_weight = match_weight + {shift!r},
            match_probability = 1 / (1 + pow(2, -(match_weight + {shift!r})))
        """,  # noqa: S608  # nosec B608  (numbers computed here)
    )
    if 0.0 < threshold < 1.0:
        threshold = 1 / (1 + 2 ** -(log2_odds(threshold) - shift))
    return scored, threshold


def write_outputs(con: Any, linker: Any, out: Path, threshold: float) -> dict[str, Path]:
    """persons.csv, person_records.csv and links.csv from the `predictions` and `clusters`."""
    run(
        con,
        """
        create or replace table linked_persons as
        select record_key,
               'P' || lpad(cast(dense_rank() over (order by cluster_id) as varchar), 7, '0')
                   as person_id
        from clusters
        """,
    )
    files = {
        "persons": out / "persons.csv",
        "person_records": out / "person_records.csv",
        "links": out / "links.csv",
    }
    copy_csv(
        con,
        "select record_key, person_id from linked_persons",
        files["persons"],
        order_by=("record_key",),
    )
    run(
        con,
        """
        create or replace table linked_records as
        select lp.person_id, p.record_key, p.role, a.application_id, a.local_authority,
               a.court, a.issue_date, a.final_order, a.final_order_date, a.child_id, a.child_dob,
               case when p.role = 'M' then a.mother_dob else a.father_dob end as dob,
               case when p.role = 'M' then a.mother_ethnicity else a.father_ethnicity end
                   as ethnicity
        from persons_input p
        join linked_persons lp using (record_key)
        join applications a on a.application_id = split_part(p.record_key, ':', 1)
        """,
    )
    copy_csv(
        con,
        "select * from linked_records",
        files["person_records"],
        order_by=("person_id", "issue_date"),
    )
    copy_csv(
        con,
        f"""
        select lp.person_id, p.record_key_l, p.record_key_r,
               round(p.match_weight, 2) as match_weight,
               round(p.match_probability, 4) as match_probability, e.explanation
        from predictions p
        join ({explanation_sql(linker, "predictions")}) e using (record_key_l, record_key_r)
        join linked_persons lp on lp.record_key = p.record_key_l
        where p.match_probability >= ?
        """,  # noqa: S608  # nosec B608
        files["links"],
        [threshold],
        order_by=("person_id", "record_key_l", "record_key_r"),
    )
    return files
