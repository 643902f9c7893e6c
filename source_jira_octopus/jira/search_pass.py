"""One issue-search pass for every issue stream of a read.

When a read selects several of the streams read from issue search (`jira_issues` and its ten children), they do not
each search the same issues: every member asks for the union of the members' `fields` and `expand`, so their requests
are the same, and each search page is fetched once and handed to every member that asks for it
(`http/shared_pages.py`). A stream read alone is no member and asks only for its own fields.

Requests are shared only where they are equal, never assumed equal:
- **The plan** (the two probes per project key and the `created` window boundaries taken from them) is made once per
  key and lower bound (`boundaries`): members from the same lower bound get the same windows, and pay one pair of
  probes. A member whose state differs (another cursor) plans its own, from its own probes.
- **The pages** are keyed by the exact request (URL, JQL, fields, expand, page position). A member that saved other
  windows or resumes a window elsewhere (`id > N`) sends other requests, and fetches those pages itself.
- **Who will read a page** is named when a key is planned: every member from the same lower bound works out its
  own windows of the key from its own checkpoint, and each window's JQL lists its readers. The store keeps a page's
  bodies for those readers only, and drops each once taken; a member that never comes (it failed) leaves its bodies
  to the store's byte bound.
- **What each reader gets** is its own body (`bodies`): the page as its own request would have had it
  (`requested_view`: its own fields and expands of each issue, the paging envelope as sent), cut once when the page
  arrives. A child that needs `fields.watches` of a page that carries every field parses and holds only that, so a
  pass costs about the CPU and memory of the members' own pages, not the union page once per member.

Each member keeps its own partitions, its own per-page checkpoints and its own records.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson
import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.shared_pages import DEFAULT_MAX_BYTES, Fetched, SharedPages
from source_jira_octopus.jira.partitions import JQL, Probed, key_plan, slice_for

if TYPE_CHECKING:
    from source_jira_octopus.jira.streams.issues import JiraIssueSearch

ALL_FIELDS = "*all"


def union_fields(kinds: Iterable[type[JiraIssueSearch]]) -> tuple[str, ...]:
    fields = {name for kind in kinds for name in kind.search_fields}
    return (ALL_FIELDS,) if ALL_FIELDS in fields else tuple(sorted(fields))


def union_expand(kinds: Iterable[type[JiraIssueSearch]]) -> str:
    return ",".join(sorted({part for kind in kinds for part in kind.search_expand.split(",") if part}))


@dataclass
class _Plan:
    done: threading.Event = field(default_factory=threading.Event)
    probed: Probed | None = None


class IssueSearchPass:
    """The members of one read's pass, their union request, their shared plans and the store of their pages."""

    def __init__(
        self, kinds: Collection[type[JiraIssueSearch]], logger: logging.Logger, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.names = frozenset(str(kind.name) for kind in kinds)
        self.fields = union_fields(kinds)
        self.expand = union_expand(kinds)
        self.pages = SharedPages(max_bytes, logger)
        self._logger = logger
        self._max_bytes = max_bytes
        self._done: set[str] = set()
        self._reported = False
        self._members: list[JiraIssueSearch] = []
        self._lock = threading.Lock()
        self._plans: dict[tuple[str, datetime], _Plan] = {}
        self._readers: dict[str, set[str]] = defaultdict(set)  # JQL of a window -> members that will read it
        self._wants = {str(kind.name): (kind.search_fields, kind.search_expand) for kind in kinds}

    @classmethod
    def for_read(
        cls, kinds: Iterable[type[JiraIssueSearch]], selected: Collection[str] | None, logger: logging.Logger
    ) -> IssueSearchPass | None:
        """A pass when a read selects two or more issue-search streams; None otherwise (each asks for its own)."""
        members = [kind for kind in kinds if selected is not None and kind.name in selected]
        return cls(members, logger) if len(members) > 1 else None

    def join(self, member: JiraIssueSearch) -> bool:
        """Called by each issue-search stream as it is built: True if it reads through this pass."""
        if member.name not in self.names:
            return False
        with self._lock:
            self._members.append(member)
        return True

    def partition_done(self, member: JiraIssueSearch, jql: Any) -> None:
        """A member's partition ended (read, failed or cancelled): it asks for no more pages of that window, so none
        is kept for it."""
        with self._lock:
            self._readers.get(str(jql), set()).discard(str(member.name))
        self.pages.withdraw(str(member.name), str(jql))

    def member_done(self, member: JiraIssueSearch) -> None:
        """A member read all its partitions (or could not list them): no page is kept for it any more; once every
        member is done, the pass says what it saved (once per read)."""
        with self._lock:
            self._done.add(str(member.name))
            for readers in self._readers.values():
                readers.discard(str(member.name))
            ended = self._done >= {str(joined.name) for joined in self._members} and not self._reported
            self._reported |= ended
        self.pages.withdraw(str(member.name))
        if ended:
            stats = self.pages.stats
            self._logger.info(
                f"Jira issue search: one pass for {len(self._members)} streams ({', '.join(sorted(self.names))}): "
                f"{stats.fetched} search pages fetched, {stats.shared} handed on to another stream, {stats.not_kept} "
                f"fetched again past the bound of {self._max_bytes:,} bytes held; at most {stats.peak_bytes:,} held."
            )

    def boundaries(self, key: str, updated_from: datetime, plan: Callable[[], Probed]) -> Probed:
        """The `created` boundaries of a project key read from `updated_from` (and the probe that places Cloud's end
        bound): planned (probed) once, by the first member to ask, and then the readers of each window are counted.
        If that planning fails, each member plans on its own."""
        with self._lock:
            cell = self._plans.get((key, updated_from))
            leader = cell is None
            if cell is None:
                cell = self._plans[(key, updated_from)] = _Plan()
        if not leader:
            cell.done.wait()
            return plan() if cell.probed is None else cell.probed
        try:
            probed = plan()
            self._count_readers(key, updated_from, probed)
            cell.probed = probed
        finally:
            cell.done.set()
        return probed

    def readers(self, jql: Any) -> frozenset[str]:
        with self._lock:
            return frozenset(self._readers.get(str(jql), ()))

    def client_for(self, client: Any, member: JiraIssueSearch) -> SharedSearchClient:
        return SharedSearchClient(client, self, str(member.name))

    def bodies(self, response: requests.Response, readers: frozenset[str]) -> dict[str, bytes]:
        """Each reader's body cut from a page of the union request: its own fields and expands of every issue, the
        envelope (paging keys) as sent. Readers with the same needs share one body's bytes. An error answer is
        nobody's: each reader sends its own request (and its own error handling decides)."""
        if not response.ok:
            return {}
        page = json_body(response)
        issues = page.get("issues") if isinstance(page, Mapping) else None
        if not isinstance(issues, list):  # not the shape we cut: each reader reads it whole
            return dict.fromkeys(readers, response.content)
        cut: dict[tuple[tuple[str, ...], str], bytes] = {}
        found: dict[str, bytes] = {}
        for reader in readers:
            fields, expand = self._wants.get(reader, (self.fields, self.expand))
            if (fields, expand) not in cut:
                viewed = [requested_view(issue, expand, self.expand, fields) for issue in issues]
                cut[(fields, expand)] = orjson.dumps({**page, "issues": viewed})
            found[reader] = cut[(fields, expand)]
        return found

    def _count_readers(self, key: str, updated_from: datetime, probed: Probed) -> None:
        """Every member that reads `key` from the same lower bound plans the same windows from its own saved
        progress; each window's JQL gets one reader per such member. Members send no end bound (partitions.py)."""
        boundaries = probed[0]
        with self._lock:
            members = list(self._members)
        counted: list[tuple[str, str]] = []
        for member in members:
            if member.lower_bound(key) != updated_from:
                continue  # another cursor: its own plan, its own pages
            plan = key_plan(key, updated_from, member.checkpoint, boundaries)
            counted += [(str(slice_for(plan, window)[JQL]), str(member.name)) for window in plan.windows]
        with self._lock:
            for jql, name in counted:
                self._readers[jql].add(name)


class SharedSearchClient:
    """A member's HTTP client: its search requests go through the pass's page store; everything else is the client's
    own (attribute access falls through)."""

    def __init__(self, client: Any, search_pass: IssueSearchPass, member: str) -> None:
        self._client = client
        self._pass = search_pass
        self._member = member

    def send_request(self, **kwargs: Any) -> tuple[requests.PreparedRequest, requests.Response]:
        params: Mapping[str, Any] = kwargs.get("params") or {}
        body: Mapping[str, Any] = kwargs.get("json") or {}
        key = (
            kwargs.get("http_method"),
            kwargs.get("url"),
            orjson.dumps(params, option=orjson.OPT_SORT_KEYS),
            orjson.dumps(body, option=orjson.OPT_SORT_KEYS),
        )
        jql = str(body.get(JQL, params.get(JQL)))
        fetched: Fetched = self._pass.pages.take(
            key,
            self._member,
            self._pass.readers(jql),
            lambda: self._client.send_request(**kwargs),
            self._pass.bodies,
            jql,
        )
        return fetched

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def requested_view(issue: Any, own_expand: str, sent_expand: str, own_fields: tuple[str, ...] = (ALL_FIELDS,)) -> Any:
    """The issue as the member's own request would have had it: without what only the pass's `expand` brought
    (`changelog`, `transitions`, ...: each expand adds the top-level key of its name), and with only its own
    `fields` (unless it asks for `*all`)."""
    if not isinstance(issue, Mapping):
        return issue
    extra = set(sent_expand.split(",")) - set(own_expand.split(","))
    fields = issue.get("fields")
    narrowed = ALL_FIELDS not in own_fields and isinstance(fields, Mapping)
    if not narrowed and not extra & issue.keys():
        return issue
    view = {name: value for name, value in issue.items() if name not in extra}
    if narrowed:
        assert isinstance(fields, Mapping)
        view["fields"] = {name: fields[name] for name in own_fields if name in fields}
    return view
