"""Blocking within a budget: count the comparisons each rule would make before predicting,
and tighten or drop a rule whose count exceeds a budget proportional to the records.

(Skeleton: the budget check is being written; for now every rule is kept as it is.)
"""

from dataclasses import dataclass, field
from typing import Any

Block = tuple[str, ...]  # the fields a rule joins on exactly (role is always added)


@dataclass
class BlockingPlan:
    prediction: list[Block]
    training: list[Block]
    notes: list[str] = field(default_factory=list)  # plain English, for the run's summary
    counts: list[dict] = field(default_factory=list)  # one per rule considered


def plan_blocking(
    con: Any,
    table: str,
    records: int,
    prediction: list[Block],
    training: list[Block],
) -> BlockingPlan:
    """The rules to use on DuckDB `table` (person records) so that none exceeds the budget."""
    return BlockingPlan(prediction=list(prediction), training=list(training))
