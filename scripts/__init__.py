"""Developer scripts run from a checkout (`.venv/bin/python -m scripts.<name>`); not part of the connector package."""
