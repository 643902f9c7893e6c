"""The test suite's own layout: test modules share helpers through `testkit/`, never by importing each other (a
test module imported elsewhere runs its tests twice under some collectors, and its helpers have no owner)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = sorted(
    path
    for folder in ("unit_tests", "integration_tests", "testkit")
    for path in (ROOT / folder).rglob("*.py")
    if ".venv" not in path.parts
) + [ROOT / "conftest.py"]


def is_test_module(name: str) -> bool:
    return any(part.startswith("test_") for part in name.split("."))


def imported_test_modules(source: str) -> list[str]:
    """Every module named `test_*` that the source imports, at any depth (`from . import test_x` included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if is_test_module(module):
                found.append(module)
            else:
                found += [
                    f"{module}.{alias.name}".replace("..", ".") for alias in node.names if is_test_module(alias.name)
                ]
    return found


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from unit_tests.test_mock_server_reads import run", ["unit_tests.test_mock_server_reads"]),
        ("import integration_tests.test_cli as cli", ["integration_tests.test_cli"]),
        ("def f():\n    from .test_full_read import config\n", [".test_full_read"]),
        ("from . import test_sigterm", [".test_sigterm"]),
        ("from testkit.mock_server import run\nimport pytest", []),
    ],
)
def test_the_check_finds_test_module_imports(source, expected):
    assert imported_test_modules(source) == expected


def test_no_module_imports_a_test_module():
    offenders = {
        str(path.relative_to(ROOT)): names for path in CHECKED if (names := imported_test_modules(path.read_text()))
    }
    assert not offenders, f"move the shared helpers to testkit/: {offenders}"


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    documented = [
        line.split("&&", 1)[1].strip() for line in readme.splitlines() if line.startswith("bash .ci/bootstrap &&")
    ]
    run = [line.strip() for line in ci.splitlines() if line.startswith(".venv/bin/python -m pytest")]
    assert run and len(run) == 1 and run[0] in documented, (run, documented)
