"""Jira's paging envelopes and query parameters shared by the endpoint modules (PageBean, plain arrays)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from jira_octopus_sample_api.jira.api import JiraContext


class BadParameter(ValueError):
    """A query parameter Jira would refuse with 400."""


def int_param(ctx: JiraContext, name: str, default: int) -> int:
    raw = ctx.request.param(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadParameter(f"The '{name}' parameter must be a number, got '{raw}'.") from None


def expand_param(ctx: JiraContext) -> set[str]:
    return {part.strip() for value in ctx.request.query.get("expand", []) for part in value.split(",") if part.strip()}


def page_bean(ctx: JiraContext, values: list[Any], default_max: int, cap: int | None = None) -> dict[str, Any]:
    """Jira's PageBean: startAt/maxResults/total/isLast/values plus absolute self/nextPage links."""
    start = max(int_param(ctx, "startAt", 0), 0)
    size = int_param(ctx, "maxResults", default_max)
    size = min(size, cap) if cap else size
    page = values[start : start + size]
    is_last = start + size >= len(values)
    bean: dict[str, Any] = {"self": _page_url(ctx, start, size)}
    if not is_last:
        bean["nextPage"] = _page_url(ctx, start + size, size)
    bean.update({"maxResults": size, "startAt": start, "total": len(values), "isLast": is_last, "values": page})
    return bean


def _page_url(ctx: JiraContext, start: int, size: int) -> str:
    params = [(k, v) for k, values in ctx.request.query.items() if k not in ("startAt", "maxResults") for v in values]
    return f"{ctx.api_base}/{ctx.resource}?{urlencode(params + [('startAt', start), ('maxResults', size)])}"


def array_page(ctx: JiraContext, values: list[Any], default_max: int, cap: int) -> list[Any]:
    """Plain-array endpoints paged with startAt/maxResults (no envelope: clients stop on a short page)."""
    start = max(int_param(ctx, "startAt", 0), 0)
    size = min(max(int_param(ctx, "maxResults", default_max), 0), cap)
    return values[start : start + size]
