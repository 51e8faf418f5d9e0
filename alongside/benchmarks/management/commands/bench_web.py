"""`alongside bench-web`: seed a large service, serve it with gunicorn on loopback, load it with
signed-in users, and print latency per page beside the health endpoint, plus queries per page."""

import os
import socket
import subprocess  # nosec B404
import sys
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.benchmarks.load import VirtualUser, run_load
from alongside.benchmarks.seed import seed_bench_service
from alongside.benchmarks.sessions import signed_in_session
from alongside.casework.models import Contact, Episode
from alongside.core.progress import ProgressBar
from alongside.people.models import Parent
from alongside.policy import Action, can

CHRONOLOGY = "chronology, 2,000 items"
CHRONOLOGY_ITEMS = 2000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Benchmark the web pages under load (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--parents", type=int, default=2000)
        parser.add_argument("--workers", type=int, default=100)
        parser.add_argument("--contacts", type=int, default=200_000)
        parser.add_argument("--users", type=int, default=50, help="concurrent signed-in users")
        parser.add_argument("--seconds", type=float, default=120)
        parser.add_argument("--server-workers", type=int, default=4)

    def handle(self, *args, **opts):
        if Parent.objects.exists():
            raise CommandError(
                "bench-web needs an empty, migrated database (see scripts/bench-on-a-throwaway-database.sh)."
            )
        bar = ProgressBar("Seeding contacts", opts["contacts"])
        started = time.monotonic()
        service = seed_bench_service(
            parents=opts["parents"],
            workers=opts["workers"],
            contacts=opts["contacts"],
            progress=lambda d, t: bar.update(d),
        )
        bar.finish()
        self.stdout.write(
            f"Seeded {opts['parents']} parents, {opts['workers']} workers, {opts['contacts']} contacts in {time.monotonic() - started:.0f} s"
        )
        queries = self._queries_per_page(service)
        users = self._virtual_users(service, opts["users"])
        port = _free_port()
        server = self._start_server(port, opts["server_workers"])
        try:
            stats = run_load(
                users, f"http://127.0.0.1:{port}", settings.SESSION_COOKIE_NAME, opts["seconds"]
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        self._print(stats, queries, opts)

    def _virtual_users(self, service, count: int) -> list[VirtualUser]:
        users = []
        for i in range(count):
            if i % 10 == 9:
                users.append(
                    VirtualUser(signed_in_session(service.analyst), [("totals report", "/")])
                )
            elif i % 10 == 8:
                manager = service.managers[i % len(service.managers)]
                users.append(VirtualUser(signed_in_session(manager), [("team caseload", "/")]))
            else:
                worker = service.practitioners[i % len(service.practitioners)]
                parents = list(
                    Episode.objects.filter(key_worker=worker).values_list("parent_id", flat=True)
                )
                pages = [("caseload", "/")] + [
                    ("parent overview + timeline", f"/parents/{p}/") for p in parents[:5]
                ]
                if self.long_family in parents:
                    pages.append((CHRONOLOGY, f"/parents/{self.long_family}/team/chronology/"))
                users.append(VirtualUser(signed_in_session(worker), pages))
        return users

    def _queries_per_page(self, service) -> dict[str, tuple[int, int]]:
        """Queries for each page with a short list and a long one: equal means no N+1."""
        worker = service.practitioners[0]
        small_worker = service.practitioners[1]
        # Make the second worker's list short and one parent's timeline short.
        Episode.objects.filter(key_worker=small_worker).exclude(
            pk=Episode.objects.filter(key_worker=small_worker).order_by("pk").values("pk")[:1]
        ).update(key_worker=worker)
        short_episode = Episode.objects.filter(key_worker=small_worker).first()
        Contact.objects.filter(episode=short_episode).exclude(
            pk=Contact.objects.filter(episode=short_episode).order_by("pk").values("pk")[:1]
        ).delete()
        long_episode = Episode.objects.filter(key_worker=worker).first()
        # One family with a long history (issue 16: 2,000 timeline items) for the chronology.
        needed = CHRONOLOGY_ITEMS - Contact.objects.filter(episode=long_episode).count()
        moved = list(
            Contact.objects.exclude(episode__in=[long_episode, short_episode])
            .order_by("pk")
            .values_list("pk", flat=True)[: max(needed, 0)]
        )
        Contact.objects.filter(pk__in=moved).update(episode=long_episode)
        self.long_family = long_episode.parent_id

        def count(user, path) -> int:
            client = Client()
            if user is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(user)
            client.get(path)  # warm
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code} for {user}")
            return len(captured)

        if not can(small_worker, Action.VIEW_PARENT, short_episode.parent):
            raise CommandError(
                "The benchmark's worker cannot see their own parent: seeding is wrong."
            )
        return {
            "caseload": (count(small_worker, "/"), count(worker, "/")),
            "parent overview + timeline": (
                count(small_worker, f"/parents/{short_episode.parent_id}/"),
                count(worker, f"/parents/{long_episode.parent_id}/"),
            ),
            CHRONOLOGY: (
                count(small_worker, f"/parents/{short_episode.parent_id}/team/chronology/"),
                count(worker, f"/parents/{long_episode.parent_id}/team/chronology/"),
            ),
            "team caseload": (count(service.managers[1], "/"), count(service.managers[0], "/")),
            "totals report": (count(service.analyst, "/"), count(service.analyst, "/")),
            "health": (count(None, "/health/"), count(None, "/health/")),
        }

    def _start_server(self, port: int, workers: int):
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings.local")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(  # noqa: S603  # nosec B603
            [
                str(gunicorn),
                "alongside.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/", timeout=1).status_code == 200:
                    return server
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn did not start within 20 seconds.")

    def _print(self, stats, queries, opts) -> None:
        health_p95 = stats["health"].percentile(95)
        self.stdout.write(
            f"\n{opts['users']} signed-in users for {opts['seconds']:.0f} s against gunicorn "
            f"({opts['server_workers']} workers), SQLite, {opts['parents']} parents, {opts['contacts']} contacts\n"
        )
        header = f"{'page':<28} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p95/health':>10} {'queries (short list, long list)':>32}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        failed = []
        for name in [
            "health",
            "caseload",
            "parent overview + timeline",
            CHRONOLOGY,
            "team caseload",
            "totals report",
        ]:
            page = stats.get(name)
            if page is None:
                continue
            ratio = page.percentile(95) / health_p95 if health_p95 else float("nan")
            short, long = queries[name]
            self.stdout.write(
                f"{name:<28} {len(page.latencies_ms) + page.errors:>8} {page.errors:>6} {page.median:>8.1f} "
                f"{page.percentile(95):>8.1f} {ratio:>10.2f} {f'{short}, {long}':>32}"
            )
            if page.errors or ratio > 5 or short != long:
                failed.append(name)
        self.stdout.write(
            "\nTarget: every page p95 within 5x the health endpoint, no errors, queries independent of list size."
        )
        self.stdout.write(
            "Result: "
            + ("all pages meet the target." if not failed else f"MISSED for: {', '.join(failed)}")
        )
