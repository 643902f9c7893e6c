"""Jira streams: simple endpoints as table lines (catalog.py), special cases in their own modules."""
