"""Which test modules the fast loop (`-m "not slow"`) need not import: those whose top level marks every test slow.

The root conftest.py skips them while collecting, so a fast run does not pay for importing dbt or PyAirbyte only to
deselect every test of the module."""

from __future__ import annotations

import ast

SLOW_MARK = "pytest.mark.slow"


def declares_every_test_slow(source: str) -> bool:
    """True when the module's top level says `pytestmark = pytest.mark.slow`, or a list that holds it."""
    if "pytestmark" not in source:
        return False
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in statement.targets
        ):
            marks = statement.value.elts if isinstance(statement.value, ast.List | ast.Tuple) else [statement.value]
            return any(ast.unparse(mark) == SLOW_MARK for mark in marks)
    return False


def deselects_only_slow_tests(markexpr: str | None) -> bool:
    """True for the fast loop's selection, `-m "not slow"` (spacing aside), and for no other expression."""
    return " ".join((markexpr or "").split()) == "not slow"
