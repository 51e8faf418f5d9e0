"""Where the machine's CPU went under load (`alongside/benchmarks/machine.py`), read from /proc."""

import os
import signal
import subprocess
import sys
import time
from io import StringIO

from django.core.management.base import OutputWrapper

from alongside.benchmarks.machine import CpuMeter, CpuUse, children_of, process_cpu_seconds
from alongside.benchmarks.management.commands.bench_web import Command

# A stand-in for gunicorn: a master that waits, and a worker (its child) that works for 0.4 s
# of CPU and then waits to be stopped.
WORKER = (
    "import time\n"
    "end = time.process_time() + 0.4\n"
    "while time.process_time() < end: pass\n"
    "time.sleep(60)\n"
)
MASTER = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {WORKER!r}])"


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_servers_workers_cpu_is_counted_to_the_server_not_the_sealer():
    # Our own code, run by this Python.
    server = subprocess.Popen([sys.executable, "-c", MASTER])  # noqa: S603  # nosec B603
    sealer = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    try:
        meter = CpuMeter(server.pid, sealer.pid)
        meter.start()
        _wait_for(lambda: children_of(server.pid))
        (worker,) = children_of(server.pid)
        _wait_for(lambda: process_cpu_seconds(worker) >= 0.4)
        use = meter.use(views=4)
    finally:
        for child in children_of(server.pid):
            os.kill(child, signal.SIGKILL)
        for process in (server, sealer):
            process.kill()
            process.wait()
    # 0.4 s of the worker's CPU over 4 views is at least 100 ms a view, less what the worker
    # spent before the meter started (it starts from nothing, as a worker started mid-phase).
    assert use.server_ms >= 90
    assert use.sealer_ms < 20
    assert use.views == 4 and use.seconds > 0
    assert use.cores_busy > 0


def test_the_benchmark_prints_who_spent_the_cpu_in_each_phase():
    command = Command()
    command.engine = "SQLite"
    out = StringIO()
    command.stdout = OutputWrapper(out)
    command._print_cpu(
        {
            "bare /health/": CpuUse(20, 5000, 1.2, 0.1, 1.5, 0.2, 1.9),
            "50 users": CpuUse(20, 800, 45.5, 0.7, 3.9, 0.4, 2.0),
        }
    )
    printed = out.getvalue()
    assert "CPU milliseconds a request on SQLite, by process" in printed
    assert "50 users     45.5      0.7       3.9       0.4" in printed
    assert "bare /health/" in printed
