"""`alongside bench_reports`: seed a service with five years of data (5,000 parents, 500,000
contacts by default) and time the Outcomes Based Accountability report (median of runs)."""

import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.benchmarks.seed import seed_bench_service
from alongside.core.progress import ProgressBar
from alongside.people.models import Parent
from alongside.reports.selectors import Scope, oba_sections
from alongside.reports.tables import publish


class Command(BaseCommand):
    help = "Time the OBA report on a large service (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--parents", type=int, default=5000)
        parser.add_argument("--contacts", type=int, default=500_000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--profile", action="store_true", help="print where the time goes")

    def handle(self, *args, **opts):
        if Parent.objects.exists():
            raise CommandError("bench_reports needs an empty, migrated database.")
        bar = ProgressBar("Seeding contacts", opts["contacts"])
        service = seed_bench_service(
            parents=opts["parents"],
            workers=max(opts["parents"] // 20, 10),
            contacts=opts["contacts"],
            progress=lambda d, t: bar.update(d),
        )
        bar.finish()
        today = timezone.localdate()
        scope = Scope(
            start=today - timedelta(days=5 * 365),
            end=today,
            organisation_ids=(service.organisation.pk,),
        )
        times = []
        for _ in range(opts["runs"]):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                sections, _ = oba_sections(scope)
                publish("OBA", "bench", [], sections)
            times.append(time.perf_counter() - started)
        if opts["profile"]:
            import cProfile  # noqa: PLC0415 - only when asked
            import pstats  # noqa: PLC0415

            profiler = cProfile.Profile()
            profiler.enable()
            publish("OBA", "bench", [], oba_sections(scope)[0])
            profiler.disable()
            pstats.Stats(profiler, stream=self.stdout).sort_stats("cumulative").print_stats(25)
        median = statistics.median(times)
        self.stdout.write(
            f"OBA report, {opts['parents']} parents / {opts['contacts']} contacts: "
            f"median {median:.2f} s over {opts['runs']} runs (best {min(times):.2f} s), "
            f"{len(queries)} queries; target under 2 s: {'met' if median < 2 else 'NOT met'}"
        )
