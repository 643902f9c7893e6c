"""Every declared kind, checked from the registries: adding a kind needs no change here."""

import json
import re
from pathlib import Path
from string import Formatter

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import parse_config
from source_jira_octopus.jira.site import CLOUD, DATA_CENTER, JiraSite
from source_jira_octopus.jira.streams import JIRA_STREAMS
from source_jira_octopus.octopus.streams import OCTOPUS_KINDS, OCTOPUS_STREAMS, OctopusSpaces
from source_jira_octopus.source import SourceJiraOctopus
from testkit.mock_server import mock_fields
from testkit.stream_instances import JIRA, LOGGER, OCTOPUS, jira_instance, octopus_instance
from unit_tests.config_cases import connector_config

SCHEMAS = Path(__file__).resolve().parents[1] / "source_jira_octopus" / "schemas"
REGISTRIES = [("jira", JIRA_STREAMS), ("octopus", OCTOPUS_STREAMS)]
ALL_KINDS = [(prefix, registry, kind) for prefix, registry in REGISTRIES for kind in registry]
KIND_IDS = [kind.__name__ for _, _, kind in ALL_KINDS]


def properties(name):
    return json.loads((SCHEMAS / f"{name}.json").read_text())["properties"]


def placeholders(template):
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def instances(prefix, kind):
    """One instance per flavour that serves the kind."""
    if prefix == "octopus":
        return [octopus_instance(kind)]
    return [
        jira_instance(kind, site)
        for site in (CLOUD, DATA_CENTER)
        if kind.route_for(JiraSite(site, "https://x")) is not None
    ]


def route_templates(prefix, kind):
    if prefix == "octopus":
        return [kind.path_template]
    return [
        route.path for route in (kind.route_for(JiraSite(site, "https://x")) for site in (CLOUD, DATA_CENTER)) if route
    ]


@pytest.mark.parametrize("prefix, registry", REGISTRIES, ids=[p for p, _ in REGISTRIES])
def test_names_are_unique_prefixed_snake_plurals(prefix, registry):
    names = [kind.name for kind in registry]
    assert len(names) == len(set(names))
    for name in names:
        # plural, or a mass noun the issue names the stream by (octopus_build_information, ..._deployment_history)
        plural = re.fullmatch(rf"{prefix}_[a-z]+(_[a-z]+)*(s|_information|_history)", name)
        assert plural or name in NAMED_BY_THE_ISSUES, name
    assert len(set(registry)) == len(registry)


# Names issue 8 gives that are not plurals (a one-record resource, a setting, or Fivetran's table name)
NAMED_BY_THE_ISSUES = {
    "jira_server_info",
    "jira_filter_sharing",
    "jira_time_tracking",
    "jira_project_email",
    "jira_issue_worklogs_deleted",
}


@pytest.mark.parametrize("prefix, registry, kind", ALL_KINDS, ids=KIND_IDS)
def test_schema_file_holds_the_primary_key(prefix, registry, kind):
    assert (SCHEMAS / f"{kind.name}.json").is_file()
    schema = properties(kind.name)
    built = instances(prefix, kind)
    assert built, f"{kind.name} is served by no flavour"
    for stream in built:
        assert stream.name == kind.name
        keys = stream.primary_key if isinstance(stream.primary_key, list) else [stream.primary_key]
        for key in keys:
            assert key in schema, f"{kind.name}: primary key {key} not in its schema"


@pytest.mark.parametrize("kind", JIRA_STREAMS, ids=[k.__name__ for k in JIRA_STREAMS])
def test_jira_kinds_have_a_cloud_route_and_a_data_center_route_or_reason(kind):
    assert kind.route_for(JiraSite(CLOUD, "https://x")) is not None
    data_center = kind.route_for(JiraSite(DATA_CENTER, "https://x"))
    assert data_center is not None or kind.absent_reason.strip(), f"{kind.name}: no Data Center route and no reason"


@pytest.mark.parametrize("kind", OCTOPUS_STREAMS, ids=[k.__name__ for k in OCTOPUS_STREAMS])
def test_octopus_kinds_have_a_path(kind):
    assert kind.path_template and not kind.path_template.startswith("/")
    assert kind.name == f"octopus_{kind.kind}"


@pytest.mark.parametrize("prefix, registry, kind", ALL_KINDS, ids=KIND_IDS)
def test_parents_come_earlier_and_fill_every_placeholder(prefix, registry, kind):
    templates = route_templates(prefix, kind)
    used = set().union(*(placeholders(t) for t in templates)) | set(kind.stamps.values())
    if kind.parent_kind is None:
        assert not kind.slice_keys
        assert all(not placeholders(t) for t in templates), f"{kind.name}: placeholders without a parent"
        return
    assert kind.parent_kind in registry[: registry.index(kind)], f"{kind.name}: parent not listed before it"
    assert kind.slice_keys
    assert set(kind.slice_keys) <= used, f"{kind.name}: slice keys used neither in the path nor in stamps"
    for template in templates:
        assert placeholders(template) <= set(kind.slice_keys), f"{kind.name}: {template} has an unfilled placeholder"
    parent_schema = properties(kind.parent_kind.name)
    assert set(kind.slice_keys.values()) <= set(parent_schema), f"{kind.name}: slice keys read fields the parent lacks"
    assert set(kind.stamps.values()) <= set(kind.slice_keys)
    assert set(kind.stamps) <= set(properties(kind.name)), f"{kind.name}: stamped fields missing from its schema"


@pytest.mark.parametrize("prefix, registry, kind", ALL_KINDS, ids=KIND_IDS)
def test_incremental_cursor_fields_are_in_the_schema(prefix, registry, kind):
    for stream in instances(prefix, kind):
        fields = stream.cursor_field if isinstance(stream.cursor_field, list) else [stream.cursor_field]
        for field in filter(None, fields):
            assert field in properties(kind.name), f"{kind.name}: cursor field {field} not in its schema"


@pytest.mark.parametrize("prefix, registry, kind", ALL_KINDS, ids=KIND_IDS)
def test_no_kind_has_an_attribute_named_parent(prefix, registry, kind):
    assert not any("parent" in vars(cls) for cls in kind.__mro__), "the CDK's adapter would overwrite parent.cursor"
    for stream in instances(prefix, kind):
        assert "parent" not in vars(stream)


def test_octopus_kinds_are_the_registry_minus_spaces():
    # server-wide kinds (users, teams, ...) have no parent but can be capped too
    assert tuple(kind.kind for kind in OCTOPUS_STREAMS if kind is not OctopusSpaces) == OCTOPUS_KINDS
    assert len(set(OCTOPUS_KINDS)) == len(OCTOPUS_KINDS)


@pytest.mark.parametrize("kind", OCTOPUS_KINDS)
def test_every_kind_can_be_capped(kind):
    config = parse_config({"octopus": {**OCTOPUS, "max_items_per_kind": {kind: 7}}})
    assert dict(config.octopus.max_items_per_kind) == {kind: 7}


@pytest.mark.parametrize("kind", ["spaces", "servertasks", "Deployments", "deployment"])
def test_unknown_cap_names_are_config_errors_naming_the_field(kind):
    with pytest.raises(AirbyteTracedException) as caught:
        connector_config({"octopus": {**OCTOPUS, "max_items_per_kind": {kind: 7}}})
    assert caught.value.failure_type == FailureType.config_error
    assert f"octopus.max_items_per_kind.{kind}" in caught.value.message
    assert all(known in caught.value.message for known in OCTOPUS_KINDS)


def discover(config):
    """Discover with the site's fields served (jira_issues' columns come from `GET field`): without them the
    connector would ask the real host, wait out its backoff and discover without the columns."""
    with HttpMocker() as mocker:
        if "jira" in config:
            cloud = config["jira"].get("deployment", CLOUD) == CLOUD
            mock_fields(mocker, config["jira"]["base_url"], 3 if cloud else 2)
        return SourceJiraOctopus(config=config).discover(LOGGER, config)


def served(deployment):
    return [kind.name for kind in JIRA_STREAMS if kind.route_for(JiraSite(deployment, "https://x")) is not None]


@pytest.mark.parametrize(
    "config, expected",
    [
        ({"jira": JIRA}, served(CLOUD)),
        (
            {
                "jira": {
                    **JIRA,
                    "deployment": "data_center",
                    "base_url": "https://jira.acme.io",
                    "credentials": {"auth_type": "personal_access_token", "token": "t"},
                }
            },
            served(DATA_CENTER),
        ),
        ({"octopus": OCTOPUS}, [kind.name for kind in OCTOPUS_STREAMS]),
        ({"jira": JIRA, "octopus": OCTOPUS}, served(CLOUD) + [kind.name for kind in OCTOPUS_STREAMS]),
    ],
    ids=["jira-cloud", "jira-data-center", "octopus", "both"],
)
def test_discover_lists_the_registries_in_order(config, expected):
    catalog = discover(config)
    assert [stream.name for stream in catalog.streams] == expected


def test_cloud_serves_the_whole_jira_registry():
    catalog = discover({"jira": JIRA})
    assert len(catalog.streams) == len(JIRA_STREAMS)


def test_discovered_keys_and_cursors_are_in_the_schemas():
    config = {"jira": JIRA, "octopus": OCTOPUS}
    for stream in discover(config).streams:
        schema = properties(stream.name)
        assert all(path[0] in schema for path in stream.source_defined_primary_key), stream.name
        incremental = any(mode.value == "incremental" for mode in stream.supported_sync_modes)
        assert incremental == bool(stream.default_cursor_field), stream.name
        if incremental:
            assert stream.source_defined_cursor and stream.default_cursor_field[0] in schema, stream.name
