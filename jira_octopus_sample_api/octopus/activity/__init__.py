"""The sample API's activity part."""
