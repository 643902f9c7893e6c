"""The sample API's project details part."""
