"""Every file generated from the stream registries is what the registries give now, and the generator notices a
stale one (a row missing, a cap missing, a catalog entry changed). The streams are tabled once, on the docs page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scripts.generated_files import COMMAND, GENERATED, ROOT, main, stale_files
from scripts.registry_facts import registry_streams
from scripts.stream_tables import table_rows

DOCS = "docs/integrations/sources/jira-octopus.md"


def test_no_generated_file_is_stale():
    stale = stale_files()
    assert not stale, f"stale generated files {stale}: run {COMMAND}"


@pytest.fixture
def checkout_copy(tmp_path: Path) -> Path:
    for relative in GENERATED:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, tmp_path / relative)
    return tmp_path


def test_a_missing_table_row_a_missing_cap_and_an_edited_catalog_are_stale(checkout_copy: Path):
    docs = checkout_copy / DOCS
    docs.write_text("".join(line for line in docs.read_text().splitlines(True) if "`octopus_lifecycles`" not in line))
    spec_path = checkout_copy / "source_jira_octopus/spec.json"
    spec = json.loads(spec_path.read_text())
    del spec["connectionSpecification"]["properties"]["octopus"]["properties"]["max_items_per_kind"]["properties"][
        "lifecycles"
    ]
    spec_path.write_text(json.dumps(spec, indent=2) + "\n")
    catalog_path = checkout_copy / "integration_tests/configured_catalog.json"
    catalog = json.loads(catalog_path.read_text())
    catalog["streams"][0]["sync_mode"] = "incremental"
    catalog_path.write_text(json.dumps(catalog, indent=2) + "\n")

    assert stale_files(checkout_copy) == [
        "source_jira_octopus/spec.json",
        DOCS,
        "integration_tests/configured_catalog.json",
    ]


def test_a_new_row_keeps_the_hand_written_cells_of_the_others(checkout_copy: Path):
    """Regenerating after a row went missing restores it from the registry and leaves every other row as it was."""
    docs = checkout_copy / DOCS
    original = docs.read_text()
    docs.write_text("".join(line for line in original.splitlines(True) if "`octopus_lifecycles`" not in line))
    regenerated = GENERATED[DOCS](docs.read_text())
    restored = [line for line in regenerated.splitlines() if line.startswith("| `octopus_lifecycles`")]
    assert restored == [
        "| `octopus_lifecycles` | `Id` | full refresh | | `GET /api/{SpaceId}/lifecycles` | one per space | |"
    ]
    others = [line for line in regenerated.splitlines() if "`octopus_lifecycles`" not in line]
    assert others == [line for line in original.splitlines() if "`octopus_lifecycles`" not in line]


def test_a_new_jira_row_starts_with_both_routes_and_its_partitions(checkout_copy: Path):
    docs = checkout_copy / DOCS
    docs.write_text("".join(line for line in docs.read_text().splitlines(True) if "`jira_project_email`" not in line))
    regenerated = GENERATED[DOCS](docs.read_text())
    assert table_rows(regenerated, "jira")["jira_project_email"] == [
        "`jira_project_email`",
        "`projectId`",
        "full refresh",
        "",
        "`GET project/{project_id}/email`",
        "not on DC: Data Center has no project email endpoint (it sets one sender address for the whole site)",
        "one per `jira_projects` record",
        "",
    ]


def test_the_docs_page_tables_every_registered_stream_once_and_the_readme_none():
    docs = (ROOT / DOCS).read_text()
    tabled = [*table_rows(docs, "jira"), *table_rows(docs, "octopus")]
    assert tabled == [stream.name for stream in registry_streams()]
    readme = (ROOT / "README.md").read_text()
    assert "generated stream table" not in readme
    rows = [line for line in readme.splitlines() if line.startswith(("| `jira_", "| `octopus_"))]
    assert not rows, f"README.md links to the docs page's stream tables; it lists no stream itself: {rows}"


def test_check_mode_exits_1_and_names_the_command(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("scripts.generated_files.stale_files", lambda: ["README.md"])
    assert main(["--check"]) == 1
    assert capsys.readouterr().out == f"stale: README.md (run: {COMMAND})\n"
