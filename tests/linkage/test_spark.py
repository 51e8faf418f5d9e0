import csv
import time

import pytest

from alongside.linkage import InputError, generate_applications, link_applications


def partition(persons_csv) -> set[frozenset[str]]:
    """The clusters in a persons.csv as a set of sets of record keys (ids ignored)."""
    people: dict[str, set[str]] = {}
    with persons_csv.open() as handle:
        for row in csv.DictReader(handle):
            people.setdefault(row["person_id"], set()).add(row["record_key"])
    return {frozenset(keys) for keys in people.values()}


@pytest.mark.spark
def test_spark_gives_the_same_clusters_as_duckdb_on_20000_records(spark, tmp_path_factory):
    """Prediction and clustering on Spark (local mode) give the same people as on DuckDB.

    The model is trained once, on DuckDB, and that trained model (model.json) is given to
    both engines with `model=`, so what is compared is scoring and clustering, not training
    (training samples pairs at random, differently on each engine). Compared: the partition
    of the record keys (20,001 here) into people, as a set of frozensets of keys, and the pairs
    linked at the threshold; person_id labels are not compared.
    """
    root = tmp_path_factory.mktemp("spark_vs_duckdb")
    generate_applications(root / "data", records=20000, seed=2026)
    extract = root / "data" / "applications.csv"
    trained = link_applications([extract], root / "trained", report=False)

    started = time.monotonic()
    duck = link_applications([extract], root / "duckdb", model=trained.files["model"], report=False)
    duck_seconds = time.monotonic() - started
    started = time.monotonic()
    spark_run = link_applications(
        [extract],
        root / "spark",
        engine="spark",
        spark=spark,
        model=trained.files["model"],
        report=False,
    )
    spark_seconds = time.monotonic() - started
    print(f"20,000 records: DuckDB {duck_seconds:.1f} s, Spark {spark_seconds:.1f} s")

    assert spark_run.engine == "spark" and duck.engine == "duckdb"
    assert spark_run.records == duck.records >= 20000
    duck_people = partition(duck.files["persons"])
    spark_people = partition(spark_run.files["persons"])
    assert sum(len(people) for people in spark_people) == duck.records
    assert len(duck_people) < duck.records * 0.95  # plenty of records were linked
    assert spark_people == duck_people
    assert links(spark_run.files["links"]) == links(duck.files["links"])


def links(links_csv) -> set[tuple[str, str]]:
    with links_csv.open() as handle:
        return {(row["record_key_l"], row["record_key_r"]) for row in csv.DictReader(handle)}


def test_a_trained_model_moves_between_engines_with_its_parameters(small_run):
    """Splink writes a model's SQL in the training engine's dialect; the model is rewritten
    for the other engine with the same prior and m/u probabilities (no Spark needed)."""
    import json

    from alongside.linkage.model import trained_model_for_dialect

    duck = json.loads(small_run[0].files["model"].read_text())
    assert duck["sql_dialect"] == "duckdb"
    spark = trained_model_for_dialect(duck, "spark")
    assert spark["sql_dialect"] == "spark"
    sql = json.dumps(spark["comparisons"])
    assert "jaro_winkler(`forename_l`, `forename_r`)" in sql and '\\"forename_l\\"' not in sql
    assert (
        spark["probability_two_random_records_match"]
        == (duck["probability_two_random_records_match"])
    )

    def parameters(model):
        return [
            [
                (level.get("m_probability"), level.get("u_probability"))
                for level in c["comparison_levels"]
            ]
            for c in model["comparisons"]
        ]

    assert parameters(spark) == parameters(duck)
    back = trained_model_for_dialect(spark, "duckdb")
    assert back["comparisons"] == duck["comparisons"]
    assert trained_model_for_dialect(duck, "duckdb") is duck

    altered = json.loads(json.dumps(duck))
    altered["comparisons"][0]["comparison_levels"][1]["sql_condition"] = "1 = 1"
    with pytest.raises(InputError, match="train it again"):
        trained_model_for_dialect(altered, "spark")
