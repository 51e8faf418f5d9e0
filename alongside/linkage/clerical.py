"""Clerical review: a sample of links just above the threshold and of non-links just below
it, for an analyst to judge, and the accuracy those judgements imply.

(Skeleton: the sample and the estimate are being written.)
"""

from pathlib import Path
from typing import Any


def write_review_sample(con: Any, linker: Any, out: Path, threshold: float, seed: int = 42) -> dict[str, Path]:
    """Write the review sample files into `out`; returns {name: path} for the run's files."""
    return {}
