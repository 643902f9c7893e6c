"""Jira Cloud and Data Center: auth, paginators, errors, base stream, streams, webhook permissions."""
