"""One benchmark method in its own process: `python -m alongside.linkage.bench_worker
METHOD DATA_DIR OUT_DIR` writes OUT_DIR/result.json."""

import dataclasses
import json
import sys
from pathlib import Path

from .baselines import exact_match_clusters, quickstart_clusters
from .duck import connect, literal, run, scalar
from .evaluation import score_clusters
from .extracts import load_extract
from .mapping import load_mapping
from .records import build_application_persons


def main(method: str, data: Path, out: Path) -> None:
    truth = literal(str(data / "truth.csv"))
    if method == "alongside":
        from .pipeline import link_applications

        link_applications([data / "applications.csv"], out, report=False)
        con = connect()
        run(
            con,
            f"create table clusters as select * from read_csv({literal(str(out / 'persons.csv'))})",  # noqa: S608  # nosec B608
        )
    else:
        con = connect()
        load_extract(
            con, data / "applications.csv", load_mapping("applications"), "applications", out
        )
        build_application_persons(con, "applications", "persons_input")
        if method == "exact":
            exact_match_clusters(con, "persons_input", "clusters")
        elif method == "quickstart":
            quickstart_clusters(con, "persons_input", "clusters")
        else:
            raise SystemExit(f"Unknown method {method}")
    run(con, f"create table truth as select * from read_csv({truth}, all_varchar=true)")  # noqa: S608  # nosec B608
    accuracy = score_clusters(con, "clusters", "truth")
    result = {
        "records": scalar(con, "select count(*) from clusters"),
        "pairwise": dataclasses.asdict(accuracy.pairwise),
        "cluster": dataclasses.asdict(accuracy.cluster),
    }
    (out / "result.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
