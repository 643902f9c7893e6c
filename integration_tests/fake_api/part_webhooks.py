"""The fake APIs' webhooks part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class WebhooksPart(DatasetPart):
    name = "webhooks"


PART = WebhooksPart()
