from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Benchmarks. `bench linkage`: accuracy, wall time and peak memory of the linkage and two baselines."

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=["linkage"])
        parser.add_argument(
            "--records", default="20000,1000000", help="Comma-separated sizes (parent records)."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--data",
            type=Path,
            default=Path("var/bench/data"),
            help="Where generated datasets are kept and reused.",
        )
        parser.add_argument("--runs", type=Path, default=Path("var/bench/runs"))
        parser.add_argument("--methods", default="alongside,exact,quickstart")
        parser.add_argument(
            "--timeout", type=float, default=600.0, help="Seconds each method may take."
        )

    def handle(self, *args, suite, records, seed, data, runs, methods, timeout, **options):
        from alongside.linkage.bench import METHODS, format_table, run_benchmark

        try:
            sizes = [int(size) for size in records.split(",") if size]
        except ValueError as error:
            raise CommandError("--records takes whole numbers separated by commas.") from error
        chosen = tuple(m for m in methods.split(",") if m)
        unknown = set(chosen) - set(METHODS)
        if unknown:
            raise CommandError(f"Unknown methods: {', '.join(sorted(unknown))}.")
        rows = run_benchmark(
            sizes, seed=seed, data_root=data, out_root=runs, methods=chosen, echo=self.stdout.write
        )
        self.stdout.write(format_table(rows))
