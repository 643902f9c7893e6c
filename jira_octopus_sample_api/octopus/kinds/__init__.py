"""The sample API's kinds part."""
