"""A small JQL subset, parsed and evaluated the way Jira does for the queries the connector sends.

Supported: clauses on ``updated``/``created`` (``= != > >= < <=`` with epoch milliseconds, ``"yyyy-MM-dd
[HH:mm]"`` or ``yyyy/MM/dd`` in UTC, or a relative period like ``-1w``/``-5d``), ``project`` (key, id or name;
``= != in / not in``), ``key``/``issuekey`` and ``id``; ``AND``, ``OR``, ``NOT`` and parentheses; ``ORDER BY``
``id``/``key``/``created``/``updated``/``project`` ``ASC|DESC``. Anything else raises ``JqlError`` (-> 400).
Without ORDER BY the fake orders by ``id DESC`` (newest first); ties always fall back to ``id ASC``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from jira_octopus_sample_api.clock import parse_jira_time, to_epoch_ms

Issue = dict[str, Any]
Predicate = Callable[[Issue], bool]

_TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<op>>=|<=|!=|=|>|<)"""
    r"""|(?P<punct>[(),])|(?P<word>[^\s"'(),=!<>~]+)|(?P<bad>\S))"""
)
_KEYWORDS = {"and", "or", "not", "in", "order", "by", "asc", "desc"}
_DATE_FIELDS = {"updated": "updated", "updateddate": "updated", "created": "created", "createddate": "created"}
_SORT_FIELDS = {
    "id": "id",
    "key": "key",
    "issuekey": "key",
    "created": "created",
    "createddate": "created",
    "updated": "updated",
    "updateddate": "updated",
    "project": "project",
}
_PERIOD = re.compile(r"^([-+]?)((?:\d+[wdhm]\s*)+)$")
_PERIOD_MS = {"w": 604_800_000, "d": 86_400_000, "h": 3_600_000, "m": 60_000}
_DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")
_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


class JqlError(ValueError):
    """The JQL is invalid; the message is Jira's wording."""


class _Descending:
    """Inverts the order of any value, so one tuple key can mix ASC and DESC columns."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Descending) -> bool:
        return other.value < self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.value == other.value


@dataclass(frozen=True)
class JqlQuery:
    text: str
    predicate: Predicate | None
    order_by: tuple[tuple[str, bool], ...]  # (field, descending); always ends with an id column
    created_range: tuple[int, int] = (-(2**62), 2**62)  # [low, high) epoch ms every match lies in

    @property
    def bounded(self) -> bool:
        """Jira Cloud's /search/jql refuses queries without a search restriction."""
        return self.predicate is not None

    @property
    def in_id_order(self) -> bool:
        return self.order_by[0][0] == "id"

    def matches(self, issue: Issue) -> bool:
        return self.predicate is None or self.predicate(issue)

    def sort_values(self, issue: Issue) -> list[Any]:
        """JSON-friendly values of the ORDER BY columns (what a page token remembers)."""
        return [_EXTRACTORS[field](issue) for field, _ in self.order_by]

    def order_key(self, values: list[Any]) -> tuple[Any, ...]:
        """Sortable key from ``sort_values`` output (DESC columns negated or wrapped)."""
        return tuple(
            _orderable(field, desc, value) for value, (field, desc) in zip(values, self.order_by, strict=False)
        )

    @cached_property
    def issue_key(self) -> Callable[[Issue], tuple[Any, ...]]:
        """Sort key of an issue, equal to ``order_key(sort_values(issue))`` but built once per query (speed)."""
        columns = [_column(field, desc) for field, desc in self.order_by]
        if len(columns) == 2:
            first, second = columns
            return lambda issue: (first(issue), second(issue))
        return lambda issue: tuple(column(issue) for column in columns)

    def run(self, issues: list[Issue]) -> list[Issue]:
        """Matching issues in query order; ``issues`` must be in ascending id order."""
        matched = issues if self.predicate is None else [i for i in issues if self.predicate(i)]
        if self.order_by[0] == ("id", False):
            return list(matched)
        if self.order_by[0] == ("id", True):
            return matched[::-1]
        return sorted(matched, key=self.issue_key)


def _key_value(issue: Issue) -> list[Any]:
    project, number = issue["key"].rsplit("-", 1)
    return [project, int(number)]


_EXTRACTORS: dict[str, Callable[[Issue], Any]] = {
    "id": lambda issue: int(issue["id"]),
    "key": _key_value,
    "project": lambda issue: issue["fields"]["project"]["key"],
    "created": lambda issue: parse_jira_time(issue["fields"]["created"]),
    "updated": lambda issue: parse_jira_time(issue["fields"]["updated"]),
}
_NUMERIC = frozenset({"id", "created", "updated"})


def _orderable(field: str, descending: bool, value: Any) -> Any:
    value = tuple(value) if isinstance(value, list) else value
    if not descending:
        return value
    return -value if field in _NUMERIC else _Descending(value)


def _column(field: str, descending: bool) -> Callable[[Issue], Any]:
    extract = _EXTRACTORS[field]
    if field == "key":
        return lambda issue: _orderable("key", descending, extract(issue))
    if not descending:
        return extract
    if field in _NUMERIC:
        return lambda issue: -extract(issue)
    return lambda issue: _Descending(extract(issue))


def parse_jql(text: str, now_ms: int, find_project: Callable[[str], dict[str, Any] | None]) -> JqlQuery:
    parser = _Parser(_tokenize(text or ""), now_ms, find_project)
    return parser.query(text or "")


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup == "bad":
            char = text[position:].strip()[:1]
            raise JqlError(
                f"Error in the JQL Query: The character '{char}' is a reserved JQL character. You must "
                f"enclose it in a string. (line 1, character {position + 1})"
            )
        kind, value = match.lastgroup or "word", match.group(match.lastgroup or "word")
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        tokens.append((kind, value))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over tokens: or-expression, and-expression, not, parentheses, clause."""

    def __init__(
        self, tokens: list[tuple[str, str]], now_ms: int, find_project: Callable[[str], dict[str, Any] | None]
    ) -> None:
        self.tokens, self.index, self.now_ms, self.find_project = tokens, 0, now_ms, find_project

    def query(self, text: str) -> JqlQuery:
        self.depth, self.top_or = 0, False
        self.top_clauses: list[tuple[str, str, int]] = []  # date clauses of the top-level AND chain
        predicate = None if self._at_end() or self._is_keyword("order") else self._or()
        order = self._order_by() if self._is_keyword("order") else [("id", True)]
        if not self._at_end():
            raise JqlError(f"Error in the JQL Query: Expecting either 'OR' or 'AND' but got '{self._peek()[1]}'.")
        if order[-1][0] != "id":
            order.append(("id", False))
        return JqlQuery(text, predicate, tuple(order), self._created_range())

    def _created_range(self) -> tuple[int, int]:
        """Bounds on ``created`` that a top-level AND chain implies (lets the search skip to the window)."""
        low, high = -(2**62), 2**62
        if self.top_or:
            return low, high
        for field, operator, value in self.top_clauses:
            if _DATE_FIELDS.get(field) != "created":
                continue
            if operator in (">=", ">", "="):
                low = max(low, value + (operator == ">"))
            if operator in ("<", "<=", "="):
                high = min(high, value + (operator != "<"))
        return low, high

    # ---- token helpers
    def _at_end(self) -> bool:
        return self.index >= len(self.tokens)

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.index] if not self._at_end() else ("end", "")

    def _next(self) -> tuple[str, str]:
        token = self._peek()
        if token[0] == "end":
            raise JqlError("Error in the JQL Query: The JQL query is incomplete.")
        self.index += 1
        return token

    def _is_keyword(self, word: str) -> bool:
        kind, value = self._peek()
        return kind == "word" and value.lower() == word

    def _expect(self, kind: str, value: str) -> None:
        token = self._next()
        if token[0] != kind or token[1].lower() != value:
            raise JqlError(f"Error in the JQL Query: Expecting '{value}' but got '{token[1]}'.")

    # ---- grammar
    def _or(self) -> Predicate:
        parts = [self._and()]
        while self._is_keyword("or"):
            self.index += 1
            self.top_or = self.top_or or self.depth == 0
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else (lambda issue: any(p(issue) for p in parts))

    def _and(self) -> Predicate:
        parts = [self._factor()]
        while self._is_keyword("and"):
            self.index += 1
            parts.append(self._factor())
        return parts[0] if len(parts) == 1 else (lambda issue: all(p(issue) for p in parts))

    def _factor(self) -> Predicate:
        if self._is_keyword("not") or self._peek() == ("punct", "("):
            self.depth += 1
            try:
                return self._negated_or_grouped()
            finally:
                self.depth -= 1
        return self._clause()

    def _negated_or_grouped(self) -> Predicate:
        if self._is_keyword("not"):
            self.index += 1
            inner = self._factor()
            return lambda issue: not inner(issue)
        self.index += 1
        inner = self._or()
        self._expect("punct", ")")
        return inner

    def _clause(self) -> Predicate:
        kind, field = self._next()
        if kind not in ("word", "string") or field.lower() in _KEYWORDS:
            raise JqlError(f"Error in the JQL Query: Expecting a field name but got '{field}'.")
        operator = self._operator(field)
        values = self._values() if operator in ("in", "not in") else [self._value()]
        if self.depth == 0 and field.lower() in _DATE_FIELDS and operator in _COMPARATORS:
            self.top_clauses.append((field.lower(), operator, self.date_value(field, values[0])))
        return _clause_predicate(field.lower(), operator, values, self)

    def _operator(self, field: str) -> str:
        kind, value = self._next()
        if kind == "op":
            return value
        if kind == "word" and value.lower() == "in":
            return "in"
        if kind == "word" and value.lower() == "not" and self._is_keyword("in"):
            self.index += 1
            return "not in"
        raise JqlError(
            f"Error in the JQL Query: Expecting operator but got '{value}'. The valid operators are "
            f"'=', '!=', '<', '>', '<=', '>=', 'in' and 'not in'."
        )

    def _value(self) -> str:
        kind, value = self._next()
        if kind not in ("word", "string") or (kind == "word" and value.lower() in _KEYWORDS):
            raise JqlError(f"Error in the JQL Query: Expecting either a value, list or function but got '{value}'.")
        return value

    def _values(self) -> list[str]:
        self._expect("punct", "(")
        values = [self._value()]
        while self._peek() == ("punct", ","):
            self.index += 1
            values.append(self._value())
        self._expect("punct", ")")
        return values

    def _order_by(self) -> list[tuple[str, bool]]:
        self._expect("word", "order")
        self._expect("word", "by")
        order = [self._sort_column()]
        while self._peek() == ("punct", ","):
            self.index += 1
            order.append(self._sort_column())
        return order

    def _sort_column(self) -> tuple[str, bool]:
        _, name = self._next()
        field = _SORT_FIELDS.get(name.lower())
        if field is None:
            raise JqlError(f"Not able to sort using field '{name}'.")
        descending = False
        if self._is_keyword("asc") or self._is_keyword("desc"):
            descending = self._next()[1].lower() == "desc"
        return field, descending

    def date_value(self, field: str, raw: str) -> int:
        return _date_value(field, raw, self.now_ms)


def _clause_predicate(field: str, operator: str, values: list[str], parser: _Parser) -> Predicate:
    if field in _DATE_FIELDS:
        return _date_clause(_DATE_FIELDS[field], operator, [parser.date_value(field, v) for v in values])
    if field == "project":
        return _set_clause(operator, {_project_id(v, parser) for v in values}, lambda i: i["fields"]["project"]["id"])
    if field in ("key", "issuekey", "issue"):
        return _set_clause(operator, {v.upper() for v in values}, lambda i: i["key"])
    if field == "id":
        return _id_clause(operator, values)
    raise JqlError(f"Field '{field}' does not exist or you do not have permission to view it.")


def _date_clause(field: str, operator: str, values: list[int]) -> Predicate:
    if operator in ("in", "not in"):
        raise JqlError(f"The operator '{operator}' is not supported by the '{field}' field.")
    compare, bound = _COMPARATORS[operator], values[0]
    return lambda issue: compare(parse_jira_time(issue["fields"][field]), bound)


def _set_clause(operator: str, wanted: set[str], value_of: Callable[[Issue], str]) -> Predicate:
    if operator in ("=", "in"):
        return lambda issue: value_of(issue) in wanted
    if operator in ("!=", "not in"):
        return lambda issue: value_of(issue) not in wanted
    raise JqlError(f"The operator '{operator}' is not supported by this field.")


def _id_clause(operator: str, values: list[str]) -> Predicate:
    if not all(v.isdigit() for v in values):
        raise JqlError(f"The value '{next(v for v in values if not v.isdigit())}' does not exist for the field 'id'.")
    numbers = {int(v) for v in values}
    if operator in ("in", "not in", "=", "!="):
        return _set_clause(operator, {str(n) for n in numbers}, lambda i: i["id"])
    compare, bound = _COMPARATORS[operator], int(values[0])
    return lambda issue: compare(int(issue["id"]), bound)


def _project_id(value: str, parser: _Parser) -> str:
    project = parser.find_project(value)
    if project is None:
        raise JqlError(f"The value '{value}' does not exist for the field 'project'.")
    return project["id"]


def _date_value(field: str, raw: str, now_ms: int) -> int:
    text = raw.strip()
    if text.lstrip("-").isdigit():
        return int(text)  # why: Jira reads a long number as epoch milliseconds (time-zone free)
    period = _PERIOD.match(text)
    if period:
        amount = sum(int(n) * _PERIOD_MS[u] for n, u in re.findall(r"(\d+)([wdhm])", period.group(2)))
        return now_ms - amount if period.group(1) == "-" else now_ms + amount
    for pattern in _DATE_FORMATS:
        try:
            return to_epoch_ms(datetime.strptime(text, pattern).replace(tzinfo=UTC))
        except ValueError:
            continue
    raise JqlError(
        f"Date value '{raw}' for field '{field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', "
        f"'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
    )
