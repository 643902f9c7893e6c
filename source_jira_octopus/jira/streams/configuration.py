"""Jira configuration: issue types and their schemes, custom field contexts and options, field configurations,
screens (with their tabs and the fields on each tab), link types, security and notification schemes, navigator
columns, status categories, resolutions and labels.

Most of these resources need the "Administer Jira" global permission. Where Jira documents 403 for a user without
it, the stream skips the resource and logs why (`ADMINISTERS_JIRA`), so a sync account that is no administrator still
reads everything else. Ids Jira sends as numbers (screens, schemes, status categories) become strings, like every
other Jira id, so that children carry the same value as their parent (`screenId`, `tabId`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import requests

from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import PAGE_BEAN, SINGLE, JiraArrayPaginator, JiraUnpagedEnvelopePaginator
from source_jira_octopus.jira.streams.site_lists import JiraIssueFields
from source_jira_octopus.slice_keys import PARTITION

ADMINISTERS_JIRA = {403: "reading it needs the 'Administer Jira' global permission, which this user lacks"}
# Custom field types whose values are options (Cloud: "Get custom field options (context)").
OPTION_FIELD_TYPES = frozenset(
    f"com.atlassian.jira.plugin.system.customfieldtypes:{name}"
    for name in ("select", "multiselect", "radiobuttons", "multicheckboxes", "cascadingselect")
)


class JiraConfigurationStream(JiraStream):
    """Numeric ids as strings, like every other Jira id (a response with an ignored status has no records: the
    skeleton ends that partition)."""

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        identifier = record.get("id")
        return {**record, "id": str(identifier)} if isinstance(identifier, int) else record


class JiraFilteredChildStream(JiraConfigurationStream):
    """One partition per parent record that `keeps_parent` accepts (the parent is still read once and shared)."""

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        partitions = []
        for record in self.parent_records():
            keys = {key: str(record[field]) for key, field in self.slice_keys.items()}
            partitions.append({**keys, PARTITION: "/".join(keys.values())})
        return partitions

    def parent_records(self) -> list[Mapping[str, Any]]:
        assert self.parent_kind is not None
        return [record for record in self.context.parents.records(self.parent_kind) if self.keeps_parent(record)]

    def keeps_parent(self, record: Mapping[str, Any]) -> bool:
        raise NotImplementedError


class JiraIssueTypes(JiraConfigurationStream):
    name = "jira_issue_types"
    cloud = Route("issuetype", SINGLE)


class JiraIssueTypeSchemes(JiraConfigurationStream):
    """Data Center lists every scheme in one object; the expand adds its issue types and default type."""

    name = "jira_issue_type_schemes"
    ignored_statuses = ADMINISTERS_JIRA
    cloud = Route("issuetypescheme", PAGE_BEAN)
    data_center = Route(
        "issuetypescheme",
        JiraUnpagedEnvelopePaginator("schemes"),
        {"expand": "schemes.issueTypes,schemes.defaultIssueType"},
    )

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        """Data Center names the default type as an object; Cloud's `defaultIssueTypeId` column is filled from it."""
        record = super().transform(record)
        default = record.get("defaultIssueType")
        if record.get("defaultIssueTypeId") is None and isinstance(default, Mapping) and default.get("id"):
            return {**record, "defaultIssueTypeId": str(default["id"])}
        return record


class JiraIssueTypeScreenSchemes(JiraConfigurationStream):
    name = "jira_issue_type_screen_schemes"
    ignored_statuses = ADMINISTERS_JIRA
    cloud = Route("issuetypescreenscheme", PAGE_BEAN)
    data_center = None
    absent_reason = "Jira Data Center's REST API has no resource that lists issue type screen schemes"


class JiraIssueFieldConfigurations(JiraConfigurationStream):
    name = "jira_issue_field_configurations"
    ignored_statuses = ADMINISTERS_JIRA
    cloud = Route("fieldconfiguration", PAGE_BEAN)
    data_center = None
    absent_reason = "Jira Data Center's REST API has no resource that lists field configurations"


class JiraIssueCustomFieldContexts(JiraFilteredChildStream):
    """The contexts of each custom field (`custom: true` in `jira_issue_fields`); system fields have none."""

    name = "jira_issue_custom_field_contexts"
    parent_kind = JiraIssueFields
    slice_keys = {"field_id": "id"}
    stamps = {"fieldId": "field_id"}
    ignored_statuses = {
        **ADMINISTERS_JIRA,
        404: "the custom field was not found: it was deleted after the field list was read",
    }
    cloud = Route("field/{field_id}/context", PAGE_BEAN)
    data_center = None
    absent_reason = "Jira Data Center's REST API has no resource for custom field contexts"

    def keeps_parent(self, record: Mapping[str, Any]) -> bool:
        return record.get("custom") is True


class JiraIssueCustomFieldOptions(JiraFilteredChildStream):
    """The options of each context of a select, multi-select, radio, checkbox or cascading custom field
    (cascading children carry their parent option in `optionId`)."""

    name = "jira_issue_custom_field_options"
    parent_kind = JiraIssueCustomFieldContexts
    slice_keys = {"field_id": "fieldId", "context_id": "id"}
    stamps = {"fieldId": "field_id", "contextId": "context_id"}
    ignored_statuses = {
        **ADMINISTERS_JIRA,
        404: "the custom field or its context was not found: deleted after the contexts were read",
    }
    cloud = Route("field/{field_id}/context/{context_id}/option", PAGE_BEAN)
    data_center = None
    absent_reason = "Jira Data Center has no custom field contexts; options are listed per context on Cloud only"

    def parent_records(self) -> list[Mapping[str, Any]]:
        option_fields = {
            str(field.get("id"))
            for field in self.context.parents.records(JiraIssueFields)
            if (field.get("schema") or {}).get("custom") in OPTION_FIELD_TYPES
        }
        return [context for context in super().parent_records() if context.get("fieldId") in option_fields]

    def keeps_parent(self, record: Mapping[str, Any]) -> bool:
        return True


class JiraIssueLinkTypes(JiraConfigurationStream):
    name = "jira_issue_link_types"
    ignored_statuses = {404: "issue linking is turned off on this site"}
    cloud = Route("issueLinkType", JiraUnpagedEnvelopePaginator("issueLinkTypes"))


class JiraIssueSecuritySchemes(JiraConfigurationStream):
    name = "jira_issue_security_schemes"
    ignored_statuses = ADMINISTERS_JIRA
    cloud = Route("issuesecurityschemes", JiraUnpagedEnvelopePaginator("issueSecuritySchemes"))


class JiraIssueNotificationSchemes(JiraConfigurationStream):
    """Only the schemes the user may see (Jira returns an empty page otherwise); `all` expands events and
    recipients (users, groups, project roles, fields)."""

    name = "jira_issue_notification_schemes"
    cloud = Route("notificationscheme", PAGE_BEAN, {"expand": "all"})


class JiraIssueNavigatorSettings(JiraConfigurationStream):
    """The issue navigator's default columns."""

    name = "jira_issue_navigator_settings"
    primary_key = "value"
    ignored_statuses = ADMINISTERS_JIRA
    cloud = Route("settings/columns", SINGLE)


class JiraScreens(JiraConfigurationStream):
    """Data Center pages a plain array with startAt/maxResults."""

    name = "jira_screens"
    ignored_statuses = ADMINISTERS_JIRA
    cloud = Route("screens", PAGE_BEAN)
    data_center = Route("screens", JiraArrayPaginator())


class JiraScreenTabs(JiraConfigurationStream):
    name = "jira_screen_tabs"
    parent_kind = JiraScreens
    slice_keys = {"screen_id": "id"}
    stamps = {"screenId": "screen_id"}
    ignored_statuses = {**ADMINISTERS_JIRA, 404: "the screen was not found: it was deleted after the screens were read"}
    cloud = Route("screens/{screen_id}/tabs", SINGLE)


class JiraScreenTabFields(JiraConfigurationStream):
    """A field sits on many screens' tabs: the key is the screen, the tab and the field."""

    name = "jira_screen_tab_fields"
    primary_key = ["screenId", "tabId", "id"]
    parent_kind = JiraScreenTabs
    slice_keys = {"screen_id": "screenId", "tab_id": "id"}
    stamps = {"screenId": "screen_id", "tabId": "tab_id"}
    ignored_statuses = {
        **ADMINISTERS_JIRA,
        404: "the screen or tab was not found: it was deleted after the tabs were read",
    }
    cloud = Route("screens/{screen_id}/tabs/{tab_id}/fields", SINGLE)


class JiraScreenSchemes(JiraConfigurationStream):
    name = "jira_screen_schemes"
    ignored_statuses = ADMINISTERS_JIRA
    cloud = Route("screenscheme", PAGE_BEAN)
    data_center = None
    absent_reason = "Jira Data Center's REST API has no resource that lists screen schemes"


class JiraStatusCategories(JiraConfigurationStream):
    name = "jira_status_categories"
    cloud = Route("statuscategory", SINGLE)


class JiraResolutions(JiraConfigurationStream):
    """Cloud pages `resolution/search` (the plain `resolution` list is deprecated there); Data Center lists all."""

    name = "jira_resolutions"
    cloud = Route("resolution/search", PAGE_BEAN)
    data_center = Route("resolution", SINGLE)


class JiraLabels(JiraConfigurationStream):
    """Every label on the site; Jira pages bare strings, each becomes `{"label": ...}`."""

    name = "jira_labels"
    primary_key = "label"
    cloud = Route("label", PAGE_BEAN)
    data_center = None
    absent_reason = "Jira Data Center's REST API has no resource that lists labels"

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        for label in super().page_records(response, stream_slice):
            if isinstance(label, str):
                yield {"label": label}
            else:
                self.report_shape("values", "an entry that is not a string, skipped", label)


STREAMS: tuple[type[JiraStream], ...] = (
    JiraIssueTypes,
    JiraIssueTypeSchemes,
    JiraIssueTypeScreenSchemes,
    JiraIssueFieldConfigurations,
    JiraIssueCustomFieldContexts,
    JiraIssueCustomFieldOptions,
    JiraIssueLinkTypes,
    JiraIssueSecuritySchemes,
    JiraIssueNotificationSchemes,
    JiraIssueNavigatorSettings,
    JiraScreens,
    JiraScreenTabs,
    JiraScreenTabFields,
    JiraScreenSchemes,
    JiraStatusCategories,
    JiraResolutions,
    JiraLabels,
)
