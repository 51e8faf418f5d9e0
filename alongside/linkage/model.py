"""The Splink model for person records: comparisons, blocking rules and training.

Blocking rules were chosen with Splink's blocking analysis on the synthetic benchmark at
1,000,000 records (see docs/linkage.md for the counts): each rule is an exact match on a
pair of fields within the same role (mothers with mothers, fathers with fathers), so that
any one error (a typo, a new surname, a move, a swapped date) still leaves a rule that
brings the pair together, while no rule makes more than a few million comparisons.
"""

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

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
    ("forename_std", "postcode"),
    ("surname", "postcode"),
]
# The blocks of the two EM sessions: the first fixes names and trains the rest; the second
# fixes date of birth and postcode district and trains the names.
TRAINING_BLOCKS: list[tuple[str, ...]] = [
    ("forename", "surname"),
    ("dob", "postcode_district"),
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
            cll.ExactMatchLevel("forename").configure(tf_adjustment_column="forename"),
            cll.ExactMatchLevel("forename_std").configure(label_for_charts="Same name (nickname)"),
            cll.DamerauLevenshteinLevel("forename", 1),
            cll.JaroWinklerLevel("forename", 0.9),
            cll.JaroWinklerLevel("forename", 0.8),
            cll.ElseLevel(),
        ],
        comparison_description="Forename",
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname").configure(tf_adjustment_column="surname"),
            cll.DamerauLevenshteinLevel("surname", 1),
            cll.JaroWinklerLevel("surname", 0.9),
            cll.ArrayIntersectLevel("surnames", 1).configure(
                label_for_charts="Surname matches a previous surname"
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
            cll.ElseLevel(),
        ],
        comparison_description="Date of birth",
    )
    postcode = cl.CustomComparison(
        output_column_name="postcode",
        comparison_levels=[
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode").configure(tf_adjustment_column="postcode"),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="Same sector"),
            cll.ExactMatchLevel("postcode_district").configure(label_for_charts="Same district"),
            cll.ExactMatchLevel("postcode_area").configure(label_for_charts="Same area"),
            cll.ElseLevel(),
        ],
        comparison_description="Postcode",
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
    return [forename, surname, dob, postcode, nhs]


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


# Share of true matches the deterministic rules find. Measured on the synthetic benchmark's
# default error profile at 1,000,000 records (0.40): people move, change surname and have no
# NHS number recorded often enough that exact agreement on everything is rare.
DETERMINISTIC_RECALL = 0.4


def deterministic_rules() -> list:
    """Rules that admit almost no false matches, for estimating the prior."""
    return [
        block_on("role", "nhs_number", "dob"),
        block_on("role", "forename", "surname", "dob", "postcode"),
    ]


def train(
    linker: Any,
    seed: int = 42,
    u_pairs: float = 5e6,
    training_blocks: list[tuple[str, ...]] | None = None,
) -> None:
    """Estimate the prior, u (random sampling) and m (two EM sessions) on `linker`'s data."""
    linker.training.estimate_probability_two_random_records_match(
        deterministic_rules(), recall=DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    for fields in TRAINING_BLOCKS if training_blocks is None else training_blocks:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block(fields), estimate_without_term_frequencies=True
        )


_TRAINED_LEVEL_KEYS = ("m_probability", "u_probability")


def _structure(settings_dict: dict) -> tuple:
    """What a model compares and blocks on, as the SQL strings Splink wrote for it."""
    comparisons = tuple(
        (
            comparison.get("output_column_name"),
            tuple(level["sql_condition"] for level in comparison["comparison_levels"]),
        )
        for comparison in settings_dict["comparisons"]
    )
    rules = tuple(
        rule["blocking_rule"] if isinstance(rule, dict) else rule
        for rule in settings_dict.get("blocking_rules_to_generate_predictions", [])
    )
    return comparisons, rules


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
            f"The model was trained on {source} with comparisons or blocking rules other "
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
