"""The sample API's issue details part."""
