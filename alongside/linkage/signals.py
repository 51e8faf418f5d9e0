"""Signs of trouble in a linkage run, found without any truth file.

There is no answer key in a real run, but some things cannot be true of one person, and some
shapes of the output only come from a model that links too much or cannot tell. Each run counts
them from its own DuckDB tables (`linked_records`, `persons_input`, `predictions`):

- among clusters (people with more than one record): two different NHS numbers; dates that
  cannot all be true of one person (the rules in `DATE_RULES`); one person as both the mother
  and the father on one application;
- the sizes of clusters, and the largest;
- the match weights of the scored pairs, and how many sit close to the threshold.

Each figure past its limit (the constants below, each with its reason) gives a sentence in
`warnings`. The limits sit above what the synthetic benchmark shows with a sound model (its
keying errors and its few wrong links give some such people in every run), so a warning
means look closer, not that the run is wrong. All the counting is SQL in DuckDB: about 1.5
seconds at a million records on 2 threads.
"""

import math
from typing import Any

from .duck import run

# --- limits ----------------------------------------------------------------------------------
# Measured on the synthetic benchmark (seed 11) against its truth file: at 100,000 records a
# sound run (pairwise precision 0.978, recall 0.974) has 1.9% of people with more than one
# record made of two or more true people; a run at 1,000,000 records with the model as it
# stood when these checks were written over-linked (pairwise precision 0.80) and 16.6% of
# such people were merged. The checks find most of those merges and almost nothing else
# (see each limit), so each limit sits above the sound run and well below the bad one.
#
# More than 1% of people with two different NHS numbers suggests over-linking. Only numbers
# that both pass the NHS number check digit (modulus 11) count: a one-digit keying error never
# passes, so a mistyped number is not taken for a second person's (keying errors alone put
# about 1% of people over a count of any two numbers). Two valid numbers were always two
# people merged: 0.3% of people in the sound run, 5.4% in the bad one.
MAX_CONFLICTING_NHS_PERCENT = 1.0
# More than 3% of people with dates that cannot all be true of one person suggests
# over-linking. Keying errors in dates of birth (a year, a month or ten days out, day and
# month swapped) keep one person's dates within a year of each other, so 97% of the people
# flagged were merges: 1.6% of people in the sound run, 13.3% in the bad one.
MAX_IMPOSSIBLE_DATES_PERCENT = 3.0
# The mother and the father on one application are two people: any person who is both is a
# link that cannot be right (the model compares mothers with mothers and fathers with fathers,
# so with its own blocking rules this should never happen).
MAX_BOTH_PARENTS_PERCENT = 0.0
# No parent has anything like 20 care applications in the years an extract covers (mothers
# in recurrent proceedings rarely have more than 5 to 10), so a person made of more than 20
# records is almost certainly several people chained together by weak links. (Largest: 6
# records in the sound run, 13 in the bad one.)
MAX_CLUSTER_SIZE = 20
# Pairs within this many match-weight units of the threshold are ones the model can hardly
# tell apart (a weight of 1 is a likelihood ratio of 2, about the evidence of one weak field).
# A sound model puts few pairs there (0.7% of the scored pairs in the sound run, 4.3% in the
# bad one, whose trouble was over-linking rather than doubt): most pairs it scores are
# clearly the same person or clearly not. More than 10% means the threshold falls where the
# model cannot tell, and the links there are guesses.
NEAR_THRESHOLD_WEIGHT = 1.0
MAX_NEAR_THRESHOLD_PERCENT = 10.0

# Ages of a parent when their child was born that cannot be right (by any of the dates of
# birth in the person's records): under 12 for anyone; over 60 for a mother (births to
# mothers over 55 are vanishingly rare in England and Wales); over 80 for a father.
MIN_PARENT_AGE = 12
MAX_MOTHER_AGE = 60
MAX_FATHER_AGE = 80
# Dates of birth in one person's records further apart than this cannot all be keying errors.
MAX_DOB_SPREAD_YEARS = 1

# Rules on dates: name -> description (each is a column of the per-cluster query below).
DATE_RULES = {
    "dates_of_birth_over_a_year_apart": (
        "dates of birth more than a year apart in one person's records"
    ),
    "impossible_parent_age": (
        f"a child born when the parent was under {MIN_PARENT_AGE} (or a mother over "
        f"{MAX_MOTHER_AGE}, a father over {MAX_FATHER_AGE}) by the person's dates of birth"
    ),
}

CLUSTER_SIZE_BANDS = [
    (1, 1, "1"),
    (2, 2, "2"),
    (3, 3, "3"),
    (4, 4, "4"),
    (5, 5, "5"),
    (6, 10, "6 to 10"),
    (11, None, "over 10"),
]
# Match-weight bands: below -2, then steps of 2 up to 20, then 20 and over.
WEIGHT_STEP = 2
WEIGHT_LOW = -2
WEIGHT_HIGH = 20


def _weight_bands() -> list[tuple[float | None, float | None, str]]:
    bands: list[tuple[float | None, float | None, str]] = [
        (None, WEIGHT_LOW, f"below {WEIGHT_LOW}")
    ]
    for low in range(WEIGHT_LOW, WEIGHT_HIGH, WEIGHT_STEP):
        bands.append((low, low + WEIGHT_STEP, f"{low} to {low + WEIGHT_STEP}"))
    bands.append((WEIGHT_HIGH, None, f"{WEIGHT_HIGH} and over"))
    return bands


WEIGHT_BANDS = _weight_bands()


def threshold_weight(threshold: float) -> float | None:
    """The match weight at match probability `threshold`: log2(p / (1 - p)). None at 0 or 1
    (no finite weight)."""
    if not 0.0 < threshold < 1.0:
        return None
    # Rounded so that a threshold such as 0.8 gives a weight of exactly 2, not 2 + 4e-16.
    return round(math.log2(threshold / (1.0 - threshold)), 9)


def _valid_nhs_sql(column: str) -> str:
    """True when `column` (digits only) is 10 digits with a correct NHS check digit (modulus
    11). A one-digit keying error never passes, so two valid numbers are two numbers issued."""
    weighted = " + ".join(
        f"{11 - i} * try_cast(substr({column}, {i}, 1) as integer)" for i in range(1, 10)
    )
    return (
        f"(regexp_full_match({column}, '[0-9]{{10}}') and "
        f"(11 - ({weighted}) % 11) % 11 = try_cast(substr({column}, 10, 1) as integer))"
    )


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _cluster_counts(con: Any) -> dict[str, int]:
    """The sizes of all people, and the checks on those with more than one record. Only
    their records (a quarter of them at a million) are joined and checked; a sign is a
    min that differs from the max rather than a count of distinct values, so that the whole
    is one pass of simple aggregates (under 2 seconds at a million records on 2 threads)."""
    valid = _valid_nhs_sql("nhs_number")
    bands = ", ".join(
        f"count(*) filter (where size >= {int(low)}"
        + (f" and size <= {int(high)})" if high is not None else ")")
        for low, high, _ in CLUSTER_SIZE_BANDS
    )
    max_age = (
        f"case when role = 'F' then interval {int(MAX_FATHER_AGE)} year "
        f"else interval {int(MAX_MOTHER_AGE)} year end"
    )
    row = run(
        con,
        f"""
        with sizes as materialized (
            select person_id, count(*) as size from linked_records group by person_id
        ),
        r as (
            select lr.person_id, lr.role, lr.application_id, lr.dob, lr.child_dob,
                   p.nhs_number
            from linked_records lr
            semi join (select person_id from sizes where size > 1) s using (person_id)
            left join persons_input p using (record_key)
        ),
        v as (select *, case when {valid} then nhs_number end as valid_nhs from r),
        c as (
            select person_id,
                   min(nhs_number) <> max(nhs_number) as conflicting_nhs,
                   min(valid_nhs) <> max(valid_nhs) as conflicting_valid_nhs,
                   max(dob) > min(dob) + interval {int(MAX_DOB_SPREAD_YEARS)} year as dob_spread,
                   min(child_dob) < max(dob) + interval {int(MIN_PARENT_AGE)} year
                       or max(child_dob - {max_age}) > min(dob) as parent_age,
                   min(role) <> max(role) as both_roles
            from v group by person_id
        ),
        both_parents as (
            -- Two records of one application in one person: its mother and its father.
            select count(distinct person_id) as n from (
                select person_id from v
                semi join (select person_id from c where both_roles) b using (person_id)
                group by person_id, application_id having count(*) > 1
            )
        ),
        s as (
            select count(*) as people, coalesce(sum(size), 0) as records,
                   count(*) filter (where size > 1) as clusters,
                   coalesce(max(size), 0) as largest,
                   count(*) filter (where size > {int(MAX_CLUSTER_SIZE)}) as over_limit,
                   {bands}
            from sizes
        ),
        k as (
            select count(*) filter (where conflicting_nhs),
                   count(*) filter (where conflicting_valid_nhs),
                   count(*) filter (where dob_spread),
                   count(*) filter (where parent_age),
                   count(*) filter (where dob_spread or parent_age)
            from c
        )
        select s.*, k.*, both_parents.n from s, k, both_parents
        """,  # noqa: S608  # nosec B608
    )[0]
    names = [
        "people",
        "records",
        "clusters",
        "largest",
        "over_limit",
        *(f"size {label}" for _, _, label in CLUSTER_SIZE_BANDS),
        "conflicting_nhs_numbers",
        "conflicting_valid_nhs_numbers",
        *DATE_RULES,
        "impossible_dates",
        "both_parents_on_one_application",
    ]
    return {name: int(value or 0) for name, value in zip(names, row, strict=True)}


def _weight_counts(con: Any, weight: float | None) -> tuple[list[int], int]:
    """Scored pairs in each of `WEIGHT_BANDS`, and those within `NEAR_THRESHOLD_WEIGHT` of
    `weight` (none when the threshold has no finite weight)."""
    cases = []
    for low, high, _ in WEIGHT_BANDS:
        parts = []
        if low is not None:
            parts.append(f"match_weight >= {int(low)}")
        if high is not None:
            parts.append(f"match_weight < {int(high)}")
        cases.append(f"count(*) filter (where {' and '.join(parts)})")
    row = run(
        con,
        f"select {', '.join(cases)}, count(*) filter (where abs(match_weight - ?) <= ?) "  # noqa: S608  # nosec B608
        "from predictions where match_weight is not null",
        [weight if weight is not None else 0.0, NEAR_THRESHOLD_WEIGHT],
    )[0]
    near = int(row[-1]) if weight is not None else 0
    return [int(v) for v in row[:-1]], near


CHECKS = {
    "conflicting_nhs_numbers": "two different NHS numbers",
    "conflicting_valid_nhs_numbers": (
        "two different NHS numbers that both pass the NHS number check digit"
    ),
    **DATE_RULES,
    "impossible_dates": "dates that cannot all be true of one person",
    "both_parents_on_one_application": "both the mother and the father on one application",
}
# The checks that warn, with their limits (percent of people with more than one record).
CHECK_LIMITS = {
    "conflicting_valid_nhs_numbers": MAX_CONFLICTING_NHS_PERCENT,
    "impossible_dates": MAX_IMPOSSIBLE_DATES_PERCENT,
    "both_parents_on_one_application": MAX_BOTH_PARENTS_PERCENT,
}


def trouble_signals(con: Any, threshold: float) -> dict:
    """Signals computed from the run's DuckDB tables, for summary.json and the report.

    Reads `linked_records`, `persons_input` (record_key, nhs_number) and `predictions`
    (match_weight). Percentages are of people with more than one record ('clusters'), or of
    scored pairs. Plain values only, ready for JSON."""
    counts = _cluster_counts(con)
    weight = threshold_weight(threshold)
    bands, near = _weight_counts(con, weight)
    clusters = counts["clusters"]
    checks = [
        {
            "rule": rule,
            "description": description,
            "clusters": counts[rule],
            "percent": _percent(counts[rule], clusters),
            "limit_percent": CHECK_LIMITS.get(rule),
        }
        for rule, description in CHECKS.items()
    ]
    signals: dict[str, Any] = {
        "records": counts["records"],
        "people": counts["people"],
        "clusters": {
            "count": clusters,
            "largest_size": counts["largest"],
            f"over_{MAX_CLUSTER_SIZE}_records": counts["over_limit"],
            "checks": checks,
        },
        "cluster_sizes": [
            {"size": label, "people": counts[f"size {label}"]} for _, _, label in CLUSTER_SIZE_BANDS
        ],
        "match_weights": {
            "pairs": sum(bands),
            "threshold": threshold,
            "threshold_weight": round(weight, 3) if weight is not None else None,
            "bands": [
                {"weight": label, "pairs": count}
                for (_, _, label), count in zip(WEIGHT_BANDS, bands, strict=True)
            ],
            "near_threshold": near,
            "near_threshold_percent": _percent(near, sum(bands)),
        },
        "limits": {
            "conflicting_nhs_percent": MAX_CONFLICTING_NHS_PERCENT,
            "impossible_dates_percent": MAX_IMPOSSIBLE_DATES_PERCENT,
            "both_parents_percent": MAX_BOTH_PARENTS_PERCENT,
            "cluster_size": MAX_CLUSTER_SIZE,
            "near_threshold_weight": NEAR_THRESHOLD_WEIGHT,
            "near_threshold_percent": MAX_NEAR_THRESHOLD_PERCENT,
        },
    }
    signals["warnings"] = warning_sentences(signals)
    return signals


def _share(percent: float) -> str:
    return f"{percent:.1f}%" if percent >= 0.1 or percent == 0 else "under 0.1%"


def warning_sentences(signals: dict, hide_small: bool = False) -> list[str]:
    """A plain-English sentence for each signal past its limit. `hide_small`: for a published
    report, a count of people from 1 to 4 is said as 'fewer than 5' and its share left out."""
    if not signals:
        return []
    sentences = []
    clusters = signals["clusters"]
    for check in clusters["checks"]:
        limit = check["limit_percent"]
        if limit is None or check["clusters"] == 0 or check["percent"] <= limit:
            continue
        why = (
            f"(more than {limit:g}% suggests over-linking)"
            if limit
            else "(this cannot be right for one person)"
        )
        if hide_small and 0 < check["clusters"] < 5:
            who = "Fewer than 5 people with more than one record have"
        elif hide_small and 0 < clusters["count"] - check["clusters"] < 5:
            who = "All but a few of the people with more than one record have"
        else:
            who = f"{_share(check['percent'])} of people with more than one record have"
        sentences.append(f"{who} {check['description']} {why}.")
    largest = clusters["largest_size"]
    over = clusters[f"over_{MAX_CLUSTER_SIZE}_records"]
    if largest > MAX_CLUSTER_SIZE:
        count = "fewer than 5" if hide_small and over < 5 else str(over)
        people = "person is" if count == "1" else "people are"
        sentences.append(
            f"{count.capitalize()} {people} made of more than {MAX_CLUSTER_SIZE} records, the "
            f"largest of {largest} (no parent has that many applications: records of "
            "different people are probably chained together)."
        )
    weights = signals["match_weights"]
    if weights["near_threshold_percent"] > MAX_NEAR_THRESHOLD_PERCENT:
        sentences.append(
            f"{_share(weights['near_threshold_percent'])} of the scored pairs have a match "
            f"weight within {NEAR_THRESHOLD_WEIGHT:g} of the threshold (more than "
            f"{MAX_NEAR_THRESHOLD_PERCENT:g}% means the model cannot tell these pairs apart: "
            "check a sample by hand)."
        )
    return sentences
