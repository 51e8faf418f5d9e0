"""`alongside profile-page`: where one signed-in page's time goes, layer by layer.

Requests the page in-process (Django's test client, a signed-in session with the second factor
passed). First timed directly: building SQL, the database and templates each by a clock around
them (`alongside.benchmarks.layers`), their own time only. Then under cProfile, which
attributes the time to more layers but overstates those made of many small Python calls. Times
under the profiler are inclusive: a template that runs queries counts them too, so the layers overlap and do not
add up to the total; 'queries (database)' and 'queries (ORM)' are the parts of every layer spent
in the database driver and in building the SQL. Run it on a benchmark database (issue 21).
"""

import cProfile
import pstats
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from alongside.accounts.models import User
from alongside.benchmarks.layers import layers_timed
from alongside.benchmarks.sessions import signed_in_session

# (layer, [(file suffix, function name)]): the functions whose inclusive time is the layer's.
LAYERS = [
    (
        "session (load and save)",
        [("sessions/backends/db.py", "load"), ("sessions/backends/db.py", "save")],
    ),
    ("user", [("contrib/auth/__init__.py", "get_user")]),
    ("two-factor check", [("django_otp/middleware.py", "_verify_user_sync")]),
    ("access policy (can)", [("alongside/policy.py", "can")]),
    (
        "audit write",
        [
            ("alongside/audit/services.py", "audit_reads"),
            ("alongside/audit/services.py", "audit_record"),
        ],
    ),
    ("decryption", [("alongside/core/crypto.py", "decrypt")]),
    ("templates", [("django/template/backends/django.py", "render")]),
    ("queries (database)", [("django/db/backends/utils.py", "_execute")]),
    ("queries (ORM, building SQL)", [("django/db/models/sql/compiler.py", "as_sql")]),
]


def layer_times(stats: pstats.Stats, requests: int) -> dict[str, float]:
    """Milliseconds per request for each layer (inclusive, so a function called from within
    itself is counted once)."""
    result = {}
    for layer, functions in LAYERS:
        total = 0.0
        for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
            if any(filename.endswith(suffix) and name == fn for suffix, fn in functions):
                total += cumulative
        result[layer] = total * 1000 / requests
    return result


class Command(BaseCommand):
    help = "Profile one signed-in page in-process and show the time each layer takes."

    def add_arguments(self, parser):
        parser.add_argument("username", help="who asks for the page")
        parser.add_argument("path", help="the page, e.g. /parents/12/")
        parser.add_argument("--requests", type=int, default=20)
        parser.add_argument("--top", type=int, default=0, help="also print the top N functions")

    def handle(self, *args, username: str, path: str, requests: int, top: int, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username}.")
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(user)
        if (status := client.get(path).status_code) != 200:  # warm the caches
            raise CommandError(f"{path} answered {status} for {username}.")
        started = time.perf_counter()
        for _ in range(requests):
            client.get(path)
        plain_ms = (time.perf_counter() - started) * 1000 / requests
        with layers_timed() as layers:
            started = time.perf_counter()
            for _ in range(requests):
                client.get(path)
            timed_ms = (time.perf_counter() - started) * 1000 / requests
        captured = []
        with connection.execute_wrapper(
            lambda execute, sql, *rest: captured.append(sql) or execute(sql, *rest)
        ):
            client.get(path)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            client.get(path)
        profile.disable()
        stats = pstats.Stats(profile)
        profiled_ms = stats.total_tt * 1000 / requests
        self.stdout.write(
            f"{path} for {username} ({user.get_role_display()}), {connection.vendor}: "
            f"{plain_ms:.1f} ms a request, {len(captured)} queries"
        )
        self.stdout.write(
            f"Timed directly (no profiler) {timed_ms:.1f} ms; each layer's own time (they do "
            "not overlap):"
        )
        own = {layer: seconds * 1000 / requests for layer, seconds in layers.items()}
        own["the rest (views, access policy, objects from rows, middleware)"] = timed_ms - sum(
            own.values()
        )
        for layer, ms in own.items():
            share = ms / timed_ms if timed_ms else 0
            self.stdout.write(f"  {layer:<62} {share:>6.0%}  {ms:6.1f} ms")
        self.stdout.write(
            f"Under the profiler {profiled_ms:.1f} ms; each layer below as a share of that "
            "(inclusive: layers overlap)."
        )
        for layer, ms in layer_times(stats, requests).items():
            share = ms / profiled_ms if profiled_ms else 0
            self.stdout.write(f"  {layer:<30} {share:>6.0%}  ~{share * plain_ms:6.1f} ms")
        if top:
            stats.sort_stats("cumulative").print_stats(top)
