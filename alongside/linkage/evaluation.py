"""Accuracy of a clustering against the true person ids: pairwise and whole-cluster scores.

Pairwise: every pair of records put in one cluster is a predicted link; every pair with the
same true person is a true link. Cluster: a predicted cluster is right only when it holds
exactly the records of one true person (singletons included).
"""

from dataclasses import dataclass

import duckdb

from .duck import run


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted: int
    actual: int

    @classmethod
    def from_counts(cls, true_positives: int, predicted: int, actual: int) -> "Scores":
        precision = true_positives / predicted if predicted else 1.0
        recall = true_positives / actual if actual else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, true_positives, predicted, actual)


@dataclass(frozen=True)
class Accuracy:
    pairwise: Scores
    cluster: Scores


def score_clusters(
    con: duckdb.DuckDBPyConnection, clusters_table: str, truth_table: str
) -> Accuracy:
    """`clusters_table` has (record_key, person_id); `truth_table` has (record_key, person_id).
    Only records in both are scored."""
    run(
        con,
        f"""
        create or replace temp table __eval as
        select c.record_key, c.person_id as predicted, t.person_id as actual
        from {clusters_table} c join {truth_table} t using (record_key)
        """,  # noqa: S608  # nosec B608
    )
    ((predicted_pairs,),) = run(
        con,
        "select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from __eval group by predicted)",
    )
    ((actual_pairs,),) = run(
        con,
        "select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from __eval group by actual)",
    )
    ((tp_pairs,),) = run(
        con,
        "select coalesce(sum(n * (n - 1) / 2), 0) from "
        "(select count(*) n from __eval group by predicted, actual)",
    )
    ((predicted_clusters, actual_clusters, exact),) = run(
        con,
        """
        with p as (select predicted, list(record_key order by record_key) k from __eval group by predicted),
             a as (select actual, list(record_key order by record_key) k from __eval group by actual)
        select (select count(*) from p), (select count(*) from a),
               (select count(*) from p join a using (k))
        """,
    )
    run(con, "drop table __eval")
    return Accuracy(
        pairwise=Scores.from_counts(int(tp_pairs), int(predicted_pairs), int(actual_pairs)),
        cluster=Scores.from_counts(int(exact), int(predicted_clusters), int(actual_clusters)),
    )


def compared_share(
    con: duckdb.DuckDBPyConnection,
    persons_table: str,
    truth_table: str,
    rules: list[list[str]],
) -> float:
    """Of the true pairs among the records of `persons_table`, the share that at least one of
    the blocking `rules` (each a list of fields, as the run's summary gives them) compares, by
    the linkage's own blocking rules (`model.block`). No scoring can link a pair no rule
    compares, so this bounds the recall of a run before clustering (clustering can still join
    such a pair through a third record)."""
    from .model import block

    if not rules:
        return 0.0
    agree = " or ".join(
        f"({block(tuple(rule)).get_blocking_rule('duckdb').blocking_rule_sql})" for rule in rules
    )
    ((pairs, compared),) = run(
        con,
        f"""
        select count(*), coalesce(sum(case when coalesce({agree}, false) then 1 else 0 end), 0)
        from {truth_table} tl
        join {truth_table} tr on tl.person_id = tr.person_id and tl.record_key < tr.record_key
        join {persons_table} l on l.record_key = tl.record_key
        join {persons_table} r on r.record_key = tr.record_key
        """,  # noqa: S608  # nosec B608  (table and column names from this package)
    )
    return compared / pairs if pairs else 1.0
