"""Shared by unit_tests/ and integration_tests/."""

import logging

import pytest


@pytest.fixture(autouse=True)
def _restore_the_airbyte_logger():
    """PyAirbyte's file logger takes over the logger named "airbyte" (drops its handlers, stops propagation), which
    is also the CDK's: in-process connector reads after a PyAirbyte test would lose their captured LOG messages."""
    logger = logging.getLogger("airbyte")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    yield
    logger.handlers[:] = saved[0]
    logger.propagate, logger.level = saved[1], saved[2]
