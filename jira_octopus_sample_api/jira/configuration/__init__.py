"""The sample API's configuration part."""
