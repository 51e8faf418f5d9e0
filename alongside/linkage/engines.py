"""The two engines Splink runs on here: DuckDB (one machine) and Spark (national scale)."""

import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import duckdb

from .duck import literal, quote, run
from .errors import InputError

ENGINES = ("duckdb", "spark")


def local_spark_session(app_name: str = "alongside-linkage", cores: int = 2) -> Any:
    """A local-mode Spark session with Splink's similarity functions jar loaded.

    Needs Java 17 (Debian's openjdk-17-jre-headless) and the `spark` extra (pyspark).
    """
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise InputError(
            "The Spark engine needs Java 17 (apt-get install openjdk-17-jre-headless)."
        )
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise InputError(
            "The Spark engine needs pyspark: pip install 'alongside[spark]'."
        ) from error
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(max(cores * 2, 4)))
        .config("spark.driver.memory", "4g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _active_spark_session() -> Any | None:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def _spark_api(session: Any, lineage_dir: Path | None) -> Any:
    """Splink's SparkAPI, breaking the lineage of its intermediate tables by writing them as
    Parquet (Splink's default). With "persist" instead, Spark's query optimiser ran a 4 GB
    driver out of memory while clustering 20,000 records: a persisted table keeps its whole
    query plan, and each step of the iterative clustering builds on the last. The files go in the session's checkpoint
    directory if it has one, else in `lineage_dir` (this run's own folder, removed after the
    run), so a run does not change a shared session's settings."""
    from splink.backends.spark import SparkAPI

    class RunSparkAPI(SparkAPI):
        def _get_checkpoint_dir_path(self, spark_df: Any) -> str:
            if lineage_dir is None or not self.spark._jsc.sc().getCheckpointDir().isEmpty():
                return super()._get_checkpoint_dir_path(spark_df)
            return str(lineage_dir)

    return RunSparkAPI(spark_session=session, break_lineage_method="parquet")


def db_api_for(
    engine: str,
    con: duckdb.DuckDBPyConnection,
    spark: Any | None = None,
    work_dir: Path | None = None,
) -> Any:
    if engine == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI(con)
    if engine == "spark":
        session = spark if spark is not None else local_spark_session()
        return _spark_api(session, None if work_dir is None else Path(work_dir) / "lineage")
    raise ValueError(f"Unknown engine '{engine}'. Use one of: {', '.join(ENGINES)}.")


class LinkageEngine:
    """One linkage run's engine: Splink's database API (`db_api`), and moving tables between
    DuckDB (where records are prepared and results written) and the engine.

    Use it as a context manager. On Spark the run works in a folder of its own under
    `work_dir` (the records as Parquet, Splink's intermediate tables), removed at the end
    with the run's tables; a session started here (none given and none active in this
    process) is stopped, and a session given, or already active, is left running.
    """

    def __init__(
        self,
        engine: str,
        con: duckdb.DuckDBPyConnection,
        spark: Any | None = None,
        work_dir: Path | str | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"Unknown engine '{engine}'. Use one of: {', '.join(ENGINES)}.")
        self.engine = engine
        self.con = con
        self.spark = spark
        self._work_parent = work_dir
        self._run_id = ""
        self.work_dir: Path | None = None
        self.db_api: Any = None
        self._started: Any = None
        self._views: list[str] = []

    def __enter__(self) -> "LinkageEngine":
        if self.engine == "duckdb":
            self.db_api = db_api_for("duckdb", self.con)
            return self
        return self._enter_spark()

    def _enter_spark(self) -> "LinkageEngine":
        self._run_id = uuid.uuid4().hex[:12]
        parent = Path(self._work_parent or tempfile.gettempdir())
        self.work_dir = parent / f"spark-{self._run_id}"
        self.work_dir.mkdir(parents=True)
        try:
            if self.spark is None:
                self.spark = _active_spark_session()
                if self.spark is None:
                    self.spark = self._started = local_spark_session()
            self.db_api = db_api_for("spark", self.con, self.spark, self.work_dir)
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self.engine != "spark":
            return
        try:
            if self.db_api is not None:
                self.db_api.delete_tables_created_by_splink_from_db()
                for view in self._views:
                    self.spark.catalog.dropTempView(view)
        finally:
            if self._started is not None:
                self._started.stop()
                self._started = None
            if self.work_dir is not None:
                shutil.rmtree(self.work_dir, ignore_errors=True)

    def register(self, table: str) -> Any:
        """Hand the records in DuckDB `table` to the engine as a Splink dataframe."""
        if self.engine == "duckdb":
            return register_records(self.db_api, self.con, table, table)
        # Spark reads them from a Parquet file DuckDB writes: a parallel file scan, rather
        # than every row passing through Python and being shipped inside Spark's tasks.
        if self.work_dir is None:
            raise RuntimeError("Use LinkageEngine as a context manager (with ... as engine).")
        path = self.work_dir / f"{table}.parquet"
        run(
            self.con,
            f"copy (select * from {quote(table)}) to {literal(str(path))} (format parquet)",  # noqa: S608  # nosec B608
        )
        view = f"{table}_{self._run_id}"  # a session may be shared by several runs
        registered = self.db_api.register(self.spark.read.parquet(str(path)), table_name=view)
        self._views.append(view)
        return registered

    def to_duckdb(self, splink_df: Any, table: str, where: str | None = None) -> None:
        """Copy a Splink result into DuckDB `table`; `where`: an SQL condition (written
        here, not taken from input) on the rows to copy."""
        to_duckdb(self.con, splink_df, table, where)

    def column(self, splink_df: Any, column: str) -> Any:
        """One column of a Splink result, as a numpy array (without moving the rest)."""
        if self.engine == "duckdb":
            return self.con.execute(
                f"select {quote(column)} from {splink_df.physical_name}"  # noqa: S608  # nosec B608
            ).fetchnumpy()[column]
        return splink_df.as_spark_dataframe().select(column).toPandas()[column].to_numpy()


def register_records(db_api: Any, con: duckdb.DuckDBPyConnection, table: str, name: str) -> Any:
    """Hand the person records in DuckDB `table` to DuckDB Splink as a Splink dataframe
    (Spark: `LinkageEngine.register`)."""
    from splink import DuckDBAPI

    if not isinstance(db_api, DuckDBAPI):
        raise TypeError("register_records is for DuckDB; use LinkageEngine.register for Spark.")
    return db_api.register(table, table_name=name)


def to_duckdb(
    con: duckdb.DuckDBPyConnection, splink_df: Any, table: str, where: str | None = None
) -> None:
    """Copy a Splink result (from either engine) into a DuckDB table; `where`: an SQL
    condition (written here, not taken from input) on the rows to copy."""
    from splink import DuckDBAPI

    rows = _rows_sql(splink_df, where)
    if isinstance(splink_df.db_api, DuckDBAPI):
        con.execute(f"create or replace table {table} as {rows}").fetchall()
        return
    # Spark: the rows are chosen in Spark, so only those kept come over to DuckDB.
    frame = splink_df.db_api.spark.sql(rows).toPandas()
    con.register("__from_engine", frame)
    con.execute(f"create or replace table {table} as select * from __from_engine").fetchall()  # noqa: S608  # nosec B608
    con.unregister("__from_engine")


def _rows_sql(splink_df: Any, where: str | None) -> str:
    """The query for the rows of a Splink result to copy: all of them, or those meeting
    `where` (SQL both engines read alike)."""
    condition = f" where {where}" if where else ""
    return f"select * from {splink_df.physical_name}{condition}"  # noqa: S608  # nosec B608
