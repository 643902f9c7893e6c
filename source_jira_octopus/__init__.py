"""Airbyte source connector for Jira (Cloud and Data Center) and Octopus Deploy."""

from source_jira_octopus.startup import skip_protocol_model_docstrings

skip_protocol_model_docstrings()  # before the CDK is imported: see startup.py

from source_jira_octopus.source import SourceJiraOctopus  # noqa: E402

__all__ = ["SourceJiraOctopus"]
