"""Airbyte convention: `python main.py spec|check|discover|read ...`."""

from source_jira_octopus.run import run

if __name__ == "__main__":
    run()
