"""`python -m source_jira_octopus.warehouse`: see job.py."""

import sys

from source_jira_octopus.warehouse.job import main

if __name__ == "__main__":
    sys.exit(main())
