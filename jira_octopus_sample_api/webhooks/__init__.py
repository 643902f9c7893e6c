"""The sample API's webhooks part."""
