"""Airbyte source connector for Jira (Cloud and Data Center) and Octopus Deploy."""

from source_jira_octopus.source import SourceJiraOctopus

__all__ = ["SourceJiraOctopus"]
