"""The sample API's jira part."""
