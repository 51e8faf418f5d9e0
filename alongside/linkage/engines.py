"""The two engines Splink runs on here: DuckDB (one machine) and Spark (national scale)."""

# ruff: noqa: S608  (SQL is built from this package's own identifiers; file paths and
# headings from extracts go through duck.literal / duck.quote)
from typing import Any

import duckdb

ENGINES = ("duckdb", "spark")


def local_spark_session(app_name: str = "alongside-linkage", cores: int = 2) -> Any:
    """A local-mode Spark session with Splink's similarity functions jar loaded.

    Needs Java 17 (Debian's openjdk-17-jre-headless) and the `spark` extra (pyspark).
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(max(cores * 2, 4)))
        .config("spark.driver.memory", "4g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def db_api_for(engine: str, con: duckdb.DuckDBPyConnection, spark: Any | None = None) -> Any:
    if engine == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI(con)
    if engine == "spark":
        from splink.backends.spark import SparkAPI

        session = spark if spark is not None else local_spark_session()
        return SparkAPI(spark_session=session, break_lineage_method="persist")
    raise ValueError(f"Unknown engine '{engine}'. Use one of: {', '.join(ENGINES)}.")


def register_records(db_api: Any, con: duckdb.DuckDBPyConnection, table: str, name: str) -> Any:
    """Hand the person records in DuckDB `table` to the engine as a Splink dataframe."""
    from splink import DuckDBAPI

    if isinstance(db_api, DuckDBAPI):
        return db_api.register(table, table_name=name)
    arrow = con.sql(f"select * from {table}").arrow()
    if hasattr(arrow, "read_all"):
        arrow = arrow.read_all()
    spark_df = db_api.spark.createDataFrame(arrow.to_pandas())
    return db_api.register(spark_df, table_name=name)


def to_duckdb(con: duckdb.DuckDBPyConnection, splink_df: Any, table: str) -> None:
    """Copy a Splink result (from either engine) into a DuckDB table."""
    from splink import DuckDBAPI

    if isinstance(splink_df.db_api, DuckDBAPI):
        con.execute(
            f"create or replace table {table} as select * from {splink_df.physical_name}"
        ).fetchall()
        return
    frame = splink_df.as_pandas_dataframe()
    con.register("__from_engine", frame)
    con.execute(f"create or replace table {table} as select * from __from_engine").fetchall()
    con.unregister("__from_engine")
