"""Blocking within a budget: count the comparisons each rule would make before predicting,
and tighten or drop a rule whose count exceeds a budget proportional to the records.

A rule's comparisons are counted as Splink's blocking analysis counts them before filters
(`splink.blocking_analysis.n_largest_blocks`, summed over every block): within each block
every record meets every record, itself included, so a block of n records counts n * n.
That is the number of rows the blocking join makes, about twice the pairs then scored, and
counting it is one group-by over the records, so planning grows linearly with them
whatever the names. A rule over its budget gets one more field (the first of
`TIGHTENING_FIELDS` that brings it within budget) or, if none does, is dropped. Every change
is written as a plain-English note for the run's summary.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

from .duck import quote, run

logger = logging.getLogger(__name__)

Block = tuple[str, ...]  # the fields a rule joins on exactly (role is always added)

# Budgets, in comparisons (counted as above) per record, for each rule.
# Measured with Splink's blocking analysis on `generate_applications(..., seed=2026)`:
#   rule                         20,001 records   1,000,001 records  (per record)
#   nhs_number                        0.64              0.63
#   forename_std + dob                1.19              1.50
#   surname + dob                     1.16              1.33
#   dob_canon + postcode              0.98              0.98
#   forename_std + dob_canon          1.20              1.62
#   forename_std + surname            1.38              8.85
#   forename_std + postcode           1.02              1.02
#   surname + postcode                1.01              1.01
#   forename + surname (EM)           1.36              8.34
#   dob + postcode_district (EM)      1.00              1.00
# Rules on names alone grow with the records (common names are shared by more people). A rule
# whose blocks are that large is mostly pairs of different people and spends the budget the
# narrower rules after it need: at 50 per rule, forename + surname took 33 of the 40 per record
# on the independent profile at 1,000,000 records, the rules after it were dropped and recall
# fell (docs/linkage.md). At 10 per rule it is tightened (by year of birth) in such an extract
# and kept as it is at 20,000 records and in the default profile at 1,000,000 (8.85).
COMPARISONS_PER_RECORD = 10
# EM reads every blocked pair on each iteration and needs a sample of pairs, not all.
TRAINING_COMPARISONS_PER_RECORD = 25
# All prediction rules together: the cost of scoring is the sum of their comparisons, so the
# rules are taken in order (the surest first) and each gets what is left of this, at most its
# own budget. About twice the sum of the first eight rules at 1,000,000 records (17 per
# record), so the wide rules at the end of the list are kept in a small extract and tightened
# or dropped in a big one. Measured: 40 per record scores 1,000,000 records in about a minute
# on this 2-core machine.
TOTAL_COMPARISONS_PER_RECORD = 40

# Fields tried, in this order, to tighten a rule over budget: coarse, reliable fields first
# (they cut the comparisons while keeping pairs with a typo or a move elsewhere). Only those
# in the table and not already implied by the rule are tried.
TIGHTENING_FIELDS: tuple[str, ...] = (
    "dob_year",
    "year_of_birth",
    "postcode_district",
    "dob",
    "surname",
    "forename_std",
    "postcode",
)

# Agreement on the key implies agreement on these (same date of birth, same year; same
# postcode, same district), so adding them to a rule holding the key changes nothing.
_IMPLIES: dict[str, tuple[str, ...]] = {
    "dob": ("dob_canon", "dob_month_day", "dob_year", "year_of_birth"),
    "dob_canon": ("dob_year", "year_of_birth"),
    "postcode": ("postcode_sector", "postcode_district", "postcode_area"),
    "postcode_sector": ("postcode_district", "postcode_area"),
    "postcode_district": ("postcode_area",),
    "forename": ("forename_std",),
}

FIELD_NAMES = {
    "forename": "forename",
    "forename_std": "standardised forename",
    "surname": "surname",
    "surnames": "any surname",
    "dob": "date of birth",
    "dob_canon": "date of birth (day and month either way)",
    "dob_month_day": "day and month of birth",
    "dob_year": "year of birth",
    "year_of_birth": "year of birth",
    "postcode": "postcode",
    "postcode_sector": "postcode sector",
    "postcode_district": "postcode district",
    "postcode_area": "postcode area",
    "nhs_number": "NHS number",
    "local_authority": "local authority",
    "court": "court",
    "coparent_name": "other parent's name",
    "coparent_dob": "other parent's date of birth",
    "child_dob": "child's date of birth",
    "initials": "initials (either order)",
}


@dataclass
class BlockingPlan:
    prediction: list[Block]
    training: list[Block]
    notes: list[str] = field(default_factory=list)  # plain English, for the run's summary
    counts: list[dict] = field(default_factory=list)  # one per rule considered


@dataclass(frozen=True)
class RuleCount:
    """What one blocking rule would make on a table."""

    comparisons: int  # rows the blocking join makes (n * n per block)
    pairs: int  # distinct pairs of records among them


class _Counter:
    """Counts of rules on one DuckDB table, cached by the set of fields."""

    def __init__(self, con: Any, table: str) -> None:
        self.con = con
        self.table = table
        self.cache: dict[frozenset[str], RuleCount] = {}

    def __call__(self, fields: Block) -> RuleCount:
        key = frozenset(fields)
        if key not in self.cache:
            self.cache[key] = count_comparisons(self.con, self.table, fields)
        return self.cache[key]


def count_comparisons(con: Any, table: str, fields: Block) -> RuleCount:
    """The comparisons the rule on `fields` (and role) would make on DuckDB `table`.

    This is Splink's pre-filter count (`splink.blocking_analysis.n_largest_blocks`, summed
    over every block): records with a null key join nothing, and a block of n records
    makes n * n rows. Splink counts the left and right sides with two group-bys and joins
    them; on one table (dedupe) both are the same, so one group-by gives the same number
    in about a third of the time.
    """
    keys = [quote(name) for name in dict.fromkeys(("role", *fields))]
    present = " and ".join(f"{key} is not null" for key in keys)
    comparisons, pairs = run(
        con,
        "select coalesce(sum(n * n), 0), coalesce(sum(n * (n - 1) // 2), 0) from ("  # noqa: S608  # nosec B608
        f"select count(*) as n from {quote(table)} where {present} group by {', '.join(keys)})",  # noqa: S608  # nosec B608
    )[0]
    return RuleCount(int(comparisons), int(pairs))


def describe(fields: Block) -> str:
    """A rule's fields in plain English, e.g. 'standardised forename + surname'."""
    return " + ".join(FIELD_NAMES.get(name, name.replace("_", " ")) for name in fields)


def _either(names: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def implied_fields(fields: Block) -> set[str]:
    """The fields a pair agreeing on `fields` also agrees on."""
    found = set(fields)
    pending = list(fields)
    while pending:
        for implied in _IMPLIES.get(pending.pop(), ()):
            if implied not in found:
                found.add(implied)
                pending.append(implied)
    return found


def table_columns(con: Any, table: str) -> set[str]:
    """The column names of DuckDB `table`."""
    rows = run(
        con,
        "select column_name from information_schema.columns where table_name = ?",
        [table],
    )
    return {name for (name,) in rows}


@dataclass
class _Rules:
    """One kind of rule (prediction or training) and its budget."""

    purpose: str  # "prediction" or "training"
    per_record: int
    records: int
    columns: set[str]
    count: _Counter
    # Prediction rules find pairs together: a tightened rule that implies a rule kept as it
    # is finds nothing new. Training rules are separate EM sessions, so this does not apply.
    skip_redundant: bool
    # The budget of all the rules together (per record), or None for rules that run apart.
    total_per_record: int | None = None

    @property
    def budget(self) -> int:
        return self.per_record * self.records

    @property
    def total(self) -> int | None:
        return None if self.total_per_record is None else self.total_per_record * self.records

    def candidates(self, fields: Block) -> list[str]:
        implied = implied_fields(fields)
        return [f for f in TIGHTENING_FIELDS if f in self.columns and f not in implied]

    def plan(self, rules: list[Block], plan: BlockingPlan) -> list[Block]:
        counts = {rule: self.count(rule) for rule in rules}
        within = [rule for rule in rules if counts[rule].comparisons <= self.budget]
        kept: list[Block] = []
        tried: list[tuple[Block, RuleCount]] = [(rule, counts[rule]) for rule in rules]
        spent = 0
        for rule in rules:
            n = counts[rule].comparisons
            allowed = self.budget if self.total is None else min(self.budget, self.total - spent)
            repeated = self._repeated(rule, kept)
            if repeated is not None:
                # Every pair it finds, a rule kept before it has found already.
                plan.counts.append(
                    {
                        "purpose": self.purpose,
                        "rule": " + ".join(rule),
                        "comparisons": n,
                        "used": None,
                        "used_comparisons": None,
                        "budget": allowed,
                        "repeats": " + ".join(repeated),
                    }
                )
                continue
            entry: dict[str, Any] = {
                "purpose": self.purpose,
                "rule": " + ".join(rule),
                "comparisons": n,
                "used": " + ".join(rule),
                "used_comparisons": n,
                "budget": allowed,
            }
            plan.counts.append(entry)
            if n <= allowed:
                kept.append(rule)
                spent += n
                continue
            tightened, copies = self._tighten(rule, within + kept, tried, allowed)
            entry["used"] = " + ".join(tightened) if tightened else None
            if tightened:
                used = self.count(tightened).comparisons
                entry["used_comparisons"] = used
                kept.append(tightened)
                spent += used
                outcome = f"tightened to {describe(tightened)} ({used:,})."
            else:
                entry["used_comparisons"] = None
                outcome = self._dropped(rule, copies)
            plan.notes.append(f"{self._over(rule, n, allowed)}: {outcome}")
        if rules and not kept:
            kept.append(self._fallback(tried, plan))
        return kept

    def _repeated(self, rule: Block, kept: list[Block]) -> Block | None:
        """The kept prediction rule that already finds every pair `rule` would, if any."""
        if not self.skip_redundant:
            return None
        implied = implied_fields(rule)
        return next((other for other in kept if set(other) <= implied), None)

    def _over(self, rule: Block, comparisons: int, allowed: int | None = None) -> str:
        what = "training (EM) rule" if self.purpose == "training" else "rule"
        budget = "training budget" if self.purpose == "training" else "budget"
        if allowed is not None and allowed < self.budget:
            return (
                f"The {what} {describe(rule)} would make {comparisons:,} comparisons, over the "
                f"{allowed:,} left of the total budget of {self.total:,} "
                f"({self.total_per_record} per record) after the rules before it"
            )
        return (
            f"The {what} {describe(rule)} would make {comparisons:,} comparisons, over the "
            f"{budget} of {self.budget:,} ({self.per_record} per record)"
        )

    def _tighten(
        self,
        rule: Block,
        others: list[Block],
        tried: list[tuple[Block, RuleCount]],
        allowed: int | None = None,
    ) -> tuple[Block | None, list[str]]:
        """`rule` plus the first candidate field that brings it within budget (or None), and
        the fields left untried because the rule with them would copy another.

        `others`: the prediction rules kept so far or within budget as they are; a
        tightened rule implying one of them would find no pair of its own."""
        copies = []
        for extra in self.candidates(rule):
            tightened = (*rule, extra)
            if self.skip_redundant and any(
                set(other) <= implied_fields(tightened) for other in others
            ):
                copies.append(extra)
                continue
            count = self.count(tightened)
            tried.append((tightened, count))
            if count.comparisons <= (self.budget if allowed is None else allowed):
                return tightened, copies
        return None, copies

    def _dropped(self, rule: Block, copies: list[str]) -> str:
        candidates = self.candidates(rule)
        if not candidates:
            return "dropped, as the table has no field to tighten it with."
        counted = _either([FIELD_NAMES.get(f, f) for f in candidates if f not in copies])
        copied = _either([FIELD_NAMES.get(f, f) for f in copies])
        reasons = []
        if counted:
            reasons.append(f"adding {counted} left it over budget")
        if copied:
            reasons.append(f"adding {copied} would only repeat another rule's pairs")
        return f"dropped, as {' and '.join(reasons)}."

    def _fallback(self, tried: list[tuple[Block, RuleCount]], plan: BlockingPlan) -> Block:
        """Every rule was dropped: keep the tightest one found (adding fields while that
        helps), so the run still has a rule to predict or train on."""
        usable = [item for item in tried if item[1].pairs > 0] or tried
        best, count = min(usable, key=lambda item: item[1].comparisons)
        while count.comparisons > self.budget:
            options = [
                ((*best, extra), self.count((*best, extra))) for extra in self.candidates(best)
            ]
            options = [item for item in options if item[1].pairs > 0]
            if not options:
                break
            better, better_count = min(options, key=lambda item: item[1].comparisons)
            if better_count.comparisons >= count.comparisons:
                break
            best, count = better, better_count
        state = "within" if count.comparisons <= self.budget else "still over"
        if self.purpose == "training":
            plan.notes.append(
                f"Every training (EM) rule was over the training budget, so EM is blocked on "
                f"{describe(best)} ({count.comparisons:,} comparisons, {state} the budget) "
                "so that the model can still be trained."
            )
        else:
            plan.notes.append(
                f"Every prediction rule was over the budget, so pairs are found with "
                f"{describe(best)} alone ({count.comparisons:,} comparisons, {state} the "
                "budget) rather than by comparing every record with every other."
            )
        plan.counts.append(
            {
                "purpose": self.purpose,
                "rule": " + ".join(best),
                "comparisons": count.comparisons,
                "used": " + ".join(best),
                "used_comparisons": count.comparisons,
                "budget": self.budget,
                "fallback": True,
            }
        )
        return best


def plan_blocking(
    con: Any,
    table: str,
    records: int,
    prediction: list[Block],
    training: list[Block],
) -> BlockingPlan:
    """The rules to use on DuckDB `table` (person records) so that none exceeds the budget."""
    columns = table_columns(con, table)
    count = _Counter(con, table)
    plan = BlockingPlan(prediction=[], training=[])
    plan.prediction = _Rules(
        "prediction",
        COMPARISONS_PER_RECORD,
        records,
        columns,
        count,
        skip_redundant=True,
        total_per_record=TOTAL_COMPARISONS_PER_RECORD,
    ).plan(list(prediction), plan)
    plan.training = _Rules(
        "training", TRAINING_COMPARISONS_PER_RECORD, records, columns, count, skip_redundant=False
    ).plan(list(training), plan)
    for note in plan.notes:
        logger.info(note)
    return plan
