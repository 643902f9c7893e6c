"""Near-real-time syncs: register Jira webhooks and Octopus subscriptions (`webhooks register|list|unregister`) and
relay their change events into incremental syncs (`webhooks serve`).

Imported by `config.py` (for `options`), so this package's `__init__` stays free of imports.
"""
