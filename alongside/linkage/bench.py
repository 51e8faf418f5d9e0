"""`alongside bench linkage`: accuracy, wall time and peak memory of the linkage and of two
baselines, side by side, on the synthetic benchmark.

Each method runs in its own child process so that its peak memory (maximum resident set
size) is its own.
"""

import json
import os
import subprocess  # nosec B404
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .synthetic import generate_applications

METHODS = ("alongside", "exact", "quickstart")
METHOD_NAMES = {
    "alongside": "Alongside (tuned Splink, DuckDB)",
    "exact": "Exact name + date of birth",
    "quickstart": "Splink quickstart settings",
}


@dataclass
class BenchRow:
    records: int
    method: str
    pairwise: dict
    cluster: dict
    seconds: float
    peak_mib: float
    error: str = ""


def dataset(data_root: Path, records: int, seed: int) -> Path:
    """The synthetic dataset for this size and seed, generated once and reused."""
    folder = data_root / f"applications-{records}-seed{seed}"
    if not (folder / "truth.csv").exists():
        generate_applications(folder, records, seed=seed)
    return folder


def run_method(method: str, data: Path, out: Path, timeout: float = 600.0) -> BenchRow:
    out.mkdir(parents=True, exist_ok=True)
    result_file = out / "result.json"
    result_file.unlink(missing_ok=True)
    started = time.monotonic()
    # Runs this Python on this package's own module: no shell, no input from outside.
    process = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "alongside.linkage.bench_worker", method, str(data), str(out)],
        stdout=subprocess.DEVNULL,
        stderr=open(out / "stderr.txt", "w"),  # noqa: SIM115
    )
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            (out / "stderr.txt").open("a").write(f"\ndid not finish within {timeout:.0f} s\n")
            break
        time.sleep(0.5)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    peak_mib = usage.ru_maxrss / 1024
    records = 0
    if process.returncode != 0 or not result_file.exists():
        tail = (out / "stderr.txt").read_text()[-500:]
        empty = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        return BenchRow(records, method, empty, empty, seconds, peak_mib, error=tail)
    result = json.loads(result_file.read_text())
    return BenchRow(
        result["records"], method, result["pairwise"], result["cluster"], seconds, peak_mib
    )


def run_benchmark(
    sizes: list[int],
    seed: int = 2026,
    data_root: Path | str = "var/bench/data",
    out_root: Path | str = "var/bench/runs",
    methods: tuple[str, ...] = METHODS,
    echo=print,
    timeout: float = 600.0,
) -> list[BenchRow]:
    rows = []
    for size in sizes:
        echo(f"Preparing the synthetic dataset of {size:,} records (seed {seed})...")
        data = dataset(Path(data_root), size, seed)
        for method in methods:
            echo(f"  running {METHOD_NAMES[method]} on {size:,} records...")
            row = run_method(method, data, Path(out_root) / f"{size}" / method, timeout)
            row.records = row.records or size
            rows.append(row)
            if row.error:
                echo(
                    f"    failed: {row.error.strip().splitlines()[-1] if row.error.strip() else 'no output'}"
                )
    return rows


def format_table(rows: list[BenchRow]) -> str:
    header = (
        "| records | method | pairwise P | pairwise R | pairwise F1 | cluster P | cluster R "
        "| cluster F1 | wall time (s) | peak memory (MiB) |"
    )
    lines = [header, "|" + " --- |" * 10]
    for r in rows:
        p, c = r.pairwise, r.cluster
        status = ""
        if r.error:
            status = " (did not finish)" if "did not finish" in r.error else " (failed)"
        lines.append(
            f"| {r.records:,} | {METHOD_NAMES[r.method]}{status} | {p['precision']:.4f} | "
            f"{p['recall']:.4f} | {p['f1']:.4f} | {c['precision']:.4f} | {c['recall']:.4f} | "
            f"{c['f1']:.4f} | {r.seconds:.1f} | {r.peak_mib:,.0f} |"
        )
    return "\n".join(lines)
