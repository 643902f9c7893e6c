"""`check` over real HTTP: credentials, one list page, and webhook permissions (failing or warning by config)."""

import json

import pytest
from airbyte_cdk.models import Status, Type
from airbyte_cdk.test.entrypoint_wrapper import _run_command

from source_jira_octopus import SourceJiraOctopus
from source_jira_octopus.jira.webhooks import ADMINISTER

LOGGER = __import__("logging").getLogger("airbyte")


def check(config):
    return SourceJiraOctopus(config).check(LOGGER, config)


def check_through_the_entrypoint(config, tmp_path):
    """`check` as the platform runs it: status and LOG messages, as the CDK's read() test helper collects them."""
    config_file = tmp_path / "config.json"
    config_file.write_text(json.dumps(config))
    return _run_command(SourceJiraOctopus(config), ["check", "--config", str(config_file)])


def with_permission_checks(config, verify):
    config["webhooks"] = {"verify_permissions": verify}
    return config


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_check_succeeds_and_touches_identity_list_and_permission_endpoints(fake_api, deployment):
    fake_api.jira_deployment = deployment
    fake_api.clear_requests()
    status = check(with_permission_checks(fake_api.connector_config(), True))
    assert status.status == Status.SUCCEEDED, status.message
    paths = {(r.method, r.path) for r in fake_api.requests}
    version = 3 if deployment == "cloud" else 2
    for path in ("myself", "serverInfo", "mypermissions"):
        assert ("GET", f"/rest/api/{version}/{path}") in paths
    assert ("GET", "/api/users/me") in paths and ("GET", "/api/spaces") in paths
    assert any(path.startswith("/api/users/") and path.endswith("/permissions") for _, path in paths)


def test_bad_jira_token_fails_naming_service_endpoint_and_remedy_without_the_secret(fake_api):
    config = fake_api.connector_config()
    config["jira"]["credentials"]["api_token"] = "wrong-token-value"
    status = check(config)
    assert status.status == Status.FAILED
    assert "Jira API error: GET" in status.message and "HTTP 401" in status.message
    assert "api token" in status.message.lower()
    assert "wrong-token-value" not in status.message


def test_bad_octopus_key_fails_naming_the_setting(fake_api):
    config = fake_api.connector_config()
    config["octopus"]["api_key"] = "API-WRONGWRONGWRONG"
    status = check(config)
    assert status.status == Status.FAILED
    assert "Octopus API error: GET" in status.message and "octopus.api_key" in status.message
    assert "API-WRONGWRONGWRONG" not in status.message


def test_unreachable_server_fails_with_the_url(fake_api):
    config = fake_api.connector_config()
    config["octopus"]["server_url"] = "http://127.0.0.1:9"  # discard port: nothing listens
    config["request_timeout_seconds"] = 5
    status = check(config)
    assert status.status == Status.FAILED
    assert "127.0.0.1:9" in status.message and "refused" in status.message


def test_missing_jira_admin_fails_the_check_when_verifying_permissions(fake_api):
    fake_api.jira_admin = False
    status = check(with_permission_checks(fake_api.connector_config(), True))
    assert status.status == Status.FAILED
    assert ADMINISTER in status.message and "Global permissions" in status.message


def test_missing_permissions_only_warn_when_not_verifying(fake_api, caplog):
    fake_api.jira_admin = False
    space = sorted(fake_api.dataset.ids("octopus_spaces"))[1]
    fake_api.octopus_permissions[space].discard("SubscriptionCreate")
    with caplog.at_level("WARNING", logger="airbyte"):
        status = check(with_permission_checks(fake_api.connector_config(), False))
    assert status.status == Status.SUCCEEDED, status.message
    assert ADMINISTER in caplog.text and "SubscriptionCreate" in caplog.text and space in caplog.text


def test_missing_octopus_subscription_permission_names_permission_and_space(fake_api):
    space = sorted(fake_api.dataset.ids("octopus_spaces"))[2]
    fake_api.octopus_permissions[space] -= {"SubscriptionEdit", "SubscriptionView"}
    status = check(with_permission_checks(fake_api.connector_config(), True))
    assert status.status == Status.FAILED
    assert f"SubscriptionView, SubscriptionEdit in space {space}" in status.message
    assert "Configuration > Teams" in status.message


def test_configured_space_that_does_not_exist_fails(fake_api):
    config = fake_api.connector_config()
    config["octopus"]["spaces"] = ["Spaces-404"]
    status = check(config)
    assert status.status == Status.FAILED and "Spaces-404" in status.message


def test_config_without_any_service_is_a_config_error_naming_both():
    from airbyte_cdk.models import FailureType
    from airbyte_cdk.utils.traced_exception import AirbyteTracedException

    with pytest.raises(AirbyteTracedException) as raised:
        check({"max_concurrent_requests": 2})
    assert raised.value.failure_type == FailureType.config_error
    assert "jira" in raised.value.message and "octopus" in raised.value.message


@pytest.mark.parametrize("service, other", [("jira", "octopus"), ("octopus", "jira")])
def test_a_start_date_in_the_future_passes_the_check_with_a_warning_naming_the_field(
    fake_api, tmp_path, service, other
):
    output = check_through_the_entrypoint(
        fake_api.connector_config(**{service: {"start_date": "2999-01-01"}}), tmp_path
    )
    [status] = output.connection_status_messages
    assert status.connectionStatus.status == Status.SUCCEEDED, status.connectionStatus.message
    [warning] = [w for w in _warnings(output) if "start_date" in w]
    assert warning.startswith(f"{service}.start_date is 2999-01-01T00:00:00+00:00, in the future")
    assert f"{other}.start_date" not in warning


def _warnings(output):
    return [m.log.message for m in output.logs if m.type == Type.LOG and m.log.level.name == "WARN"]


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_a_user_who_can_browse_no_jira_project_passes_the_check_with_a_warning(fake_api, tmp_path, deployment):
    fake_api.jira_deployment = deployment
    assert not [
        w for w in _warnings(check_through_the_entrypoint(fake_api.connector_config(), tmp_path)) if "no project" in w
    ]
    fake_api.jira_hidden_projects = {project["key"] for project in fake_api.dataset.jira_projects}
    output = check_through_the_entrypoint(fake_api.connector_config(), tmp_path)
    [status] = output.connection_status_messages
    assert status.connectionStatus.status == Status.SUCCEEDED, status.connectionStatus.message
    [warning] = [w for w in _warnings(output) if "no project" in w]
    assert warning.startswith("Jira: the user can browse no project, so jira_issues") and "Browse projects" in warning


def test_an_octopus_key_that_sees_no_space_passes_the_check_with_a_warning(fake_api, tmp_path):
    assert not [
        w for w in _warnings(check_through_the_entrypoint(fake_api.connector_config(), tmp_path)) if "no space" in w
    ]
    fake_api.dataset.octopus_spaces.clear()
    output = check_through_the_entrypoint(fake_api.connector_config(), tmp_path)
    [status] = output.connection_status_messages
    assert status.connectionStatus.status == Status.SUCCEEDED, status.connectionStatus.message
    [warning] = [w for w in _warnings(output) if "no space" in w]
    assert warning.startswith("Octopus: the API key can see no space") and "SpaceView" in warning
