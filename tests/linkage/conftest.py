import os
from pathlib import Path

import pytest

from alongside.linkage.synthetic import generate_applications


def pytest_collection_modifyitems(config, items):
    """The Spark test runs once per `make test` (the SQLite pass sets ALONGSIDE_RUN_SPARK=1)."""
    if os.environ.get("ALONGSIDE_RUN_SPARK") == "1":
        return
    spark_items = [item for item in items if "spark" in item.keywords]
    if spark_items:
        config.hook.pytest_deselected(items=spark_items)
        items[:] = [item for item in items if "spark" not in item.keywords]


@pytest.fixture(scope="session")
def small_dataset(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    generate_applications(folder, 3000, seed=11)
    return folder


@pytest.fixture(scope="session")
def small_run(small_dataset, tmp_path_factory):
    from alongside.linkage import link_applications

    out = tmp_path_factory.mktemp("linked")
    stages = []
    result = link_applications(
        [small_dataset / "applications.csv"],
        out,
        bookings=small_dataset / "midwifery_bookings.csv",
        care_leavers=small_dataset / "care_leavers.csv",
        progress=lambda stage, done, total: stages.append((stage, done, total)),
    )
    return result, stages


@pytest.fixture(scope="session")
def spark():
    """One local-mode Spark session (2 cores, UI off, Splink's similarity jar) for the run."""
    from alongside.linkage.engines import local_spark_session

    session = local_spark_session(app_name="alongside-tests")
    yield session
    session.stop()
