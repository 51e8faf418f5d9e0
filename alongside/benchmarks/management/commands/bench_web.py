"""`alongside bench-web`: seed a large service, serve it with gunicorn on loopback, and report
what the pages can take, in a shape that cannot hide saturation (issue 21):

1. the bare endpoint (`/health/` only, 50 connections, closed loop): the baseline of this run;
   then the lightest signed-in page (changing your password: a form, nobody's record) by 50
   signed-in users, the most headroom any signed-in page could show in this run;
2. the capacity curve: signed-in page views only, closed loop, at rising numbers of users,
   then the CPU a request of each phase by process (alongside.benchmarks.machine);
3. headroom: page views a second at 50 users over the bare endpoint's requests a second;
4. open-loop latency: page views started on a fixed schedule at `--rate` a second, timed from
   their scheduled start, per page (a contact form sent follows its page at once);
5. queries per page with a short list and a long one (equal means no N+1);
0. printed first, before the load: each page's in-process cost, one request at a time (CPU
   time and Python calls, alongside.benchmarks.cost), which shows a change too small for the
   load figures' run-to-run noise.

It is a report: it exits 0 even when a target is missed, and says MISSED on its last line."""

import math
import os
import socket
import subprocess  # nosec B404
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.audit.sealing import seal_pending, waiting_count
from alongside.audit.verify import verify_chain
from alongside.benchmarks.cost import PageCost, page_cost
from alongside.benchmarks.load import (
    FormSubmission,
    LoadResult,
    Page,
    VirtualUser,
    run_closed_loop,
    run_open_loop,
)
from alongside.benchmarks.machine import CpuMeter, CpuUse
from alongside.benchmarks.seed import seed_bench_service
from alongside.benchmarks.sessions import signed_in_session
from alongside.casework.models import Contact, Episode
from alongside.core.progress import ProgressBar
from alongside.people.models import Parent
from alongside.policy import Action, can

CHRONOLOGY = "chronology, 2,000 items"
CHRONOLOGY_ITEMS = 2000
CONTACT_FORM = "contact form"
CONTACT_SAVED = "contact saved"
PAGES = [
    "caseload",
    "parent overview + timeline",
    CHRONOLOGY,
    CONTACT_FORM,
    CONTACT_SAVED,
    "team caseload",
    "totals report",
]
HEALTH_CONNECTIONS = 50
HEADROOM_USERS = 50
HEADROOM_TARGET = 0.5
# The lightest page a signed-in member of staff can ask for: the whole middleware (session,
# user, two-factor check, access policy, audit, security headers) and the layout, with no
# record on it. No page with a parent's record on it can be served faster.
LIGHTEST_PAGE = ("lightest signed-in page", "/account/password/")
OPEN_LOOP_P95_TARGET_MS = 300
# Every page is started at least this often in the open loop, so that a page only one user
# has (the 2,000-item chronology) has a p95 of its own: 20 of the default 900 starts.
OPEN_LOOP_SAMPLES_A_PAGE = 20
WARM_UP_SECONDS = 5
BUSY_CLIENT = 0.9  # the load generator using 90% of a core may be what limits the figures
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _levels(text: str) -> list[int]:
    try:
        levels = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError as exc:
        raise CommandError(
            f"--levels takes numbers of users separated by commas: {text!r}"
        ) from exc
    if not levels or levels[0] < 1:
        raise CommandError(f"--levels takes numbers of users of at least 1: {text!r}")
    return levels


def _contact_fields() -> dict[str, str]:
    """A home visit recorded the day after, as a practitioner fills in the form."""
    yesterday = timezone.localdate() - timedelta(days=1)
    return {
        "happened_on_0": str(yesterday.day),
        "happened_on_1": str(yesterday.month),
        "happened_on_2": str(yesterday.year),
        "contact_type": "home_visit",
        "duration_minutes": "60",
        "notes": "Home visit. We went through the plan together and agreed the next family time.",
    }


def _contact_url(episode_id: int) -> str:
    return reverse("plans:contact-new", args=[episode_id])


def contact_page(episode_id: int) -> Page:
    """Open the contact form for the episode, then send it (saved: a redirect)."""
    return (
        CONTACT_FORM,
        _contact_url(episode_id),
        FormSubmission(_contact_fields(), saved_as=CONTACT_SAVED),
    )


def _share(result: LoadResult, bare: LoadResult) -> float:
    """Successful requests a second of `result` as a share of the bare endpoint's."""
    return result.per_second / bare.per_second if bare.per_second else float("nan")


def _ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.1f}"


class Command(BaseCommand):
    help = "Benchmark the web pages: capacity curve, headroom and open-loop latency (see `make bench-web`)."

    def add_arguments(self, parser):
        parser.add_argument("--parents", type=int, default=2000)
        parser.add_argument("--workers", type=int, default=100)
        parser.add_argument("--contacts", type=int, default=200_000)
        parser.add_argument("--server-workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument(
            "--levels",
            default="1,10,50,100",
            help="concurrent signed-in users for the capacity curve, e.g. 1,10,50,100",
        )
        parser.add_argument(
            "--phase-seconds",
            "--seconds",
            dest="phase_seconds",
            type=float,
            default=20,
            help="length of each closed-loop phase (the bare endpoint and each level)",
        )
        parser.add_argument(
            "--rate", type=float, default=30, help="page views started a second in the open loop"
        )
        parser.add_argument(
            "--open-seconds", type=float, default=30, help="length of the open loop"
        )

    def handle(self, *args, **opts):
        levels = _levels(opts["levels"])
        if opts["rate"] <= 0 or opts["open_seconds"] <= 0 or opts["phase_seconds"] <= 0:
            raise CommandError("--rate, --open-seconds and --phase-seconds must be positive.")
        if opts["workers"] < 20:
            # Seeding makes a team (and a manager) per 10 workers; the query counts compare two.
            raise CommandError("--workers must be at least 20 (two teams, so two managers).")
        if Parent.objects.exists():
            raise CommandError(
                "bench-web needs an empty, migrated database (see scripts/bench-on-a-throwaway-database.sh)."
            )
        self.engine = VENDORS.get(connection.vendor, connection.vendor)
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
            f"Seeded {opts['parents']} parents, {opts['workers']} workers, {opts['contacts']} contacts "
            f"on {self.engine} in {time.monotonic() - started:.0f} s"
        )
        queries = self._queries_per_page(service)
        self._gather_statistics()
        self._print_costs(self._cost_per_page())
        users = self._virtual_users(service, levels[-1])
        lightest_users = self._lightest_users(service)
        health_users = [VirtualUser(None, [("health", "/health/")])] * HEALTH_CONNECTIONS
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        cookie = settings.SESSION_COOKIE_NAME
        phase = opts["phase_seconds"]
        server = self._start_server(port, opts["server_workers"])
        # The sealer seals the audit log every second, as the worker does in production: its cost is measured.
        sealer = self._start_worker()
        audit_before = AuditEntry.objects.count()
        try:
            self.stdout.write(
                f"\nWeb benchmark on {self.engine}: gunicorn with {opts['server_workers']} workers on "
                f"{base_url}, {opts['parents']} parents, {opts['workers']} workers, "
                f"{opts['contacts']} contacts"
            )
            # Not counted: the first requests of each gunicorn worker (imports, template loading).
            run_closed_loop(users[:10] + health_users[:2], base_url, cookie, WARM_UP_SECONDS)
            meter = CpuMeter(server.pid, sealer.pid)
            meter.start()
            bare = run_closed_loop(health_users, base_url, cookie, phase)
            cpu = {"bare /health/": meter.use(bare.overall.requests)}
            self._print_bare(bare, phase)
            meter.start()
            lightest = run_closed_loop(lightest_users, base_url, cookie, phase)
            cpu["lightest page"] = meter.use(lightest.overall.requests)
            self._print_lightest(lightest, bare, phase)
            curve = {}
            self._print_curve_heading(phase)
            for level in levels:
                meter.start()
                curve[level] = run_closed_loop(users[:level], base_url, cookie, phase)
                cpu[f"{level} users"] = meter.use(curve[level].overall.requests)
                self._print_level(level, curve[level])
            self._print_cpu(cpu)
            headroom_level = min(levels, key=lambda n: (abs(n - HEADROOM_USERS), -n))
            headroom = self._print_headroom(bare, curve[headroom_level], headroom_level, lightest)
            self.stdout.write(
                f"\n4. Open loop on {self.engine}: {opts['rate']:g} page views a second started on "
                f"schedule for {opts['open_seconds']:g} s, {len(users)} users, latency from the "
                "scheduled start (a contact form's save follows it, timed from when it is sent) ... "
            )
            opened = run_open_loop(
                users,
                base_url,
                cookie,
                opts["rate"],
                opts["open_seconds"],
                at_least=OPEN_LOOP_SAMPLES_A_PAGE,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
            sealer.terminate()
            sealer.wait(timeout=30)
        self.stdout.write(
            f"   {round(opts['rate'] * opts['open_seconds'])} started ({opened.overall.requests} "
            f"requests with the contact forms sent), the latest start {opened.max_start_lag_ms:.1f} ms "
            f"behind schedule; the last answered {opened.seconds:.1f} s after the first started "
            f"({self._client_note(opened)})"
        )
        best = max(r.per_second for r in curve.values())
        if opts["rate"] > best:
            self.stdout.write(
                f"   the offered {opts['rate']:g} a second is more than the most the capacity curve "
                f"reached ({best:.1f} a second), so requests queue and latency grows with time"
            )
        missed = self._print_pages(opened, curve[headroom_level], headroom_level, queries, opts)
        self._print_audit(audit_before)
        self._print_result(bare, curve, headroom, opened, queries, missed, lightest)

    def _virtual_users(self, service, count: int) -> list[VirtualUser]:
        """`count` signed-in users, each with a session of their own and their own page mix:
        practitioners their caseload, their own parents' overviews, recording a contact with
        one of them (the form, then sending it) and (for the one who has it) the 2,000-item
        chronology; managers their team's caseload; the analyst the totals."""
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
                episodes = list(
                    Episode.objects.filter(key_worker=worker)
                    .order_by("pk")
                    .values_list("pk", "parent_id")
                )
                parents = [parent for _, parent in episodes]
                pages = [("caseload", "/")] + [
                    ("parent overview + timeline", f"/parents/{p}/") for p in parents[:5]
                ]
                if episodes:
                    pages.append(contact_page(episodes[0][0]))
                if self.long_family in parents:
                    pages.append((CHRONOLOGY, f"/parents/{self.long_family}/team/chronology/"))
                users.append(VirtualUser(signed_in_session(worker), pages))
        return users

    def _lightest_users(self, service) -> list[VirtualUser]:
        """As many signed-in practitioners as the headroom is measured at, each with a session
        of their own, asking for the lightest signed-in page."""
        practitioners = service.practitioners
        return [
            VirtualUser(signed_in_session(practitioners[i % len(practitioners)]), [LIGHTEST_PAGE])
            for i in range(HEADROOM_USERS)
        ]

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

        def count(user, path, form: dict | None = None) -> int:
            """Queries for the page (a GET, answered 200) or for sending `form` to it (a POST,
            saved: answered with a redirect)."""
            client = Client()
            if user is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(user)

            def ask():
                return client.post(path, form) if form is not None else client.get(path)

            ask()  # warm
            with CaptureQueriesContext(connection) as captured:
                response = ask()
            if response.status_code != (200 if form is None else 302):
                raise CommandError(f"{path} answered {response.status_code} for {user}")
            return len(captured)

        # Each page with its long list (who asks, and the path); `_cost_per_page` measures these.
        long = self.long_pages = {
            "caseload": (worker, "/"),
            "parent overview + timeline": (worker, f"/parents/{long_episode.parent_id}/"),
            CHRONOLOGY: (worker, f"/parents/{long_episode.parent_id}/team/chronology/"),
            CONTACT_FORM: (worker, _contact_url(long_episode.pk)),
            "team caseload": (service.managers[0], "/"),
            "totals report": (service.analyst, "/"),
        }
        if not can(small_worker, Action.VIEW_PARENT, short_episode.parent):
            raise CommandError(
                "The benchmark's worker cannot see their own parent: seeding is wrong."
            )
        return {
            "caseload": (count(small_worker, "/"), count(*long["caseload"])),
            "parent overview + timeline": (
                count(small_worker, f"/parents/{short_episode.parent_id}/"),
                count(*long["parent overview + timeline"]),
            ),
            CHRONOLOGY: (
                count(small_worker, f"/parents/{short_episode.parent_id}/team/chronology/"),
                count(*long[CHRONOLOGY]),
            ),
            "team caseload": (count(service.managers[1], "/"), count(*long["team caseload"])),
            "totals report": (count(service.analyst, "/"), count(*long["totals report"])),
            CONTACT_FORM: (
                count(small_worker, _contact_url(short_episode.pk)),
                count(*long[CONTACT_FORM]),
            ),
            # Last: each adds two contacts to the short and the long history.
            CONTACT_SAVED: (
                count(small_worker, _contact_url(short_episode.pk), _contact_fields()),
                count(worker, _contact_url(long_episode.pk), _contact_fields()),
            ),
            "health": (count(None, "/health/"), count(None, "/health/")),
        }

    def _gather_statistics(self) -> None:
        """Table statistics and visibility maps, as a database in service has them.
        PostgreSQL's autovacuum vacuums and analyses a table within a minute or so of a bulk
        load like the seeding (an insert-driven vacuum, PostgreSQL 13 on). The planner chooses
        by the statistics, and an index-only scan (counting a caseload's contacts) needs the
        visibility map, so without this the run would change plans part-way through."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    def _cost_per_page(self) -> dict[str, PageCost]:
        """Each page's in-process cost with its long list (`_queries_per_page` chose them)."""
        costs = {}
        for name, (user, path) in self.long_pages.items():
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(user)
            costs[name] = page_cost(client, path)
        return costs

    def _print_costs(self, costs: dict[str, PageCost]) -> None:
        self.stdout.write(
            f"\n0. In-process cost per page on {self.engine}, one request at a time, before the "
            "load (Python calls barely vary between runs: compare them across commits; CPU is "
            "the fastest of 5 rounds of 5, this process only; wall time also counts waiting "
            "for the database server)"
        )
        header = f"{'page':<28} {'CPU ms':>8} {'wall ms':>8} {'Python calls':>13}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, cost in costs.items():
            self.stdout.write(
                f"{name:<28} {cost.cpu_ms:>8.1f} {cost.wall_ms:>8.1f} {cost.calls:>13,}"
            )

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

    def _start_worker(self):
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings.local")
        alongside = Path(sys.executable).with_name("alongside")
        return subprocess.Popen(  # noqa: S603  # nosec B603
            [str(alongside), "audit-sealer"], env=env, stdout=subprocess.DEVNULL
        )

    def _print_audit(self, before: int) -> None:
        """The run's audit entries: how many the worker sealed, and whether the chain checks."""
        written = AuditEntry.objects.count() - before
        waiting = waiting_count()
        seal_pending()
        report = verify_chain()
        self.stdout.write(
            f"\nAudit on {self.engine}: {written} entries written during the run; "
            f"{written - waiting} sealed by the sealer while it ran, {waiting} left when it "
            f"stopped; chain {'intact' if report.intact else 'BROKEN: ' + report.problem} "
            f"({report.entries_checked} entries checked)."
        )

    def _client_note(self, result: LoadResult) -> str:
        note = f"client CPU {result.client_cpu:.0%} of a core"
        if result.client_cpu >= BUSY_CLIENT:
            note += (
                " - LOAD GENERATOR NEAR ITS LIMIT: the figure may be the client's, not the server's"
            )
        return note

    def _print_phase(self, title: str, result: LoadResult, unit: str) -> None:
        """One closed-loop phase of a single page: its heading, then a row of figures."""
        page = result.overall
        self.stdout.write(title)
        header = f"{unit + '/s':>12} {'p50 ms':>8} {'p95 ms':>8} {unit:>9} {'errors':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{result.per_second:>12.1f} {_ms(page.median):>8} {_ms(page.percentile(95)):>8} "
            f"{page.requests:>9} {page.errors:>7}   ({self._client_note(result)})"
        )

    def _print_bare(self, bare: LoadResult, phase: float) -> None:
        self._print_phase(
            f"\n1. Bare endpoint on {self.engine}: /health/ only, {HEALTH_CONNECTIONS} concurrent "
            f"connections, closed loop for {phase:g} s",
            bare,
            "requests",
        )

    def _print_lightest(self, lightest: LoadResult, bare: LoadResult, phase: float) -> None:
        self._print_phase(
            f"\n   The lightest signed-in page on {self.engine} ({LIGHTEST_PAGE[1]}: a form, "
            f"nobody's record), {HEADROOM_USERS} signed-in users, closed loop for {phase:g} s",
            lightest,
            "views",
        )
        self.stdout.write(
            f"   {_share(lightest, bare):.2f} of the bare endpoint; a page with anyone's record on "
            "it does all this page does, and more"
        )

    def _print_curve_heading(self, phase: float) -> None:
        self.stdout.write(
            f"\n2. Capacity curve on {self.engine}: signed-in page views only (no health), closed "
            f"loop, each user its own session, {phase:g} s a level"
        )
        header = (
            f"{'users':>6} {'views/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'views':>7} {'errors':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

    def _print_level(self, level: int, result: LoadResult) -> None:
        overall = result.overall
        self.stdout.write(
            f"{level:>6} {result.per_second:>9.1f} {_ms(overall.median):>8} "
            f"{_ms(overall.percentile(95)):>8} {overall.requests:>7} {overall.errors:>7}   "
            f"({self._client_note(result)})"
        )

    def _print_cpu(self, cpu: dict[str, CpuUse]) -> None:
        """Who spent the machine's CPU in each phase, a request: what decides how many pages
        the server can serve is its workers' cost a view under load, not in-process."""
        self.stdout.write(
            f"\n   CPU milliseconds a request on {self.engine}, by process (from /proc), and how "
            "busy the machine was"
        )
        header = (
            f"{'phase':>15} {'server':>8} {'sealer':>8} {'load gen':>9} {'the rest':>9} "
            f"{'cores busy':>11}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for phase, use in cpu.items():
            self.stdout.write(
                f"{phase:>15} {_ms(use.server_ms):>8} {_ms(use.sealer_ms):>8} "
                f"{_ms(use.client_ms):>9} {_ms(use.rest_ms):>9} {use.cores_busy:>8.2f} of "
                f"{os.cpu_count()}"
            )
        self.stdout.write(
            "   (server: gunicorn's workers; the rest: everything else on the machine, on "
            "PostgreSQL mostly the database server)"
        )

    def _print_headroom(
        self, bare: LoadResult, at: LoadResult, level: int, lightest: LoadResult
    ) -> float:
        headroom = _share(at, bare)
        self.stdout.write(
            f"\n3. Headroom on {self.engine}: {at.per_second:.1f} page views/s at {level} users / "
            f"{bare.per_second:.1f} bare requests/s = {headroom:.2f} (target: at least {HEADROOM_TARGET})"
        )
        self.stdout.write(
            f"   The lightest signed-in page: {lightest.per_second:.1f} views/s = "
            f"{_share(lightest, bare):.2f} of the bare endpoint"
        )
        if level != HEADROOM_USERS:
            self.stdout.write(
                f"   (measured at {level} users: {HEADROOM_USERS} is not among --levels)"
            )
        return headroom

    def _print_pages(self, opened, at, level, queries, opts) -> list[str]:
        """The open loop's latency per page, beside the closed loop's at `level` users and the
        queries each page takes; returns the pages that miss the open-loop target."""
        self.stdout.write(
            f"\nPer page on {self.engine} (5. queries with a short list and with a long one)"
        )
        header = (
            f"{'page':<28} {f'{level} users p50':>14} {'p95':>7} "
            f"{'open loop views':>15} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'queries (short, long)':>22}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        missed = []
        for name in [*PAGES, "open loop, all pages"]:
            closed = at.overall if name.startswith("open loop") else at.pages.get(name)
            page = opened.overall if name.startswith("open loop") else opened.pages.get(name)
            closed_p50 = closed.median if closed else float("nan")
            closed_p95 = closed.percentile(95) if closed else float("nan")
            requests = page.requests if page else 0
            errors = page.errors if page else 0
            p50 = page.median if page else float("nan")
            p95 = page.percentile(95) if page else float("nan")
            short, long = queries.get(name, ("", ""))
            column = f"{short}, {long}" if name in queries else ""
            self.stdout.write(
                f"{name:<28} {_ms(closed_p50):>14} {_ms(closed_p95):>7} {requests:>15} "
                f"{errors:>6} {_ms(p50):>7} {_ms(p95):>7} {column:>22}"
            )
            if name in PAGES and (math.isnan(p95) or p95 >= OPEN_LOOP_P95_TARGET_MS):
                missed.append(f"{name} ({'not measured' if math.isnan(p95) else f'{p95:.0f} ms'})")
        short, long = queries["health"]
        self.stdout.write(f"{'health (queries only)':<28} {'':>68} {f'{short}, {long}':>22}")
        self.stdout.write(
            f"\nTargets: no errors; headroom at least {HEADROOM_TARGET}; open-loop p95 under "
            f"{OPEN_LOOP_P95_TARGET_MS} ms for every page at {opts['rate']:g} a second; queries "
            "the same for a short list and a long one."
        )
        return missed

    def _print_result(self, bare, curve, headroom, opened, queries, slow_pages, lightest) -> None:
        missed = []
        errors = [f"bare endpoint {bare.errors}"] if bare.errors else []
        errors += [f"lightest page {lightest.errors}"] if lightest.errors else []
        errors += [f"{n} users {r.errors}" for n, r in curve.items() if r.errors]
        errors += [f"open loop {opened.errors}"] if opened.errors else []
        if errors:
            missed.append(f"errors ({', '.join(errors)})")
        if math.isnan(headroom) or headroom < HEADROOM_TARGET:
            missed.append(
                f"headroom {headroom:.2f} < {HEADROOM_TARGET} (the lightest signed-in page: "
                f"{_share(lightest, bare):.2f})"
            )
        if slow_pages:
            missed.append(
                f"open-loop p95 not under {OPEN_LOOP_P95_TARGET_MS} ms for {', '.join(slow_pages)}"
            )
        growing = [name for name, (short, long) in queries.items() if short != long]
        if growing:
            missed.append(f"queries grow with the list for {', '.join(growing)}")
        self.stdout.write(
            f"Result ({self.engine}): "
            + ("all targets met." if not missed else f"MISSED: {'; '.join(missed)}")
        )
