"""Every paging envelope the fake APIs answer with, built in one place, and the query parameters that steer them.

Jira:
- ``page_bean``: PageBean ``{self, nextPage?, maxResults, startAt, total, isLast, values}`` (platform API);
- ``agile_page``: the Agile API's PageBean, without links (``total`` is left out where Jira leaves it out);
- ``offset_page``: the legacy offset envelopes ``{startAt, maxResults, total, <key>: [...]}`` (comments, worklogs,
  dashboards with ``prev``/``next`` links, Agile issue lists);
- ``array_page``: plain arrays paged with ``startAt``/``maxResults`` (clients stop on a short page);
- ``change_feed``: the ``since``/``until`` feeds of ``worklog/updated`` and ``worklog/deleted``.
Octopus: ``octopus_collection``, the ResourceCollection ``{ItemType, TotalResults, ItemsPerPage, NumberOfPages,
LastPageNumber, Items, Links}`` paged with ``skip``/``take``, and ``octopus_filtered`` (``ids``, ``partialName``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jira_octopus_sample_api.exchange import RecordedRequest

if TYPE_CHECKING:
    from jira_octopus_sample_api.jira.api import JiraContext

OCTOPUS_DEFAULT_TAKE = 30  # why: what Octopus' own clients use; the server default is undocumented
# why: the real server's default page size differs by endpoint (10 on some lists, 30 on others, issue 15); the fake
# answers the activity lists (events, tasks) with 10 when `take` is left out, so a client that relies on one
# default reads short pages somewhere. The connector sends `take` on every list.
OCTOPUS_ACTIVITY_DEFAULT_TAKE = 10
OCTOPUS_TAKE_ALL = 2147483647


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


@dataclass(frozen=True)
class OffsetWindow:
    """The ``startAt``/``maxResults`` a Jira request asks for, after the endpoint's own limits."""

    start: int
    size: int

    def of(self, values: list[Any]) -> list[Any]:
        return values[self.start : self.start + self.size]

    def is_last(self, total: int) -> bool:
        return self.start + self.size >= total


def offset_window(
    ctx: JiraContext, default_max: int, cap: int | None = None, *, smallest: int | None = None, strict: bool = False
) -> OffsetWindow:
    """``startAt`` (negative reads as 0) and ``maxResults`` (default ``default_max``, at least ``smallest``, at
    most ``cap``); ``strict`` endpoints refuse a negative ``maxResults`` with 400, as Jira's issue children do."""
    start = max(int_param(ctx, "startAt", 0), 0)
    size = int_param(ctx, "maxResults", default_max)
    if strict and size < 0:
        raise BadParameter("The 'maxResults' parameter must not be negative.")
    if smallest is not None:
        size = max(size, smallest)
    if cap:
        size = min(size, cap)
    return OffsetWindow(start, size)


def page_bean(ctx: JiraContext, values: list[Any], default_max: int, cap: int | None = None) -> dict[str, Any]:
    """Jira's PageBean: startAt/maxResults/total/isLast/values plus absolute self/nextPage links."""
    window = offset_window(ctx, default_max, cap)
    start, size = window.start, window.size
    bean: dict[str, Any] = {"self": _page_url(ctx, start, size)}
    if not window.is_last(len(values)):
        bean["nextPage"] = _page_url(ctx, start + size, size)
    bean.update({"maxResults": size, "startAt": start, "total": len(values), "isLast": window.is_last(len(values))})
    bean["values"] = window.of(values)
    return bean


def _page_url(ctx: JiraContext, start: int, size: int) -> str:
    params = [(k, v) for k, values in ctx.request.query.items() if k not in ("startAt", "maxResults") for v in values]
    return f"{ctx.api_base}/{ctx.resource}?{urlencode(params + [('startAt', start), ('maxResults', size)])}"


def agile_page(window: OffsetWindow, values: list[Any], with_total: bool = True) -> dict[str, Any]:
    """The Agile API's PageBean: no links; some lists (boards' sprints, versions) carry no ``total``."""
    page: dict[str, Any] = {"maxResults": window.size, "startAt": window.start}
    if with_total:
        page["total"] = len(values)
    page.update({"isLast": window.is_last(len(values)), "values": window.of(values)})
    return page


def offset_page(
    window: OffsetWindow,
    values: list[Any],
    key: str,
    *,
    links_to: str | None = None,
    render: Callable[[list[Any]], list[Any]] | None = None,
) -> dict[str, Any]:
    """The legacy offset envelope ``{startAt, maxResults, total, <key>: page}``; with ``links_to`` (the resource's
    absolute URL) it also has the ``prev``/``next`` links of ``GET dashboard``. ``render`` turns the page's
    records into what the endpoint serves (only the page is rendered)."""
    start, size = window.start, window.size
    body: dict[str, Any] = {"startAt": start, "maxResults": size, "total": len(values)}
    if links_to is not None and start > 0:
        body["prev"] = f"{links_to}?startAt={max(start - size, 0)}&maxResults={size}"
    if links_to is not None and start + size < len(values):
        body["next"] = f"{links_to}?startAt={start + size}&maxResults={size}"
    page = window.of(values)
    body[key] = render(page) if render else page
    return body


def array_page(ctx: JiraContext, values: list[Any], default_max: int, cap: int) -> list[Any]:
    """Plain-array endpoints paged with startAt/maxResults (no envelope: clients stop on a short page)."""
    return offset_window(ctx, default_max, cap, smallest=0).of(values)


def since_param(ctx: JiraContext) -> int:
    since = int_param(ctx, "since", 0)
    if since < 0:
        raise BadParameter("The 'since' parameter must not be negative.")
    return since


def change_feed(ctx: JiraContext, resource: str, since: int, changes: list[tuple[int, int]], limit: int) -> Any:
    """``worklog/updated`` and ``worklog/deleted``: ``{values, since, until, self, lastPage, nextPage?}`` over
    ``(epoch ms, worklog id)`` changes, oldest first. ``until`` is the last time on the page and ``nextPage`` asks
    ``since=until``, so that boundary entry comes again on the next page (clients dedupe)."""
    page = changes[:limit]
    until = page[-1][0] if page else since
    last_page = len(changes) <= limit
    base = f"{ctx.api_base}/{resource}"
    body: dict[str, Any] = {
        "values": [{"worklogId": wid, "updatedTime": when, "properties": []} for when, wid in page],
        "since": since,
        "until": until,
        "self": f"{base}?since={since}",
        "lastPage": last_page,
    }
    if not last_page:
        body["nextPage"] = f"{base}?since={until}"
    return body


def octopus_filtered(request: RecordedRequest, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``ids`` and ``partialName`` filters every Octopus collection takes."""
    ids = {i for value in request.query.get("ids", []) for i in value.split(",") if i}
    partial = (request.param("partialName") or "").lower()
    return [r for r in records if (not ids or r["Id"] in ids) and (not partial or partial in r.get("Name", "").lower())]


def octopus_collection(
    request: RecordedRequest,
    base: str,
    item_type: str,
    records: list[dict[str, Any]],
    template: str,
    default_take: int = OCTOPUS_DEFAULT_TAKE,
) -> dict[str, Any]:
    """Octopus' ResourceCollection: 0-based LastPageNumber; ``Page.Next`` only when another page exists."""
    skip = max(_number(request.param("skip"), 0), 0)
    take = max(_number(request.param("take"), default_take), 0)
    total = len(records)
    pages = max(1, math.ceil(total / take)) if take else 1
    extra: list[tuple[str, str | int]] = [
        (k, v) for k, values in request.query.items() if k.lower() not in ("skip", "take", "apikey") for v in values
    ]

    def link(link_skip: int, link_take: int) -> str:
        paging: list[tuple[str, str | int]] = [("skip", link_skip), ("take", link_take)]
        return f"{base}?{urlencode(paging + extra)}"

    links = {"Self": link(skip, take), "Template": template, "Page.All": link(0, OCTOPUS_TAKE_ALL)}
    if take and skip + take < total:
        links["Page.Next"] = link(skip + take, take)
    links.update({"Page.Current": link(skip, take), "Page.Last": link((pages - 1) * take, take)})
    return {
        "ItemType": item_type,
        "TotalResults": total,
        "ItemsPerPage": take,
        "NumberOfPages": pages,
        "LastPageNumber": pages - 1,
        "Items": records[skip : skip + take],
        "Links": links,
    }


def _number(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        return default
