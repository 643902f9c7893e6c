"""The warehouse models (a dbt project, `jira_octopus`) shipped as package data.

The main job runs them in-process after each load; a data team can also add this folder to its own dbt project as a
package (see README.md here). Importing this module costs nothing: it only says where the project lives.
"""

from pathlib import Path

PROJECT_DIR: Path = Path(__file__).resolve().parent

__all__ = ["PROJECT_DIR"]
