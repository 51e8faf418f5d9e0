"""What one signed-in page costs in-process, one request at a time: CPU time and Python calls.

Under load, `bench-web`'s figures move by a fifth between two runs on this shared 2-core
machine, so a change of a tenth in one page's cost cannot show there. These two can: the
Python calls a request makes are counted by cProfile and barely vary between runs, and the
CPU time is the fastest of several rounds. CPU time is this process's: on PostgreSQL the
database server's own work is not in it."""

import cProfile
import math
import pstats
import time
from dataclasses import dataclass

from django.test import Client


@dataclass(frozen=True)
class PageCost:
    cpu_ms: float  # a request's CPU time, the fastest round's mean
    calls: int  # Python function calls in one request


def page_cost(client: Client, path: str, *, rounds: int = 5, per_round: int = 5) -> PageCost:
    """The cost of `client` asking for `path` (warmed once first, so caches are filled)."""
    client.get(path)
    fastest = math.inf
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(per_round):
            client.get(path)
        fastest = min(fastest, (time.process_time() - started) * 1000 / per_round)
    profile = cProfile.Profile()
    profile.enable()
    client.get(path)
    profile.disable()
    return PageCost(cpu_ms=fastest, calls=pstats.Stats(profile).total_calls)
