"""Signs of trouble in a linkage run, found without any truth file.

(Skeleton: the checks are being written.)
"""

from typing import Any


def trouble_signals(con: Any, threshold: float) -> dict:
    """Signals computed from the run's DuckDB tables, for summary.json and the report."""
    return {}
