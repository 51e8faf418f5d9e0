"""A plain progress bar for the command line (no dependencies)."""

import sys
import time


class ProgressBar:
    def __init__(self, label: str, total: int, stream=None, width: int = 30):
        self.label = label
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()

    def update(self, done: int) -> None:
        fraction = min(done / self.total, 1.0)
        filled = int(self.width * fraction)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total} {elapsed:5.1f}s")
        self.stream.flush()

    def finish(self) -> None:
        self.update(self.total)
        self.stream.write("\n")
