"""`jira_issue_field_history`: one row per changed field per changelog entry, cut from `jira_issue_changelogs`.

It reads exactly what the changelog stream reads (the embedded `changelog` page, and only for issues whose page was
truncated the rest: `POST changelog/bulkfetch` on Cloud, the issue with `expand=changelog` on Data Center), so the
history is complete, never the 40 or 100 entries a search embeds. Incremental on the entry's `created`, like the
changelogs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import requests

from source_jira_octopus.jira.streams.issue_children import JiraIssueChangelogs

_ENTRY_FIELDS = ("issueId", "issueKey", "author", "created")


class JiraIssueFieldHistory(JiraIssueChangelogs):
    """PK `id` = "<changelog id>:<item index>": one entry may change a field twice (two fix versions added), so the
    field alone does not identify a row; the items' order within an entry is the order Jira stores them in."""

    name = "jira_issue_field_history"
    primary_key = "id"

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        for entry in super().page_records(response, stream_slice):
            items = entry.get("items")
            for index, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, Mapping):
                    self.report_shape("items", "a change item that is not a JSON object, skipped", item)
                    continue
                yield {
                    **item,
                    **{name: entry.get(name) for name in _ENTRY_FIELDS},
                    "id": f"{entry.get('id')}:{index}",
                    "changelogId": str(entry.get("id")),
                    "itemIndex": index,
                    "fieldId": item.get("fieldId"),  # null where Jira sends only the name (older Data Center)
                }
