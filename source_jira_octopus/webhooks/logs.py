"""Structured logs of the webhook commands: one JSON object per line on stderr, secrets masked.

{"time": "2026-11-23T12:00:00.123Z", "level": "INFO", "logger": "...", "message": "delivery accepted",
 "service": "jira", "delivery": "jira:0f3c...", "event": "jira:issue_updated"}
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Mapping
from typing import Any

from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets, get_secrets, update_secrets

LOGGER_NAME = "source_jira_octopus.webhooks"


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return filter_secrets(json.dumps(entry, default=str))


def structured_logger(level: int = logging.INFO) -> logging.Logger:
    """Our logger, the connector's (`airbyte`) and uvicorn's, all as JSON lines on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    for name in (LOGGER_NAME, "airbyte", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level)
        logger.propagate = False
    return logging.getLogger(LOGGER_NAME)


def mask_secrets_of(spec_schema: Mapping[str, Any], config: Mapping[str, Any]) -> None:
    """Every `airbyte_secret` value of the config is masked in every log line from now on (the CDK's filter)."""
    update_secrets(get_secrets(dict(spec_schema), dict(config)))
