"""The Splink model for person records: comparisons, blocking rules and training.

Blocking rules were chosen with Splink's blocking analysis on the synthetic benchmark at
1,000,000 records (see docs/linkage.md for the counts): each rule is an exact match on a
pair of fields within the same role (mothers with mothers, fathers with fathers), so that
any one error (a typo, a new surname, a move, a swapped date) still leaves a rule that
brings the pair together, while no rule makes more than a few million comparisons.
"""

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from .blocking import describe, implied_fields
from .errors import InputError

# Clusters are cut at this match probability. Chosen on the synthetic benchmark at 1,000,000
# records (pairwise F1 0.973 at 0.5, 0.972 at 0.7; see docs/linkage.md); the prior is re-estimated for each run's size, so the same
# probability means the same strength of evidence at any scale.
DEFAULT_THRESHOLD = 0.5
# Pairs below this weight are not kept from prediction (they cannot reach the threshold).
PREDICT_MIN_WEIGHT = -4.0


# Each rule joins records of the same role that agree exactly on these fields.
PREDICTION_BLOCKS: list[tuple[str, ...]] = [
    ("nhs_number",),
    ("forename_std", "dob"),
    ("surname", "dob"),
    ("dob_canon", "postcode"),
    ("forename_std", "dob_canon"),
    ("forename_std", "surname"),
    # The whole name in the same authority: kept when the rule above is tightened in a big
    # extract (by year of birth), for the same name with the year of birth mistyped.
    ("forename_std", "surname", "local_authority"),
    # The whole name with the day and month of birth: the same name with the year mistyped
    # after a move to another authority, which neither rule above keeps in a big extract.
    ("forename_std", "surname", "dob_month_day"),
    ("forename_std", "postcode"),
    ("surname", "postcode"),
    # For a parent whose names and address have all changed: the same date of birth in the
    # same authority, or the same other parent on both applications.
    ("dob_canon", "local_authority"),
    ("coparent_name", "coparent_dob"),
    # The same date of birth and initials in either order: forename and surname swapped
    # (perhaps with a typo in one) after a move, which no rule on a name keeps.
    ("dob_canon", "initials"),
    # Wide rules, kept while the budget allows (blocking.py tightens them in a big extract):
    # a mistyped date of birth, or every name changed.
    ("forename_std", "local_authority"),
    ("forename_std", "dob_year"),
    ("dob_canon",),
]
# The blocks of the three EM sessions. Each is nearly all one person, so EM's two classes are
# the right ones (blocked on the name alone, namesakes passed for matches and the address's
# and date of birth's m came out about twice the truth file's, docs/linkage.md). The first
# trains the address, the NHS number and the family; the second the names; the third the date
# of birth.
TRAINING_BLOCKS: list[tuple[str, ...]] = [
    ("forename", "surname", "dob"),
    ("dob", "postcode_district"),
    ("forename", "surname", "postcode_district"),
]


def block(fields: tuple[str, ...]) -> Any:
    return block_on("role", *fields)


def prediction_blocking_rules(blocks: list[tuple[str, ...]] | None = None) -> list:
    return [block(fields) for fields in (PREDICTION_BLOCKS if blocks is None else blocks)]


def comparisons() -> list:
    forename = cl.CustomComparison(
        output_column_name="forename",
        comparison_levels=[
            cll.NullLevel("forename"),
            # Names come in pools (a Polish forename with a Polish surname), so when both
            # agree the evidence is how rare the whole name is, counted here once; the
            # surname comparison then adds nothing for it.
            cll.ExactMatchLevel("full_name").configure(
                tf_adjustment_column="full_name", label_for_charts="Same forename and surname"
            ),
            # The whole name written the other way round is whole-name evidence too, counted
            # here once (the surname mirrors it).
            cll.CustomLevel(SWAPPED_NAMES, "Forename and surname swapped"),
            cll.ExactMatchLevel("forename").configure(tf_adjustment_column="forename"),
            cll.ExactMatchLevel("forename_std").configure(label_for_charts="Same name (nickname)"),
            cll.DamerauLevenshteinLevel("forename", 1),
            cll.JaroWinklerLevel("forename", 0.9),
            cll.ArrayIntersectLevel("given_names", 1).configure(
                label_for_charts="Forename matches a middle or 'known as' name"
            ),
            cll.CustomLevel(ONE_NAME_SWAPPED, "Forename written as the other's surname"),
            cll.JaroWinklerLevel("forename", 0.8),
            cll.ElseLevel(),
        ],
        comparison_description="Forename, including middle and 'known as' names",
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("full_name").configure(
                label_for_charts="Same forename and surname (counted with the forename)",
                m_probability=0.5,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.CustomLevel(SWAPPED_NAMES, "Forename and surname swapped").configure(
                label_for_charts="Forename and surname swapped (counted with the forename)",
                m_probability=0.5,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.ExactMatchLevel("surname").configure(tf_adjustment_column="surname"),
            cll.DamerauLevenshteinLevel("surname", 1),
            cll.JaroWinklerLevel("surname", 0.9),
            cll.ArrayIntersectLevel("surnames", 1).configure(
                label_for_charts="Surname matches a previous surname"
            ),
            cll.ArrayIntersectLevel("surname_parts", 1).configure(
                label_for_charts="Shares part of a double-barrelled surname"
            ),
            cll.JaroWinklerLevel("surname", 0.8),
            cll.ElseLevel(),
        ],
        comparison_description="Surname, including previous surnames",
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.ExactMatchLevel("dob_canon").configure(label_for_charts="Day and month swapped"),
            cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="One digit different"),
            cll.ExactMatchLevel("dob_month_day").configure(
                label_for_charts="Same day and month, year different"
            ),
            # A date keyed wrongly is usually near the right one; dates years apart are more
            # often two people of one family (a mother and a daughter of the same name).
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=True, threshold=1, metric="year"
            ).configure(label_for_charts="Born within a year of each other"),
            cll.ElseLevel().configure(label_for_charts="Born more than a year apart"),
        ],
        comparison_description="Date of birth",
    )
    postcode = cl.CustomComparison(
        output_column_name="postcode",
        comparison_levels=[
            cll.CustomLevel(
                "(postcode_l is null or postcode_r is null) "
                "and (local_authority_l is null or local_authority_r is null)",
                "Neither postcode nor local authority recorded on both",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("postcode").configure(tf_adjustment_column="postcode"),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="Same sector"),
            cll.ExactMatchLevel("postcode_district").configure(label_for_charts="Same district"),
            # The local authority and court are levels of the same comparison, not a second
            # one: a postcode lies in an authority, so counting both would count one fact twice.
            cll.ExactMatchLevel("local_authority").configure(
                label_for_charts="Same local authority"
            ),
            cll.ExactMatchLevel("postcode_area").configure(label_for_charts="Same area"),
            cll.ExactMatchLevel("court").configure(label_for_charts="Same family court"),
            cll.ElseLevel(),
        ],
        comparison_description="Postcode, local authority and court",
    )
    nhs = cl.CustomComparison(
        output_column_name="nhs_number",
        comparison_levels=[
            cll.NullLevel("nhs_number"),
            cll.ExactMatchLevel("nhs_number"),
            cll.DamerauLevenshteinLevel("nhs_number", 1).configure(
                label_for_charts="One digit different"
            ),
            cll.ElseLevel(),
        ],
        comparison_description="NHS number",
    )
    return [forename, surname, dob, postcode, nhs, family()]


# The whole name written the other way round: each name in the other's place.
SWAPPED_NAMES = "forename_l = surname_r and surname_l = forename_r"
# One name in the other's place, the other not (a middle name or a double-barrelled surname
# often comes along with a swap). Only the forename counts it: counted by both it was one fact
# counted twice, and 'lewis clark' against 'lewis lewis' read as a swap in the surname (the
# forenames already agree), about 7 bits for two different people.
ONE_NAME_SWAPPED = "forename_l = surname_r or surname_l = forename_r"


# A comparison not named after a column, and the column whose presence decides whether a
# pair reaches its levels (for the rule of succession's count of pairs: settle_untrained_levels).
RECORDED_IN = {"family": "coparent_dob"}


def family() -> Any:
    """The family around the record: a parent who appears with the same co-parent, or with
    a child of the same date of birth, on two applications is much more likely to be one
    person, and one who appears with a different co-parent on both is a little less likely.

    A child of another date of birth says nothing (a parent's next application is about
    another child), so where the other parent is not recorded on both sides and no child's
    date of birth is shared there is nothing to compare: that is the null level, not the
    'different other parent' level. Folding the two together gave 'not recorded' pairs the
    weight of a different partner: on the independent profile at 1,000,000 records, pairs with
    the same forename, date of birth and authority were 73% one person with the other parent
    missing from one side and 47% with a different one, and the model could not tell them
    apart."""
    coparent_on_both = (
        "coparent_name_l is not null and coparent_name_r is not null "
        "and coparent_dob_l is not null and coparent_dob_r is not null"
    )
    return cl.CustomComparison(
        output_column_name="family",
        comparison_levels=[
            cll.CustomLevel(
                f"not ({coparent_on_both}) "
                "and (child_dob_l is null or child_dob_r is null or child_dob_l <> child_dob_r)",
                "Family not recorded on both",
            ).configure(is_null_level=True),
            cll.CustomLevel(
                "coparent_dob_l = coparent_dob_r and coparent_name_l = coparent_name_r",
                "Same other parent (name and date of birth)",
            ),
            cll.CustomLevel("child_dob_l = child_dob_r", "A child with the same date of birth"),
            cll.CustomLevel(
                "coparent_dob_l = coparent_dob_r",
                "Other parent with the same date of birth",
            ),
            cll.CustomLevel(
                "coparent_name_l = coparent_name_r",
                "Other parent with the same name, another date of birth",
            ),
            cll.ElseLevel().configure(label_for_charts="A different other parent"),
        ],
        comparison_description="The other parent and the child on the application",
    )


def settings(blocks: list[tuple[str, ...]] | None = None) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_key",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=prediction_blocking_rules(blocks),
        retain_matching_columns=True,  # keeps gamma_* for the explanations
        retain_intermediate_calculation_columns=True,  # for the explanation of each link
        additional_columns_to_retain=[],
    )


def deterministic_rules() -> list:
    """Rules that admit almost no false matches, for estimating the prior."""
    return [
        block_on("role", "nhs_number", "dob"),
        block_on("role", "forename", "surname", "dob", "postcode"),
    ]


# Each EM session trains on a sample of its blocked pairs when there are more than this
# (Splink's deterministic hash-based sample of records on each side).
EM_MAX_PAIRS = 2e6


def u_sample_pairs(records: int) -> float:
    """How many random pairs to score for u: 100 per record, at most 1.2 million (the
    cost of training then stops growing at 12,000 records)."""
    return float(min(1.2e6, max(1e4, records * 100)))


def train(
    linker: Any,
    seed: int = 42,
    u_pairs: float = 1.2e6,
    training_blocks: list[tuple[str, ...]] | None = None,
    notes: list[str] | None = None,
    all_pairs: float | None = None,
) -> list[tuple[str, ...]]:
    """Estimate a starting prior, u (random sampling) and m (EM sessions) on `linker`'s data.

    Returns the blocks of the EM sessions that finished. A session Splink cannot finish (its
    arithmetic fails on a block of nearly all one class, as in a population of a few shared
    names) is left out, with a note in `notes`: the other sessions train those comparisons,
    and a comparison none of them trained counts for nothing (settle_untrained_levels)."""
    # A starting point only: the pairs the deterministic rules find, as if they found every
    # match (a lower bound). The prior itself is estimated after training (prior.py).
    linker.training.estimate_probability_two_random_records_match(deterministic_rules(), recall=1.0)
    if all_pairs and linker._settings_obj._probability_two_random_records_match <= 0:
        # No pair is that sure (no NHS number, no record repeated whole): one in all the
        # pairs, the rule of succession's floor, so that EM has a prior to start from.
        linker._settings_obj._probability_two_random_records_match = 1 / (all_pairs + 2)
    # Every chunk is scored (no early stop): the rare levels (swapped names, a shared part of
    # a double-barrelled surname) never reach Splink's early-stopping count, so the cost is
    # set by `u_pairs` alone, whatever the data.
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs, seed=seed, min_count_per_level=None
    )
    finished = []
    with _em_probabilities_clamped():
        for fields in TRAINING_BLOCKS if training_blocks is None else training_blocks:
            before = _parameters(linker)
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    block(fields), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
                )
            except (ValueError, ZeroDivisionError, OverflowError) as error:
                _restore(linker, before)  # Splink has already written part of the session
                if notes is not None:
                    notes.append(
                        f"The training (EM) session on {describe(fields)} could not be "
                        f"estimated ({error}), so it was left out; the other sessions "
                        "trained the comparisons."
                    )
                continue
            finished.append(fields)
    return finished


def _parameters(linker: Any) -> tuple[float, list[tuple[Any, dict[str, Any]]]]:
    """The prior and every level's m and u with their training records, to restore."""
    keep = (
        "_m_probability",
        "_u_probability",
        "_trained_m_probabilities",
        "_trained_u_probabilities",
    )
    levels = [
        (level, {name: copy.copy(getattr(level, name)) for name in keep if hasattr(level, name)})
        for comparison in linker._settings_obj.comparisons
        for level in comparison._comparison_levels_excluding_null
    ]
    return linker._settings_obj._probability_two_random_records_match, levels


def _restore(linker: Any, saved: tuple[float, list[tuple[Any, dict[str, Any]]]]) -> None:
    prior, levels = saved
    linker._settings_obj._probability_two_random_records_match = prior
    for level, values in levels:
        for name, value in values.items():
            setattr(level, name, value)


@contextmanager
def _em_probabilities_clamped() -> Iterator[None]:
    """Let an EM iteration drive an m or u towards 0 without stopping the run.

    Splink's maximisation step can give a level an m below 1e-300 (seen when a level is
    near-absent among a session's matches, as in a population of a few shared names), and its
    setter then raises ValueError for the whole run. The step's values are clamped to that
    floor instead: the same near-proof the level would have had, and the session goes on."""
    from splink.internals import expectation_maximisation as em

    unclamped = em.m_u_records_to_lookup_dict

    def clamped(records: list[dict[str, Any]]) -> dict[str, dict[int, Any]]:
        for record in records:
            for key in ("m_probability", "u_probability"):
                value = record.get(key)
                if isinstance(value, float) and 0 <= value < _SMALLEST_PROBABILITY:
                    record[key] = _SMALLEST_PROBABILITY
        return unclamped(records)

    em.m_u_records_to_lookup_dict = clamped
    try:
        yield
    finally:
        em.m_u_records_to_lookup_dict = unclamped


_SMALLEST_PROBABILITY = 1e-300  # Splink's M_U_CLAMP_MIN


def condition_on_mirrored_levels(linker: Any) -> None:
    """Make a comparison's levels conditional on its pair not being at its mirrored level.

    The surname comparison's first level, 'same forename and surname', mirrors the forename's
    whole-name level: its evidence is counted there, so it is fixed at m = u. Training still
    counts the whole-name matches when it shares out m, so the surname's other levels get
    m values summing to about the share of matches without the same whole name (0.43 on one
    profile), and each reads as if it were that much rarer among matches than it is: a
    changed surname counted about 1.2 bits more against a match than the data says. The
    levels are only ever used when the pair is not at the mirrored level, so each one's m
    (and u) is divided by the sum of the others': the probability of that level given a
    pair without the same whole name. The whole name written the other way round is mirrored
    the same way.
    """
    for comparison in linker._settings_obj.comparisons:
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        mirrored = [
            level for level in levels if level._fix_m_probability and level._fix_u_probability
        ]
        if not mirrored:
            continue
        # A level training never saw is given its m afterwards (settle_untrained_levels).
        others = [
            level
            for level in levels
            if level not in mirrored and level._m_is_trained and level._u_is_trained
        ]
        m_total = sum(level.m_probability for level in others)
        u_total = sum(level.u_probability for level in others)
        for level in others:
            # Splink refuses values below 1e-300 (they underflow); a level EM drove that low
            # is left as it is.
            if level.m_probability / m_total >= _SMALLEST_PROBABILITY:
                level.m_probability = level.m_probability / m_total
            if level.u_probability / u_total >= _SMALLEST_PROBABILITY:
                level.u_probability = level.u_probability / u_total


def comparisons_training_could_see(linker: Any, training_blocks: list[tuple[str, ...]]) -> set[str]:
    """The comparisons trained in at least one EM session whose blocking rule holds none of
    their fields (nor a field one of theirs implies, as date of birth implies its year).

    Only such a session can show every level of the comparison: blocked on year of birth,
    no pair in it can have the same day and month with another year.
    """
    seen = set()
    for comparison in linker._settings_obj.comparisons:
        fields = {column.input_name for column in comparison._input_columns_used_by_case_statement}
        implied = implied_fields(tuple(fields))
        if any(not implied & set(block) for block in training_blocks):
            seen.add(comparison.output_column_name)
    return seen


def settle_untrained_levels(
    linker: Any,
    matches: float,
    recorded: dict[str, float] | None = None,
    could_see: set[str] | None = None,
    random_pairs: float | None = None,
) -> list[str]:
    """Give every level training did not see an m (and a u) from the rule of succession, and
    round all parameters.

    Splink gives a level never seen among the training matches an m of one in a million,
    which makes it near-proof of a non-match: a transliterated name or a swapped forename and
    surname that one extract happens not to show would count strongly against the pair in the
    next. Counting it for nothing (m = u) goes wrong the other way: two different NHS numbers,
    never seen among a small extract's matches, would then be no evidence against a match.
    A level not seen among n matches has probability about 1 / (n + 2) among matches
    (Laplace's rule of succession), so that is its m, or its u where u is smaller (a level as
    rare among all pairs as that is no evidence either way). `matches`: the matching pairs
    training had to learn from (the starting prior's, a lower bound, so the rule errs towards
    neutral); `recorded`: for each comparison named after a field, the share of records with
    that field, since only pairs with it on both sides reach the comparison's levels. A level
    of a comparison not in `could_see` (comparisons_training_could_see; all when None) may have
    been hidden by the training blocks, so it counts for nothing. Each such level is named in
    the run's summary.

    The same holds for u. A level never seen among the `random_pairs` sampled to estimate u
    (the same NHS number, the same other parent: about one pair in a million among different
    people) kept Splink's default u of about one in a thousand, so the same NHS number counted
    about 10 bits where the sample itself shows it is rarer than one in n + 2 (16 bits and more).
    Such a level's u is 1 / (n + 2), n being the sampled pairs with the field on both sides:
    an upper bound, so the rule errs towards less evidence, not more.

    Parameters are rounded to 9 significant figures so that the order in which the engine's
    threads added up the same numbers cannot move a pair across the threshold: the same input
    gives the same clusters.
    """
    notes = []
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        share_on_both = (recorded or {}).get(name, 1.0) ** 2
        seen = matches * share_on_both
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            if not level._u_is_trained:
                sampled = (random_pairs or 0.0) * share_on_both
                if sampled >= 1 and 1 / (sampled + 2) < level.u_probability:
                    level.u_probability = 1 / (sampled + 2)
                    notes.append(
                        f"{name}: '{level.label_for_charts}' was not seen among about "
                        f"{sampled:,.0f} random pairs, so it counts as about one in "
                        f"{sampled + 2:,.0f} of them (a rare agreement: evidence for a match)."
                    )
                else:  # Splink's floor, kept in the model
                    level.u_probability = level.u_probability
            if not level._m_is_trained:
                succession = 1 / (seen + 2)
                if could_see is not None and name not in could_see:
                    level.m_probability = level.u_probability
                    what = (
                        "but every training session was blocked on one of its fields, so it "
                        "counts for nothing either way"
                    )
                elif succession < level.u_probability:
                    level.m_probability = succession
                    what = (
                        f"so it counts as about one in {seen + 2:,.0f} of them "
                        "(evidence against a match)"
                    )
                else:
                    level.m_probability = level.u_probability
                    what = "and it is as rare among all pairs, so it counts for nothing either way"
                notes.append(
                    f"{name}: '{level.label_for_charts}' was not seen among about "
                    f"{seen:,.0f} matches in training, {what}."
                )
            level.m_probability = float(f"{level.m_probability:.9g}")
            level.u_probability = float(f"{level.u_probability:.9g}")
    return notes


_TRAINED_LEVEL_KEYS = ("m_probability", "u_probability")


def _structure(settings_dict: dict) -> tuple:
    """What a model compares, as the SQL strings Splink wrote for it. (Its blocking rules are
    not part of it: each run plans its own, see blocking.py.)"""
    return tuple(
        (
            comparison.get("output_column_name"),
            tuple(level["sql_condition"] for level in comparison["comparison_levels"]),
        )
        for comparison in settings_dict["comparisons"]
    )


def with_blocking(trained: dict, blocks: list[tuple[str, ...]], dialect: str) -> dict:
    """A trained model (settings dict) that blocks on this run's planned rules."""
    model = dict(trained)
    model["blocking_rules_to_generate_predictions"] = settings(blocks).create_settings_dict(
        dialect
    )["blocking_rules_to_generate_predictions"]
    return model


def trained_model_for_dialect(trained: dict, dialect: str) -> dict:
    """A trained model (Splink settings dict) with its SQL written for `dialect`.

    Splink saves comparisons and blocking rules as SQL in the dialect of the engine that
    trained the model (DuckDB writes "col_l", jaro_winkler_similarity; Spark `col_l`,
    jaro_winkler), and reads them back in the dialect of the engine that loads it, so a
    DuckDB model cannot be used on Spark as it is. A model of this module's comparisons and
    blocking rules is rebuilt in `dialect` and given the trained parameters (the prior and
    each level's m and u probabilities), so both engines score pairs with the same model.
    """
    source = trained.get("sql_dialect")
    if source is None or source == dialect:
        return trained
    if _structure(trained) != _structure(settings().create_settings_dict(source)):
        raise InputError(
            f"The model was trained on {source} with comparisons other "
            f"than this version's, so it cannot be moved to {dialect}: train it again "
            f"with the {dialect} engine."
        )
    model = settings().create_settings_dict(dialect)
    model["sql_dialect"] = dialect
    for key in ("probability_two_random_records_match", "linker_uid"):
        if key in trained:
            model[key] = trained[key]
    for comparison, trained_comparison in zip(
        model["comparisons"], trained["comparisons"], strict=True
    ):
        for level, trained_level in zip(
            comparison["comparison_levels"], trained_comparison["comparison_levels"], strict=True
        ):
            for key in _TRAINED_LEVEL_KEYS:
                level.pop(key, None)
                if key in trained_level:
                    level[key] = trained_level[key]
    return model
