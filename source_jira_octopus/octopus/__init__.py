"""Octopus Deploy: auth, paginator, errors, base streams, stream table, webhook (subscription) permissions."""
