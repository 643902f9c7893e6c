"""The sample API's core part."""
