"""HTTP behaviour shared by the Jira and Octopus streams: errors, backoff, budgets, timeouts."""
