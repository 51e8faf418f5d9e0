"""One benchmark method in its own process: `python -m alongside.linkage.bench_worker
METHOD DATA_DIR OUT_DIR` writes OUT_DIR/result.json.

For the linkage (and the same model with m from the truth file) it also records the share of
true pairs its blocking rules compared: no scoring can reach a pair no rule compares."""

import dataclasses
import json
import sys
from pathlib import Path

from .baselines import exact_match_clusters, quickstart_clusters
from .duck import connect, copy_csv, literal, run, scalar
from .evaluation import compared_share, score_clusters
from .extracts import load_extract
from .mapping import load_mapping
from .records import build_application_persons


def main(method: str, data: Path, out: Path) -> None:
    linked = method in ("alongside", "truth-m")
    if linked:
        _link(method, data, out)
    elif method not in ("exact", "quickstart"):
        raise SystemExit(f"Unknown method {method}")
    con = _persons(data, out)
    truth = literal(str(data / "truth.csv"))
    run(con, f"create table truth as select * from read_csv({truth}, all_varchar=true)")  # noqa: S608  # nosec B608
    compared = None
    if linked:
        compared = compared_share(con, "persons_input", "truth", _prediction_rules(out))
        run(
            con,
            f"create table clusters as select * from read_csv({literal(str(out / 'persons.csv'))})",  # noqa: S608  # nosec B608
        )
    elif method == "exact":
        exact_match_clusters(con, "persons_input", "clusters")
    else:
        quickstart_clusters(con, "persons_input", "clusters")
    accuracy = score_clusters(con, "clusters", "truth")
    result = {
        "records": scalar(con, "select count(*) from clusters"),
        "pairwise": dataclasses.asdict(accuracy.pairwise),
        "cluster": dataclasses.asdict(accuracy.cluster),
        "compared": compared,
    }
    (out / "result.json").write_text(json.dumps(result, indent=1))


def _link(method: str, data: Path, out: Path) -> None:
    """Run the linkage; for 'truth-m', with its m values trained from every true pair."""
    from .pipeline import link_applications

    if method == "truth-m":
        _write_truth_labels(data / "truth.csv", out / "truth_labels.csv")
        link_applications(
            [data / "applications.csv"],
            out,
            report=False,
            labels=out / "truth_labels.csv",
            train_from_labels=True,
        )
    else:
        link_applications([data / "applications.csv"], out, report=False)


def _persons(data: Path, out: Path):
    """A DuckDB connection holding the extract's person records (`persons_input`), built by
    the same code as the linkage's own."""
    con = connect()
    load_extract(con, data / "applications.csv", load_mapping("applications"), "applications", out)
    build_application_persons(con, "applications", "persons_input")
    return con


def _prediction_rules(out: Path) -> list[list[str]]:
    """The blocking rules the run used for prediction, from its summary.json."""
    summary = json.loads((out / "summary.json").read_text())
    return [
        rule["used"].split(" + ")
        for rule in summary["blocking"]["rules"]
        if rule["purpose"] == "prediction" and rule.get("used")
    ]


def _write_truth_labels(truth: Path, labels: Path) -> None:
    """Every pair of records of one true person, as clerical labels (labels.py): the 'truth-m'
    method trains its m values from them instead of by EM."""
    con = connect()
    source = literal(str(truth))
    copy_csv(
        con,
        "select a.record_key as record_key_l, b.record_key as record_key_r, "  # noqa: S608  # nosec B608
        "1 as clerical_match_score "
        f"from read_csv({source}, all_varchar=true) a "
        f"join read_csv({source}, all_varchar=true) b "
        "on a.person_id = b.person_id and a.record_key < b.record_key",
        labels,
    )


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
