from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Benchmarks. `bench linkage`: accuracy, wall time and peak memory of the linkage and two "
        "baselines over a grid of error profiles and sizes, with the worst case."
    )

    def add_arguments(self, parser):
        from alongside.linkage.bench import GRID_PROFILES, METHODS

        parser.add_argument("suite", choices=["linkage"])
        parser.add_argument(
            "--records", default="20000", help="Comma-separated sizes (parent records)."
        )
        parser.add_argument(
            "--profiles",
            default=",".join(GRID_PROFILES),
            help=f"Comma-separated error profiles, from: {', '.join(GRID_PROFILES)} ('held-out' "
            "is an extract written blind, outside the project: benchmarks/held_out/README.md).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--data",
            type=Path,
            default=Path("var/bench/data"),
            help="Where generated datasets are kept and reused.",
        )
        parser.add_argument("--runs", type=Path, default=Path("var/bench/runs"))
        parser.add_argument(
            "--methods",
            default=",".join(METHODS),
            help=f"Comma-separated, from: {', '.join(METHODS)} ('truth-m' is the linkage "
            "with its m values from the truth file: what estimating them costs).",
        )
        parser.add_argument(
            "--timeout", type=float, default=600.0, help="Seconds each method may take."
        )

    def handle(
        self, *args, suite, records, profiles, seed, data, runs, methods, timeout, **options
    ):
        from alongside.linkage.bench import GRID_PROFILES, METHODS, format_report, run_benchmark

        try:
            sizes = [int(size) for size in records.split(",") if size]
        except ValueError as error:
            raise CommandError("--records takes whole numbers separated by commas.") from error
        if not sizes or min(sizes) < 1:
            raise CommandError("--records takes whole numbers of at least 1.")
        chosen = tuple(m for m in methods.split(",") if m)
        unknown = set(chosen) - set(METHODS)
        if unknown:
            raise CommandError(f"Unknown methods: {', '.join(sorted(unknown))}.")
        grid = tuple(p for p in profiles.split(",") if p)
        unknown = set(grid) - set(GRID_PROFILES)
        if unknown or not grid:
            raise CommandError(
                f"Unknown error profiles: {', '.join(sorted(unknown)) or '(none given)'}. "
                f"Choose from: {', '.join(GRID_PROFILES)}."
            )
        rows = run_benchmark(
            sizes,
            seed=seed,
            data_root=data,
            out_root=runs,
            methods=chosen,
            echo=self.stdout.write,
            timeout=timeout,
            profiles=grid,
        )
        self.stdout.write(format_report(rows))
