"""The sample API's agile part."""
