"""Linking care-proceedings records to find recurrence (plain Python; no Django).

Entry points:
- `link_applications(inputs, out_dir, engine=..., progress=...)`: the whole run.
- `generate_applications(out_dir, records, seed)`: the synthetic benchmark dataset.
- `run_benchmark(sizes)`: accuracy, time and memory against two baselines.
"""

from .errors import InputError
from .pipeline import LinkResult, link_applications
from .synthetic import generate_applications

__all__ = ["InputError", "LinkResult", "generate_applications", "link_applications"]
