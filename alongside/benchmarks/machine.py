"""Where the machine's CPU went while a benchmark ran: the server's workers, the audit sealer,
the load generator, and everything else (on PostgreSQL, mostly the database server).

Read from /proc (Linux, where `make bench-web` runs): each process's user and system time, and
the whole machine's busy time. Under load the server's cost a page view is what decides how
many it can serve, and it is not the in-process cost: processes sharing the cores run slower
than one alone (docs/capacity.md)."""

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rpartition(")")[2].split()


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of one process (0 once it has gone)."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    # After the name: state, ppid, ... utime is the 12th, stime the 13th.
    return (int(fields[11]) + int(fields[12])) / TICKS


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers, for its master)."""
    children = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent not idle, over all its cores, since boot."""
    values = [int(v) for v in (PROC / "stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle and waiting for I/O
    return (sum(values) - idle) / TICKS


@dataclass(frozen=True)
class CpuUse:
    """CPU milliseconds a page view, by who spent them, over one phase of load."""

    seconds: float  # wall time of the phase
    views: int
    server_ms: float  # the web server's workers (and its master)
    sealer_ms: float  # the audit sealer
    client_ms: float  # the load generator (this process)
    rest_ms: float  # everything else on the machine: on PostgreSQL, mostly the database
    cores_busy: float  # the machine's busy time over wall time (2.0 = both cores, all the time)


class CpuMeter:
    """Readings before and after a phase of load; `use(views)` is the difference a view."""

    def __init__(self, server_pid: int, sealer_pid: int) -> None:
        self.server_pid, self.sealer_pid = server_pid, sealer_pid

    def _read(self) -> tuple[float, float, dict[int, float], float, float]:
        workers = [self.server_pid, *children_of(self.server_pid)]
        return (
            time.perf_counter(),
            machine_busy_seconds(),
            {pid: process_cpu_seconds(pid) for pid in workers},
            process_cpu_seconds(self.sealer_pid),
            time.process_time(),
        )

    def start(self) -> None:
        self._started = self._read()

    def use(self, views: int) -> CpuUse:
        wall, busy, server, sealer, client = self._read()
        wall0, busy0, server0, sealer0, client0 = self._started
        # A worker started during the phase counts from nothing.
        server_s = sum(cpu - server0.get(pid, 0.0) for pid, cpu in server.items())
        sealer_s, client_s = sealer - sealer0, client - client0
        busy_s, wall_s = busy - busy0, wall - wall0
        per_view = 1000 / views if views else float("nan")
        return CpuUse(
            seconds=wall_s,
            views=views,
            server_ms=server_s * per_view,
            sealer_ms=sealer_s * per_view,
            client_ms=client_s * per_view,
            rest_ms=max(busy_s - server_s - sealer_s - client_s, 0.0) * per_view,
            cores_busy=busy_s / wall_s if wall_s else 0.0,
        )
