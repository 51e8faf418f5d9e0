"""The two baselines the benchmark compares against.

- exact: records with the same cleaned forename, surname and date of birth are one person.
- quickstart: Splink's quickstart-style settings (its documented default comparisons and
  blocking rules, no tuning), as a first-time user would run it.
"""

import logging
from typing import Any

from .duck import run


def exact_match_clusters(con: Any, records_table: str, out_table: str) -> None:
    """(record_key, person_id): same role, forename, surname and date of birth; records
    missing any of them stand alone."""
    run(
        con,
        f"""
        create or replace table {out_table} as
        select record_key,
               case when forename is null or surname is null or dob is null then record_key
                    else role || '|' || forename || '|' || surname || '|' || dob end as person_id
        from {records_table}
        """,  # noqa: S608  # nosec B608
    )


def quickstart_settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_key",
        comparisons=[
            cl.NameComparison("forename"),
            cl.JaroAtThresholds("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.ExactMatch("nhs_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("forename", "dob"),
            block_on("surname"),
        ],
    )


def quickstart_clusters(con: Any, records_table: str, out_table: str) -> None:
    """Splink's quickstart, step by step: prior from a deterministic rule with recall 0.7,
    u by random sampling (1e6 pairs), EM blocked on names then on date of birth, predict at
    0.9 and cluster at 0.95."""
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI(con)
    sdf = db_api.register(records_table, table_name="quickstart_input")
    linker = Linker(sdf, quickstart_settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("forename", "surname")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("forename", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.9)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95)
    run(
        con,
        f"create or replace table {out_table} as "  # noqa: S608  # nosec B608
        f"select record_key, cluster_id as person_id from {clusters.physical_name}",
    )
