"""The sample API's administration part."""
