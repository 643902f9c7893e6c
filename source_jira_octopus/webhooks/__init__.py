"""Near-real-time syncs: register Jira webhooks and Octopus subscriptions (`webhooks register|list|unregister`) and
relay their change events into incremental syncs (`webhooks serve`).

Its settings are parsed with the rest of the config (`config/webhooks.py`); this package imports config, never the
other way.
"""
