"""The main job's dbt step on a real DuckDB file: a model that cannot be built ends in one message that names it
and dbt's log, and the job's own connection can open the file afterwards (dbt-duckdb keeps it open otherwise)."""

from __future__ import annotations

import duckdb
import pytest

from source_jira_octopus.warehouse import transform
from source_jira_octopus.warehouse.duckdb_cache import duckdb_cache


@pytest.mark.slow
def test_a_warehouse_without_the_loaded_tables_fails_naming_the_model_and_stays_usable(tmp_path):
    path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute("CREATE TABLE kept (n INTEGER); INSERT INTO kept VALUES (1)")

    with pytest.raises(transform.TransformError) as failure:
        transform.run_models(transform.DuckDBTarget(path))

    message = str(failure.value)
    assert message.startswith("dbt failed to build model stg_"), message
    assert "does not exist" in message and "dbt log: " in message and message.endswith("dbt.log)")
    assert "\n" not in message
    assert duckdb_cache(path).run_sql_query("SELECT n FROM main.kept") == [{"n": 1}]
