"""The fake APIs' configuration part: its records (``configuration_records``), the ids its streams must read, and
its routes (``configuration_endpoints``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_octopus_sample_api.jira.configuration.records import ConfigurationRecords, build_configuration, site_labels
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute


class ConfigurationPart(DatasetPart):
    name = "configuration"

    def build(self, dataset: FakeDataset) -> None:
        dataset.parts[self.name] = build_configuration(dataset)

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        records: ConfigurationRecords = dataset.parts[self.name]
        if stream_name == "jira_screen_tab_fields":
            return {
                f"{screen}|{tab['id']}|{field['id']}"
                for screen, tabs in records.tabs.items()
                for tab in tabs
                for field in records.tab_fields[tab["id"]]
            }
        if stream_name == "jira_issue_custom_field_options":
            return {option["id"] for options in records.options.values() for option in options}
        if stream_name == "jira_issue_navigator_settings":
            return {column["value"] for column in records.navigator_columns}
        if stream_name == "jira_labels":
            return set(site_labels(dataset.jira_issues))
        found = _id_sources(dataset, records).get(stream_name)
        return None if found is None else {str(record["id"]) for record in found}

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.api import route
        from jira_octopus_sample_api.jira.configuration import (
            routes as endpoints,  # why: jira_api imports the dataset, which imports parts
        )

        admin = endpoints.admin_only
        return [
            route("GET", "issuetype", endpoints.issue_types),
            route("GET", "issuetypescheme", admin(endpoints.issue_type_schemes), "cloud"),
            route("GET", "issuetypescheme", admin(endpoints.dc_issue_type_schemes), "data_center"),
            route("GET", "issuetypescreenscheme", admin(endpoints.issue_type_screen_schemes), "cloud"),
            route("GET", "fieldconfiguration", admin(endpoints.field_configurations), "cloud"),
            route("GET", r"field/[^/]+/context", admin(endpoints.field_contexts), "cloud"),
            route("GET", r"field/[^/]+/context/[^/]+/option", admin(endpoints.context_options), "cloud"),
            route("GET", "issueLinkType", endpoints.link_types),
            route("GET", "issuesecurityschemes", admin(endpoints.security_schemes)),
            route("GET", "notificationscheme", endpoints.notification_schemes),
            route("GET", "settings/columns", admin(endpoints.navigator_columns)),
            route("GET", "screens", admin(endpoints.screens), "cloud"),
            route("GET", "screens", admin(endpoints.dc_screens), "data_center"),
            route("GET", r"screens/[^/]+/tabs", admin(endpoints.screen_tabs)),
            route("GET", r"screens/[^/]+/tabs/[^/]+/fields", admin(endpoints.screen_tab_fields)),
            route("GET", "screenscheme", admin(endpoints.screen_schemes), "cloud"),
            route("GET", "statuscategory", endpoints.status_categories),
            route("GET", "resolution/search", endpoints.resolution_search, "cloud"),
            route("GET", "resolution", endpoints.resolution_list),
            route("GET", "label", endpoints.labels, "cloud"),
        ]


def _id_sources(dataset: FakeDataset, records: ConfigurationRecords) -> dict[str, list[dict]]:
    return {
        "jira_issue_types": dataset.jira_issue_types,
        "jira_resolutions": dataset.jira_resolutions,
        "jira_issue_type_schemes": records.issue_type_schemes,
        "jira_issue_type_screen_schemes": records.issue_type_screen_schemes,
        "jira_issue_field_configurations": records.field_configurations,
        "jira_issue_custom_field_contexts": [c for contexts in records.contexts.values() for c in contexts],
        "jira_issue_link_types": records.link_types,
        "jira_issue_security_schemes": records.security_schemes,
        "jira_issue_notification_schemes": records.notification_schemes,
        "jira_screens": records.screens,
        "jira_screen_tabs": [tab for tabs in records.tabs.values() for tab in tabs],
        "jira_screen_schemes": records.screen_schemes,
        "jira_status_categories": records.status_categories,
    }


PART = ConfigurationPart()
