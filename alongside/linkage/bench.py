"""`alongside bench linkage`: accuracy, wall time and peak memory of the linkage and of two
baselines, side by side, on synthetic extracts over a grid of error profiles and sizes.

Two columns say where the linkage's errors come from. 'True pairs compared' is the share of
true pairs its blocking rules compared: no scoring links the rest (only clustering through a
third record can). 'The same, m from the truth file' is the linkage with every m value taken
from the true pairs instead of estimated by EM: the gap between the two rows is what
estimating m from the data costs; the gap between it and 1 is the model's own limit.

Besides the generator's error profiles, the grid can run 'held-out': an extract written blind,
outside the project, by an author who never read the linkage (benchmarks/held_out/README.md).
It is the grid's test on data the model was not built beside.

Each method runs in its own child process so that its peak memory (maximum resident set
size) is its own. After the table comes the worst case: for each size, the profile on which
each method's pairwise F1 is lowest, beside its average over the profiles.
"""

import hashlib
import json
import os
import shutil
import subprocess  # nosec B404
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .synthetic import PROFILES, generate_applications

METHODS = ("alongside", "truth-m", "exact", "quickstart")
METHOD_NAMES = {
    "alongside": "Alongside (Splink on DuckDB)",
    # Not a method (it reads the truth file): how much F1 estimating m from the data costs.
    "truth-m": "The same, m from the truth file",
    "exact": "Exact name + date of birth",
    "quickstart": "Splink quickstart settings",
}
# Sizes above which a method is not run: Splink's quickstart settings do not finish at
# 1,000,000 records within any reasonable time-out.
MAX_RECORDS = {"quickstart": 200_000}
SKIPPED = "skipped"

HELD_OUT = "held-out"
HELD_OUT_GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "held_out" / "generate.py"
# Its sizes are in applications: a mother on each and a father on about 65% (its README).
HELD_OUT_RECORDS_PER_APPLICATION = 1.65
GRID_PROFILES = (*PROFILES, HELD_OUT)


@dataclass
class BenchRow:
    records: int
    method: str
    pairwise: dict
    cluster: dict
    seconds: float
    peak_mib: float
    error: str = ""
    profile: str = "default"
    size: int = 0  # the size asked for (`records` is what the run read: it may be one over)
    compared: float | None = None  # share of true pairs the blocking rules compared

    @property
    def finished(self) -> bool:
        return not self.error


def _fingerprint(profile: str) -> str:
    """Changes whenever the generator or the profile does, so a stale dataset is not reused."""
    if profile == HELD_OUT:
        return hashlib.sha256(HELD_OUT_GENERATOR.read_bytes()).hexdigest()[:10]
    source = Path(__file__).with_name("synthetic.py").read_bytes()
    digest = hashlib.sha256(source + repr(PROFILES[profile]).encode())
    return digest.hexdigest()[:10]


def dataset(data_root: Path, records: int, seed: int, profile: str = "default") -> Path:
    """The synthetic dataset for this profile, size and seed, generated once and reused."""
    folder = data_root / f"applications-{profile}-{records}-seed{seed}-{_fingerprint(profile)}"
    if (folder / "truth.csv").exists():
        return folder
    if profile == HELD_OUT:
        _generate_held_out(folder, records, seed)
    else:
        generate_applications(folder, records, seed=seed, profile=profile)
    return folder


def _generate_held_out(folder: Path, records: int, seed: int) -> None:
    """The held-out extract of about `records` parent records, written beside `folder` and
    moved into place whole, so a run stopped halfway is not reused."""
    if not HELD_OUT_GENERATOR.exists():
        raise ValueError(
            f"The held-out extract's generator is not at {HELD_OUT_GENERATOR}: run the benchmark "
            "from the project's own checkout (it is not part of the installed package)."
        )
    applications = max(1, round(records / HELD_OUT_RECORDS_PER_APPLICATION))
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    # This Python on the project's own script, arguments all numbers: no shell, no outside input.
    subprocess.run(  # noqa: S603  # nosec B603
        [
            sys.executable,
            str(HELD_OUT_GENERATOR),
            "--applications",
            str(applications),
            "--seed",
            str(seed),
            "--out",
            str(partial),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(folder, ignore_errors=True)  # what a stopped run left, if anything
    partial.rename(folder)


def run_method(method: str, data: Path, out: Path, timeout: float = 600.0) -> BenchRow:
    out.mkdir(parents=True, exist_ok=True)
    result_file = out / "result.json"
    result_file.unlink(missing_ok=True)
    started = time.monotonic()
    # Runs this Python on this package's own module: no shell, no input from outside.
    with open(out / "stderr.txt", "w") as stderr:
        process = subprocess.Popen(  # noqa: S603  # nosec B603
            [sys.executable, "-m", "alongside.linkage.bench_worker", method, str(data), str(out)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            with open(out / "stderr.txt", "a") as stderr:
                stderr.write(f"\ndid not finish within {timeout:.0f} s\n")
            break
        time.sleep(0.5)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    peak_mib = usage.ru_maxrss / 1024
    records = 0
    if process.returncode != 0 or not result_file.exists():
        tail = (out / "stderr.txt").read_text()[-500:] or "no output"
        empty = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        return BenchRow(records, method, empty, empty, seconds, peak_mib, error=tail)
    result = json.loads(result_file.read_text())
    return BenchRow(
        result["records"],
        method,
        result["pairwise"],
        result["cluster"],
        seconds,
        peak_mib,
        compared=result.get("compared"),
    )


def run_benchmark(
    sizes: list[int],
    seed: int = 2026,
    data_root: Path | str = "var/bench/data",
    out_root: Path | str = "var/bench/runs",
    methods: tuple[str, ...] = METHODS,
    echo=print,
    timeout: float = 600.0,
    profiles: tuple[str, ...] = ("default",),
) -> list[BenchRow]:
    """Every method on every (profile, size): one row each, sizes outermost."""
    unknown = [profile for profile in profiles if profile not in GRID_PROFILES]
    if unknown:
        raise ValueError(f"Unknown error profiles: {', '.join(unknown)}.")
    rows = []
    for size in sizes:
        for profile in profiles:
            echo(f"Preparing the {profile} dataset of {size:,} records (seed {seed})...")
            started = time.monotonic()
            data = dataset(Path(data_root), size, seed, profile)
            echo(f"  ready in {time.monotonic() - started:.1f} s")
            for method in methods:
                if size > MAX_RECORDS.get(method, size):
                    echo(f"  skipping {METHOD_NAMES[method]} above {MAX_RECORDS[method]:,} records")
                    empty = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
                    rows.append(
                        BenchRow(size, method, empty, empty, 0.0, 0.0, SKIPPED, profile, size)
                    )
                    continue
                echo(f"  running {METHOD_NAMES[method]} on {profile}, {size:,} records...")
                out = Path(out_root) / profile / f"{size}" / method
                row = run_method(method, data, out, timeout)
                row.records = row.records or size
                row.profile, row.size = profile, size
                rows.append(row)
                if row.error:
                    echo(f"    failed: {row.error.strip().splitlines()[-1]}")
    return rows


def _status(row: BenchRow) -> str:
    if row.error == SKIPPED:
        limit = MAX_RECORDS.get(row.method)
        return f" (skipped: does not finish above {limit:,} records)" if limit else " (skipped)"
    if row.error:
        return " (did not finish)" if "did not finish" in row.error else " (failed)"
    return ""


def format_table(rows: list[BenchRow]) -> str:
    header = (
        "| profile | records | method | pairwise P | pairwise R | pairwise F1 | cluster P "
        "| cluster R | cluster F1 | true pairs compared | wall time (s) | peak memory (MiB) |"
    )
    lines = [header, "|" + " --- |" * 12]
    for r in rows:
        p, c = r.pairwise, r.cluster
        name = f"{METHOD_NAMES[r.method]}{_status(r)}"
        if r.error == SKIPPED:
            lines.append(f"| {r.profile} | {r.records:,} | {name} |" + " – |" * 9)
            continue
        lines.append(
            f"| {r.profile} | {r.records:,} | {name} | {p['precision']:.4f} | "
            f"{p['recall']:.4f} | {p['f1']:.4f} | {c['precision']:.4f} | {c['recall']:.4f} | "
            f"{c['f1']:.4f} | {'–' if r.compared is None else f'{r.compared:.4f}'} | "
            f"{r.seconds:.1f} | {r.peak_mib:,.0f} |"
        )
    return "\n".join(lines)


def format_worst_case(rows: list[BenchRow]) -> str:
    """One line per method and size: the profile with the lowest pairwise F1, and the average
    over the profiles. A run that failed or did not finish counts as the worst case; skipped
    runs are left out. The linkage ("alongside") comes first."""
    lines = []
    groups: dict[tuple[str, int], list[BenchRow]] = {}
    for row in rows:
        if row.error != SKIPPED:
            groups.setdefault((row.method, row.size or row.records), []).append(row)
    for method in METHODS:
        for size in sorted({size for m, size in groups if m == method}):
            group = groups[(method, size)]
            label = "Worst case" if method == "alongside" else f"{METHOD_NAMES[method]}: worst case"
            failed = [row for row in group if not row.finished]
            finished = [row for row in group if row.finished]
            average = (
                f"average {sum(r.pairwise['f1'] for r in finished) / len(finished):.3f}"
                if finished
                else "no run finished"
            )
            profiles = f"{len(group)} profile{'s' if len(group) != 1 else ''}"
            if failed:
                names = ", ".join(row.profile for row in failed)
                lines.append(
                    f"{label} at {size:,} records: {names}, did not finish; {average} over "
                    f"the {len(finished)} of {profiles} that did"
                )
                continue
            worst = min(group, key=lambda row: row.pairwise["f1"])
            lines.append(
                f"{label} at {size:,} records: {worst.profile}, pairwise F1 "
                f"{worst.pairwise['f1']:.3f}; {average} over {profiles}"
            )
    return "\n".join(lines)


def format_report(rows: list[BenchRow]) -> str:
    """The grid, then the worst case."""
    return f"{format_table(rows)}\n\n{format_worst_case(rows)}"
