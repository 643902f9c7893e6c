"""Shared by unit_tests/ and integration_tests/: selection by cost (see CONTRIBUTING.md, "Tests by cost") and one
logger fixture."""

import gc
import logging
from pathlib import Path

import pytest

from testkit.slow_modules import declares_every_test_slow, deselects_only_slow_tests


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The fast loop (`-m "not slow"`) does not import a module whose every test is slow: it would deselect them
    all after paying for the import (dbt, PyAirbyte: about 3 s of CPU in each xdist worker)."""
    if not deselects_only_slow_tests(config.getoption("markexpr")):
        return None
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    return True if declares_every_test_slow(collection_path.read_text()) else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Image tests need a container engine: they run only when `-m` names them (`-m image_tests`), whatever else
    `-m` says (so `-m "not slow"` does not select them)."""
    if "image_tests" not in (config.getoption("markexpr") or ""):
        kept = [item for item in items if item.get_closest_marker("image_tests") is None]
        if len(kept) < len(items):
            config.hook.pytest_deselected(items=[item for item in items if item.get_closest_marker("image_tests")])
            items[:] = kept


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """No test runs after this. The interpreter's exit would next run full garbage collections over all that the
    tests left behind (PyAirbyte, the CDK, thousands of modules): 2.5 s after half the unit tests, and in an xdist
    worker of the fast loop more than xdist's 10 s exit timeout, after which xdist kills it: the run's last 10 s.
    `gc.freeze()` moves every object to the permanent generation, which those collections skip; the OS takes the
    memory back a moment later."""
    gc.freeze()


# The "airbyte" logger as it is before any test: PyAirbyte changes it once per process (its setup is cached).
_AIRBYTE_LOGGER = logging.getLogger("airbyte")
_PRISTINE = (list(_AIRBYTE_LOGGER.handlers), _AIRBYTE_LOGGER.propagate, _AIRBYTE_LOGGER.level)


def _reset_the_airbyte_logger() -> None:
    _AIRBYTE_LOGGER.handlers[:] = _PRISTINE[0]
    _AIRBYTE_LOGGER.propagate, _AIRBYTE_LOGGER.level = _PRISTINE[1], _PRISTINE[2]


@pytest.fixture(autouse=True)
def _restore_the_airbyte_logger():
    """PyAirbyte's file logger takes over the logger named "airbyte" (drops its handlers, stops propagation), which
    is also the CDK's: in-process connector reads after a PyAirbyte test would lose their captured LOG messages.
    The logger is reset before each test as well as after, because a module- or session-scoped fixture that loads
    with PyAirbyte runs before this fixture and would otherwise leave its change in place for the whole worker."""
    _reset_the_airbyte_logger()
    yield
    _reset_the_airbyte_logger()
