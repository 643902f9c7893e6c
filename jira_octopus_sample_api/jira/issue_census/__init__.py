"""The sample API's issue census part."""
