"""Records as the stream's schema declares them: every `format: date-time` value in RFC 3339, unexpected shapes kept.

The schema is walked once per stream into a tree of the paths it declares as date-time (`fields.created`,
`fields.comment.comments[].updated`, ...). Each record is then rewritten along that tree only:

- Jira's `2022-06-09T16:29:31.871-0700` gets the colon RFC 3339 wants (`-07:00`);
- a number is read as epoch milliseconds (Jira and Airbyte fixtures carry those) and written as RFC 3339;
- anything else that is not RFC 3339 (a date, a word, an object) is kept as the API sent it.

What was unexpected is reported through `report` with the path, once per stream and kind of surprise (the
stream logs it), never per record: a sync of a million records with one odd field logs one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

ITEMS = "[]"  # path step into every element of an array
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_COMPACT_OFFSET = re.compile(r"^(.*[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(\d{2})$")
_EPOCH_SECONDS_LIMIT = 100_000_000_000  # below: seconds (year 5138); above: milliseconds
Tree = dict[str, Any]  # step -> subtree, or LEAF
LEAF: Tree = {}


def date_time_tree(schema: Mapping[str, Any]) -> Tree:
    """The date-time paths of a (ref-resolved) JSON schema, as a tree of steps."""
    tree: Tree = {}
    _collect(schema, tree, [])
    return tree


def _collect(node: Any, tree: Tree, path: list[str]) -> None:
    if not isinstance(node, Mapping):
        return
    if node.get("format") == "date-time" and path:
        _insert(tree, path)
    for key, child in (node.get("properties") or {}).items():
        _collect(child, tree, [*path, key])
    if isinstance(node.get("items"), Mapping):
        _collect(node["items"], tree, [*path, ITEMS])
    for option in [*(node.get("anyOf") or []), *(node.get("oneOf") or [])]:
        _collect(option, tree, path)


def _insert(tree: Tree, path: list[str]) -> None:
    for step in path[:-1]:
        tree = tree.setdefault(step, {})
    tree.setdefault(path[-1], {})


@dataclass(frozen=True, slots=True)
class _PathNode:
    """One node of the tree, compiled for the per-record walk: its path for reports is built once here, not once
    per record, and its children are a tuple (a walk of ~16 dates per issue runs 26 times per record)."""

    path: str
    children: tuple[tuple[str, _PathNode], ...]
    items: _PathNode | None  # the step into every element of an array
    leaf: bool  # a date-time value: no step below it

    @classmethod
    def compile(cls, tree: Tree, path: str = "") -> _PathNode:
        children = tuple(
            (step, cls.compile(subtree, f"{path}.{step}" if path else step))
            for step, subtree in tree.items()
            if step != ITEMS
        )
        items = cls.compile(tree[ITEMS], f"{path}[]") if ITEMS in tree else None
        return cls(path, children, items, leaf=not children and items is None)


class DateTimeNormaliser:
    def __init__(self, schema: Mapping[str, Any], report: Callable[[str, str, Any], None]) -> None:
        self.tree = date_time_tree(schema)
        self.report = report  # (path, what was unexpected, an example value): the stream logs each pair once
        self._root = _PathNode.compile(self.tree)

    def normalise(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return self._rewrite(record, self._root) if self.tree else record

    def _rewrite(self, node: Any, step: _PathNode) -> Any:
        """Copy on write: an object or array is copied only along the paths to a value that changed; the parsed
        page is never modified (another stream may read the same page)."""
        if step.leaf:
            return self._leaf(node, step.path)
        if step.items is not None and isinstance(node, list):
            return [self._rewrite(item, step.items) for item in node]
        if not isinstance(node, dict) and not isinstance(node, Mapping):  # dict first: the ABC check is slow
            return node  # an object the schema expects is something else here: the stream reports shapes
        changed: dict[str, Any] | None = None
        for key, child in step.children:
            old = node.get(key)
            if old is not None:  # null stays null at every depth; most of an issue's date-times are null
                new = self._leaf(old, child.path) if child.leaf else self._rewrite(old, child)
                if new is not old:
                    if changed is None:
                        changed = {}
                    changed[key] = new
        return {**node, **changed} if changed else node

    def _leaf(self, value: Any, path: str) -> Any:
        if value is None:
            return value
        if isinstance(value, str):
            # Jira's compact offset first (most Jira dates): one regex per value, not two. The two forms cannot
            # both match (`+0000` vs `+00:00` or `Z`), so the order changes no result.
            if value[-5:-4] in ("+", "-"):
                compact = _COMPACT_OFFSET.match(value)
                if compact:
                    return f"{compact[1]}{compact[2]}:{compact[3]}"
            if _RFC3339.match(value):
                return value
            self.report(path, "a date-time that is not RFC 3339, kept as sent", value)
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value / 1000 if abs(value) >= _EPOCH_SECONDS_LIMIT else value
            try:
                converted = datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="milliseconds")
            except (OverflowError, OSError, ValueError):
                self.report(path, "a number that is no epoch time, kept as sent", value)
                return value
            self.report(path, "a number (epoch time), written as RFC 3339", value)
            return converted
        self.report(path, f"{type(value).__name__} where a date-time belongs, kept as sent", value)
        return value
