"""Per-partition state: what a sync completed, saved as partitions finish, so a killed sync resumes where it was."""
