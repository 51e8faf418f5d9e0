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
