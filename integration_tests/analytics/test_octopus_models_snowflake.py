"""The same Octopus, DORA and lineage marts built on Snowflake (fakesnow 0.11.4 + dbt-snowflake, in-process) from
PyAirbyte's SnowflakeCache tables and from destination-snowflake's typed final tables give the rows DuckDB gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from integration_tests.analytics.octopus_marts import MARTS, Marts, build_on_duckdb, build_on_fakesnow

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def duckdb_marts(tmp_path_factory: pytest.TempPathFactory) -> Marts:
    return build_on_duckdb(Path(tmp_path_factory.mktemp("octopus_duckdb")))


@pytest.mark.parametrize("layout", ["pyairbyte", "airbyte_destination"])
def test_snowflake_rows_equal_duckdb_rows(layout: str, duckdb_marts: Marts, tmp_path: Path) -> None:
    snowflake_marts = build_on_fakesnow(tmp_path, layout)
    for mart in MARTS:
        assert snowflake_marts[mart] == duckdb_marts[mart], mart
    # Not vacuous: the marts hold the fixture's 16 deployments and 21 issue-deployment links.
    assert (len(snowflake_marts["octopus__deployments"]), len(snowflake_marts["lineage__issue_deployments"])) == (
        16,
        21,
    )
