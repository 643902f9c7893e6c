"""Documented operations and the router that finds the path template a concrete path belongs to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote


@dataclass(frozen=True)
class JsonBodyContract:
    """The top-level keys a documented JSON request body may carry.

    `property_names` is None when the schema declares no top-level properties (a map or free-form value), so no
    key can be called undeclared.
    """

    property_names: frozenset[str] | None
    required: bool


@dataclass(frozen=True)
class Operation:
    """One documented method on one path template; `json_body` is None when no JSON request body is documented."""

    method: str
    template: str
    query_names: frozenset[str]
    json_body: JsonBodyContract | None = None

    def with_extra_query_names(self, names: Iterable[str]) -> Operation:
        return Operation(self.method, self.template, self.query_names | frozenset(names), self.json_body)


@dataclass(frozen=True)
class TemplateMatch:
    template: str
    operations: Mapping[str, Operation]  # upper-case method -> operation


# A template segment is its literal text, or None for a `{placeholder}` that stands for one non-empty segment.
_Segments = tuple[str | None, ...]


def split_path(path: str) -> list[str]:
    """`/a/b%20c` -> ["a", "b c"]; percent-decoded so literals compare with what the server routes on."""
    return [unquote(segment) for segment in path.split("?", 1)[0].split("/")[1:]]


class PathRouter:
    """Finds the documented template for a concrete path.

    Among matching templates the one with a literal segment furthest left wins (`/project/search` beats
    `/project/{projectIdOrKey}`): OpenAPI says concrete paths match before templated ones, and JAX-RS (Jira) and
    ASP.NET (Octopus) routers rank literal segments above parameters the same way.
    """

    def __init__(self, operations: Iterable[Operation], case_insensitive: bool) -> None:
        self._case_insensitive = case_insensitive
        by_template: dict[str, dict[str, Operation]] = defaultdict(dict)
        for operation in operations:
            by_template[operation.template][operation.method] = operation
        self._by_length: dict[int, list[tuple[_Segments, TemplateMatch]]] = defaultdict(list)
        for template, methods in by_template.items():
            segments = self._template_segments(template)
            self._by_length[len(segments)].append((segments, TemplateMatch(template, methods)))

    def match(self, path: str) -> TemplateMatch | None:
        concrete = [self._fold(segment) for segment in split_path(path)]
        candidates = [
            (tuple(literal is None for literal in segments), found)
            for segments, found in self._by_length.get(len(concrete), [])
            if all(
                part != "" if literal is None else literal == part
                for literal, part in zip(segments, concrete, strict=False)
            )
        ]
        return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None

    def operation_count(self) -> int:
        return sum(len(found.operations) for entries in self._by_length.values() for _, found in entries)

    def _template_segments(self, template: str) -> _Segments:
        return tuple(
            None if segment.startswith("{") and segment.endswith("}") else self._fold(segment)
            for segment in split_path(template)
        )

    def _fold(self, segment: str) -> str:
        return segment.lower() if self._case_insensitive else segment
