"""What one signed-in page costs in-process, one request at a time: CPU time and Python calls.

Under load, `bench-web`'s figures move by a fifth between two runs on this shared 2-core
machine, so a change of a tenth in one page's cost cannot show there. These two can: the
Python calls a request makes are counted by cProfile and barely vary between runs, and the
CPU time is the fastest of several rounds. CPU time is this process's: on PostgreSQL the
database server's own work is not in it, and the wall time beside it (also the fastest round)
is the difference: what the page waited for the database."""

import cProfile
import math
import pstats
import time
from dataclasses import dataclass

from django.test import Client


@dataclass(frozen=True)
class PageCost:
    cpu_ms: float  # a request's CPU time, the fastest round's mean
    wall_ms: float  # a request's elapsed time, the fastest round's mean
    calls: int  # Python function calls in one request


def page_cost(client: Client, path: str, *, rounds: int = 5, per_round: int = 5) -> PageCost:
    """The cost of `client` asking for `path` (warmed once first, so caches are filled)."""
    client.get(path)
    fastest = fastest_wall = math.inf
    for _ in range(rounds):
        started, started_wall = time.process_time(), time.perf_counter()
        for _ in range(per_round):
            client.get(path)
        fastest = min(fastest, (time.process_time() - started) * 1000 / per_round)
        fastest_wall = min(fastest_wall, (time.perf_counter() - started_wall) * 1000 / per_round)
    profile = cProfile.Profile()
    profile.enable()
    client.get(path)
    profile.disable()
    return PageCost(cpu_ms=fastest, wall_ms=fastest_wall, calls=pstats.Stats(profile).total_calls)
