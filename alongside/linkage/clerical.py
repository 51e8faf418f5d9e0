"""Clerical review: a sample of links just above the threshold and of non-links just below
it, for an analyst to judge, and the accuracy those judgements imply.

The sample (`write_review_sample`)
    Pairs come from `predictions`, the pairs the model scored (Splink keeps those above match
    weight -4). A pair is a *link* when its own match probability is at or above the threshold
    `t`, a *non-link* when it is below. Clustering joins records through other records, so two
    records can share a person without a direct link between them: the review keeps to the
    scored pairs and judges each pair on its own.

    The pairs are split into bands (strata) of match weight measured from the threshold's own
    weight w_t = log2(t / (1 - t)), so the bands sit in the same place whatever `t` is:

    ====================  ========  ====================  =================
    stratum               side      match weight          sampled
    ====================  ========  ====================  =================
    link_just_above       link      w_t to w_t + 2        40
    link_above            link      w_t + 2 to w_t + 4    25
    link_well_above       link      w_t + 4 to w_t + 7    25
    link_far_above        link      w_t + 7 and over      25
    non_link_just_below   non-link  w_t - 2 to w_t        40
    non_link_below        non-link  w_t - 5 to w_t - 2    25
    ====================  ========  ====================  =================

    At t = 0.5 (w_t = 0) the link bands are match probability [0.5, 0.8), [0.8, 0.94),
    [0.94, 0.99) and [0.99, 1]; the non-link bands [0.2, 0.5) and [0.03, 0.2). (Pairs under
    weight -4 are not kept from prediction, so the lowest band is cut there at t = 0.5.) Each
    band is closed below and open above, except the top band, which includes 1. Within a band
    the pairs are put in a fixed order by md5(record_key_l | record_key_r | seed) and the first
    n are taken: the same run and seed always give the same sample.

The estimate (`estimate_accuracy`)
    Each band's rate of "same person" among its decided pairs ("cannot tell" left out) stands
    for the whole band: true links = sum over link bands of (pairs in band x rate); matches
    missed = the same over the non-link bands.
        precision = true links / links
        recall    = true links / (true links + matches missed in the reviewed non-link bands)
    Assumptions, stated with every estimate: pairs below the lowest reviewed band (and pairs the
    model did not score at all) are taken as different people, so recall is an upper bound of
    the recall over every pair; each band is estimated from its own sample only; an analyst's
    decision is taken as the truth.

    The 95% interval is simulated: each band's rate is drawn from its Jeffreys distribution,
    Beta(same + 1/2, different + 1/2), the precision and recall are worked out from the drawn
    rates, 10,000 times with a fixed seed, and the 2.5th and 97.5th percentiles are the
    interval (widened to include the estimate when every decision in a band agrees, as the
    Jeffreys interval is). With one band this is the Jeffreys interval for a proportion; with
    several it weights each band's uncertainty by its size. A band with pairs but no decision
    gives no estimate; one with fewer than 10 decisions gives an estimate with a caution.
"""

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import csv_safe
from .duck import copy_csv, literal, quote, run

SAME = "same"
DIFFERENT = "different"
CANNOT_TELL = "cannot_tell"
DECISIONS = (SAME, DIFFERENT, CANNOT_TELL)

LINK = "link"
NON_LINK = "non_link"

# (name, side, lower and upper match weight from the threshold's weight, pairs sampled)
STRATA: tuple[tuple[str, str, float, float, int], ...] = (
    ("link_just_above", LINK, 0.0, 2.0, 40),
    ("link_above", LINK, 2.0, 4.0, 25),
    ("link_well_above", LINK, 4.0, 7.0, 25),
    ("link_far_above", LINK, 7.0, math.inf, 25),
    ("non_link_just_below", NON_LINK, -2.0, 0.0, 40),
    ("non_link_below", NON_LINK, -5.0, -2.0, 25),
)
# Under this many decisions a band's rate is shown with a caution.
FEW_DECISIONS = 10
DRAWS = 10_000

# The fields shown side by side: (name, label, where the value comes from, the model's
# comparison whose agreement is shown beside it, if the model has it). PERSON: the parent's own
# column of the application (mother_<name> or father_<name>, by the record's role);
# APPLICATION: the application's column; FAMILY: the other parent's name and the child's date
# of birth on the application.
PERSON = "person"
APPLICATION = "application"
FAMILY = "family"
REVIEW_FIELDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("forename", "First name", PERSON, "forename"),
    ("middle_names", "Middle names", PERSON, None),
    ("known_as", "Known as", PERSON, None),
    ("surname", "Last name", PERSON, "surname"),
    ("previous_names", "Previous last names", PERSON, None),
    ("dob", "Date of birth", PERSON, "dob"),
    ("postcode", "Postcode", PERSON, "postcode"),
    ("nhs_number", "NHS number", PERSON, "nhs_number"),
    ("local_authority", "Local authority", APPLICATION, "place"),
    ("court", "Court", APPLICATION, None),
    ("issue_date", "Application issued", APPLICATION, None),
    ("family", "Family on the application", FAMILY, "family"),
)
DATE_FIELDS = {"dob", "issue_date"}
# Splink's own words for a comparison level, and ours (the model's custom labels stay).
_PLAIN_LABELS: tuple[tuple[str, str], ...] = (
    ("is NULL", "Not recorded on both"),
    ("Exact match", "Same"),
    ("Damerau-Levenshtein distance", "One character different"),
    ("Levenshtein distance", "One character different"),
    ("Jaro-Winkler distance of {} >= 0.9", "Very similar"),
    ("Jaro-Winkler distance of {} >= 0.8", "Similar"),
    ("All other comparisons", "Different"),
)

# How far the agreement goes, for the page: all, part, none, or nothing to compare.
AGREES, PARTLY, DIFFERS, MISSING = "yes", "partly", "no", "missing"


@dataclass(frozen=True)
class Stratum:
    name: str
    side: str
    low: float  # match probability, closed
    high: float  # open, except the top band (closed at 1)
    pairs: int = 0  # pairs of the run in the band
    sampled: int = 0  # pairs in the review sample

    @classmethod
    def of(cls, value: "Stratum | Mapping[str, Any]") -> "Stratum":
        if isinstance(value, Stratum):
            return value
        return cls(
            name=str(value["name"]),
            side=str(value["side"]),
            low=float(value["low"]),
            high=float(value["high"]),
            pairs=int(value.get("pairs", 0)),
            sampled=int(value.get("sampled", 0)),
        )


def _probability(weight: float) -> float:
    if weight == math.inf:
        return 1.0
    if weight == -math.inf:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-weight))


def _weight(probability: float) -> float:
    if probability <= 0.0:
        return -math.inf
    if probability >= 1.0:
        return math.inf
    return math.log2(probability / (1.0 - probability))


def review_strata(threshold: float) -> list[tuple[Stratum, int]]:
    """The bands for `threshold` with the pairs to sample from each. The link bands start at
    the threshold and the non-link bands end there, exactly; a band that is empty at this
    threshold (t = 0 or 1) is left out."""
    t = float(threshold)
    w_t = _weight(t)
    bands = []
    for name, side, low, high, size in STRATA:
        if side == LINK:
            lo = t if low == 0 else min(max(_probability(w_t + low), t), 1.0)
            hi = 1.0 if high == math.inf else min(max(_probability(w_t + high), t), 1.0)
            empty = lo >= hi and high != math.inf
        else:
            lo = max(min(_probability(w_t + low), t), 0.0)
            hi = t if high == 0 else max(min(_probability(w_t + high), t), 0.0)
            empty = lo >= hi
        if not empty:
            bands.append((Stratum(name, side, lo, hi), size))
    return bands


def plain_label(label: str, comparison: str = "") -> str:
    """A comparison level's label in plain words: 'Exact match on forename' -> 'Same'."""
    for splink_words, ours in _PLAIN_LABELS:
        if "{}" in splink_words:
            if splink_words.format(comparison) in label:
                return ours
        elif splink_words in label:
            return ours
    return label[:1].upper() + label[1:]


def _agreement_sql(linker: Any) -> dict[str, tuple[str, str]]:
    """For each comparison of the model: SQL for its plain label and for how far it agrees."""
    out = {}
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        gamma = quote(f"gamma_{name}")
        levels = [int(level.comparison_vector_value) for level in comparison.comparison_levels]
        labels = " ".join(
            f"when {int(level.comparison_vector_value)} then "
            f"{literal(plain_label(level.label_for_charts, name))}"
            for level in comparison.comparison_levels
        )
        top = max(levels)
        agrees = (
            f"case when s.{gamma} = -1 then '{MISSING}' when s.{gamma} = {top} then '{AGREES}' "
            f"when s.{gamma} = 0 then '{DIFFERS}' else '{PARTLY}' end"
        )
        out[name] = (f"case s.{gamma} {labels} end", agrees)
    return out


def _columns(con: Any, table: str) -> set[str]:
    return {row[0] for row in run(con, f"select column_name from (describe {quote(table)})")}  # noqa: S608  # nosec B608


def write_review_sample(
    con: Any, linker: Any, out: Path, threshold: float, seed: int = 42
) -> dict[str, Path]:
    """Write review_sample.csv (IDENTIFIABLE: one row per sampled pair, both records' details
    and the agreement of each field) and review_strata.json (each band: name, side, low, high,
    pairs in the run, pairs sampled) into `out`; returns {name: path} for the run's files.

    Needs the tables `predictions` (with the gamma_ columns), and `applications`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    bands = review_strata(threshold)
    run(
        con,
        "create or replace temp table __review_strata (name varchar, side varchar, "
        "low double, high double, closed_high boolean, size integer, ord integer)",
    )
    for order, (band, size) in enumerate(bands):
        run(
            con,
            "insert into __review_strata values (?, ?, ?, ?, ?, ?, ?)",
            [band.name, band.side, band.low, band.high, band.high >= 1.0, size, order],
        )
    agreement = _agreement_sql(linker)
    gammas = ", ".join(f"p.{quote(f'gamma_{name}')}" for name in agreement)
    run(
        con,
        f"""
        create or replace temp table __review_ranked as
        select s.name as stratum, s.side, s.ord, s.size, p.record_key_l, p.record_key_r,
               p.match_probability, p.match_weight{", " + gammas if gammas else ""},
               row_number() over (
                   partition by s.name
                   order by md5(p.record_key_l || '|' || p.record_key_r || '|' || ?),
                            p.record_key_l, p.record_key_r
               ) as rank
        from predictions p
        join __review_strata s
          on p.match_probability >= s.low
         and (p.match_probability < s.high or (s.closed_high and p.match_probability <= s.high))
        """,  # noqa: S608  # nosec B608
        [str(seed)],
    )
    counts = dict(run(con, "select stratum, count(*) from __review_ranked group by stratum"))
    sampled = dict(
        run(
            con,
            "select stratum, count(*) from __review_ranked where rank <= size group by stratum",
        )
    )
    strata = [
        Stratum(
            band.name,
            band.side,
            band.low,
            band.high,
            int(counts.get(band.name, 0)),
            int(sampled.get(band.name, 0)),
        )
        for band, _size in bands
    ]

    files = {
        "review_sample": out / "review_sample.csv",
        "review_strata": out / "review_strata.json",
    }
    copy_csv(
        con,
        _sample_sql(con, agreement),
        files["review_sample"],
        order_by=("review_order", "record_key_l", "record_key_r"),
    )
    files["review_strata"].write_text(
        json.dumps(
            {
                "threshold": float(threshold),
                "seed": seed,
                "strata": [asdict(stratum) for stratum in strata],
            },
            indent=1,
        )
    )
    run(con, "drop table __review_ranked")
    run(con, "drop table __review_strata")
    return files


def _sample_sql(con: Any, agreement: dict[str, tuple[str, str]]) -> str:
    """The review sample, one row per pair, in the order to review it: the first pair of each
    band, then the second of each, and so on (so every band has decisions early)."""
    have = _columns(con, "applications")

    def column(side: str, name: str) -> str:
        return f"a_{side}.{quote(name)}" if name in have else NULL

    def parent(side: str, name: str, other: bool = False) -> str:
        """The record's own parent's column (or the other parent's)."""
        role = f"regexp_extract(s.record_key_{side}, ':([^:]*)$', 1)"
        father, mother = column(side, f"father_{name}"), column(side, f"mother_{name}")
        if_father, if_mother = (mother, father) if other else (father, mother)
        return f"cast(case when {role} = 'F' then {if_father} else {if_mother} end as varchar)"

    def value(side: str, name: str, kind: str) -> str:
        if kind == APPLICATION:
            return f"cast({column(side, name)} as varchar)"
        if kind == FAMILY:
            other = (
                f"nullif(concat_ws(' ', {parent(side, 'forename', other=True)}, "
                f"{parent(side, 'surname', other=True)}), '')"
            )
            child = column(side, "child_dob")
            born = f"strftime(cast({child} as date), '%-d %B %Y')" if child != NULL else NULL
            return (
                f"nullif(concat_ws('. ', 'Other parent: ' || {other}, 'Child born ' || {born}), '')"
            )
        return parent(side, name)

    selects = []
    for name, _label, kind, comparison in REVIEW_FIELDS:
        selects.append(f"{value('l', name, kind)} as {quote(name + '_l')}")
        selects.append(f"{value('r', name, kind)} as {quote(name + '_r')}")
        label, agrees = agreement.get(comparison or "", (NULL, NULL))
        selects.append(f"{label} as {quote(name + '_agreement')}")
        selects.append(f"{agrees} as {quote(name + '_agrees')}")
    application = "regexp_replace(s.record_key_{}, ':[^:]*$', '')"
    return f"""
        select (s.rank - 1) * 100 + s.ord as review_order, s.stratum, s.side,
               s.record_key_l, s.record_key_r,
               round(s.match_probability, 6) as match_probability,
               round(s.match_weight, 3) as match_weight,
               {", ".join(selects)}
        from __review_ranked s
        left join applications a_l on a_l.application_id = {application.format("l")}
        left join applications a_r on a_r.application_id = {application.format("r")}
        where s.rank <= s.size
    """  # noqa: S608  # nosec B608


NULL = "cast(null as varchar)"


# --- The estimate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class StratumResult:
    name: str
    side: str
    low: float
    high: float
    pairs: int
    sampled: int
    same: int
    different: int
    cannot_tell: int

    @property
    def decided(self) -> int:
        """Decisions that count: 'cannot tell' is left out."""
        return self.same + self.different

    @property
    def rate(self) -> float | None:
        return self.same / self.decided if self.decided else None

    @property
    def few(self) -> bool:
        """Too few decisions to trust the band's rate much (unless the band was reviewed whole)."""
        return self.decided < min(FEW_DECISIONS, self.pairs)


@dataclass(frozen=True)
class AccuracyEstimate:
    """Precision and recall of one run, estimated from the analyst's decisions.

    `precision` and `recall` are None when a band with pairs has no decision yet (nothing can
    be said); `caution` is set when a band counted has fewer than 10 decisions."""

    precision: Interval | None
    recall: Interval | None
    strata: tuple[StratumResult, ...]
    decisions: int  # 'same person' and 'different people'
    cannot_tell: int
    links_checked: int
    links_same: int
    non_links_checked: int
    non_links_same: int
    caution: bool
    assumptions: tuple[str, ...] = field(default=())

    @property
    def enough(self) -> bool:
        return self.precision is not None and self.recall is not None


ASSUMPTIONS = (
    "Each band's share of true links is estimated from the pairs checked in that band, and "
    "stands for every pair in the band.",
    "Pairs below the lowest band checked, and pairs the model did not score, are taken to be "
    "different people: the recall is of the matches among the pairs the model scored.",
    "A pair is judged on its own: two records can belong to one person through other records "
    "without a direct link between them.",
    "The analyst's decision is taken as the truth, and 'cannot tell' is left out.",
)


def _tally(
    strata: Iterable[Stratum | Mapping[str, Any]], decisions: Iterable[tuple[str, str]]
) -> tuple[StratumResult, ...]:
    bands = [Stratum.of(s) for s in strata]
    counts = {band.name: {SAME: 0, DIFFERENT: 0, CANNOT_TELL: 0} for band in bands}
    for stratum, decision in decisions:
        if stratum not in counts:
            raise ValueError(f"No stratum named {stratum!r} in this run")
        if decision not in DECISIONS:
            raise ValueError(f"A decision is one of {', '.join(DECISIONS)}, not {decision!r}")
        counts[stratum][decision] += 1
    return tuple(
        StratumResult(
            name=band.name,
            side=band.side,
            low=band.low,
            high=band.high,
            pairs=band.pairs,
            sampled=band.sampled,
            same=counts[band.name][SAME],
            different=counts[band.name][DIFFERENT],
            cannot_tell=counts[band.name][CANNOT_TELL],
        )
        for band in bands
    )


def _ratios(links: list[StratumResult], non_links: list[StratumResult], rates) -> tuple:
    """(precision, recall) from a rate per band (`rates`: name -> value or array of draws)."""
    total_links = sum(band.pairs for band in links)
    true_links = sum(band.pairs * rates[band.name] for band in links)
    missed = sum(band.pairs * rates[band.name] for band in non_links)
    precision = true_links / total_links if total_links else None
    found = true_links + missed
    no_matches = isinstance(found, int | float) and found == 0
    return precision, None if no_matches else true_links / found


def estimate_accuracy(
    strata: Iterable[Stratum | Mapping[str, Any]],
    decisions: Iterable[tuple[str, str]],
    seed: int = 42,
    draws: int = DRAWS,
) -> AccuracyEstimate:
    """Precision and recall of a run, each with a 95% interval, from its bands (`strata`: each
    with name, side, low, high and the pairs in the run) and the analyst's `decisions` (pairs
    of stratum name and 'same', 'different' or 'cannot_tell'). See the module's notes."""
    import numpy as np

    results = _tally(strata, decisions)
    counted = [band for band in results if band.pairs]
    links = [band for band in counted if band.side == LINK]
    non_links = [band for band in counted if band.side == NON_LINK]
    link_known = all(band.decided for band in links)
    all_known = link_known and all(band.decided for band in non_links)

    rates = {band.name: band.rate or 0.0 for band in counted}
    precision, recall = _ratios(links, non_links, rates)
    rng = np.random.default_rng(seed)
    drawn = {
        band.name: rng.beta(band.same + 0.5, band.different + 0.5, size=draws) for band in counted
    }
    draw_precision, draw_recall = _ratios(links, non_links, drawn)

    def interval(value, sample) -> Interval | None:
        if value is None or sample is None:
            return None
        sample = np.nan_to_num(np.asarray(sample, dtype=float), nan=1.0)
        low, high = (float(x) for x in np.percentile(sample, [2.5, 97.5]))
        return Interval(float(value), min(low, float(value)), max(high, float(value)))

    return AccuracyEstimate(
        precision=interval(precision, draw_precision) if link_known and links else None,
        recall=interval(recall, draw_recall) if all_known and links else None,
        strata=results,
        decisions=sum(band.decided for band in results),
        cannot_tell=sum(band.cannot_tell for band in results),
        links_checked=sum(band.decided for band in results if band.side == LINK),
        links_same=sum(band.same for band in results if band.side == LINK),
        non_links_checked=sum(band.decided for band in results if band.side == NON_LINK),
        non_links_same=sum(band.same for band in results if band.side == NON_LINK),
        caution=any(band.few for band in counted),
        assumptions=ASSUMPTIONS,
    )


# --- Labels for the next run -----------------------------------------------------------------

LABEL_COLUMNS = ("unique_id_l", "unique_id_r", "clerical_match_score")


def label_rows(decisions: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, int]]:
    """(record_key_l, record_key_r, decision) -> Splink labels: 1 for the same person, 0 for
    different people; 'cannot tell' is left out."""
    rows = []
    for left, right, decision in decisions:
        if decision == SAME:
            rows.append((left, right, 1))
        elif decision == DIFFERENT:
            rows.append((left, right, 0))
        elif decision != CANNOT_TELL:
            raise ValueError(f"A decision is one of {', '.join(DECISIONS)}, not {decision!r}")
    return sorted(rows)


def write_labels(handle, decisions: Iterable[tuple[str, str, str]]) -> int:
    """Write the decisions to `handle` as a Splink labels file (unique_id_l, unique_id_r,
    clerical_match_score): for `linker.table_management.register_labels_table` or
    `linker.evaluation.accuracy_analysis_from_labels_table` on the next run. Returns the rows."""
    rows = label_rows(decisions)
    out = csv_safe.writer(handle, lineterminator="\n")
    out.writerow(LABEL_COLUMNS)
    out.writerows(rows)
    return len(rows)


def labels_csv(decisions: Iterable[tuple[str, str, str]]) -> str:
    """`write_labels` as text."""
    import io

    handle = io.StringIO()
    write_labels(handle, decisions)
    return handle.getvalue()
