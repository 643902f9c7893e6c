"""The sample API's octopus part."""
