"""The sample API's people part."""
