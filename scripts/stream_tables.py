"""The stream tables of the docs page (`docs/integrations/sources/jira-octopus.md`), one per service, between
marker comments:

    <!-- BEGIN generated stream table: jira (...) -->
    | stream | primary key | sync modes | cursor | Cloud | Data Center | partitions | notes |
    | --- | ... |
    | `jira_projects` | ... |
    <!-- END generated stream table: jira -->

The registry decides which rows exist, their order, and the cells it knows (stream, sync modes, cursor; the primary
key unless the hand-written cell names every key field). The other cells (endpoints, partitions, notes) are
hand-written prose kept from the current file by stream name; a new stream's row starts with what the registry says
(its routes, its partitions) and an empty note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scripts.registry_facts import StreamFacts

BEGIN = "<!-- BEGIN generated stream table: {table}"
END = "<!-- END generated stream table: {table} -->"


@dataclass(frozen=True)
class TableLayout:
    table: str  # the marker's name
    prefixes: tuple[str, ...]  # which streams the table lists
    header: tuple[str, ...]
    # cells from the registry: column index -> cell
    generated: Callable[[StreamFacts], dict[int, str]]
    # cells kept from the file, and what a new row starts with
    defaults: Callable[[StreamFacts], dict[int, str]]


def registry_cells(facts: StreamFacts) -> dict[int, str]:
    return {0: f"`{facts.name}`", 2: facts.sync_modes, 3: f"`{facts.cursor}`" if facts.cursor else ""}


def jira_defaults(facts: StreamFacts) -> dict[int, str]:
    return {1: _keys(facts), 4: facts.endpoint, 5: facts.data_center, 6: facts.partitions, 7: ""}


def octopus_defaults(facts: StreamFacts) -> dict[int, str]:
    return {1: _keys(facts), 4: facts.endpoint, 5: facts.partitions, 6: ""}


DOCS_TABLES = (
    TableLayout(
        "jira",
        ("jira_",),
        ("stream", "primary key", "sync modes", "cursor", "Cloud", "Data Center", "partitions", "notes"),
        registry_cells,
        jira_defaults,
    ),
    TableLayout(
        "octopus",
        ("octopus_",),
        ("stream", "primary key", "sync modes", "cursor", "endpoint", "partitions (scope)", "notes"),
        registry_cells,
        octopus_defaults,
    ),
)


def with_tables(text: str, layouts: Sequence[TableLayout], facts: Sequence[StreamFacts]) -> str:
    for layout in layouts:
        text = _with_table(text, layout, [f for f in facts if f.name.startswith(layout.prefixes)])
    return text


def table_rows(text: str, table: str) -> dict[str, list[str]]:
    """The rows of one marked table by stream name (without backticks): its cells, stripped, in column order."""
    start, end = _body(text, table)
    rows = map(_cells, text[start:end].splitlines()[2:])
    return {cells[0].strip("`"): cells for cells in rows}


def _body(text: str, table: str) -> tuple[int, int]:
    begin = text.index(BEGIN.format(table=table))
    body_start = text.index("\n", begin) + 1
    return body_start, text.index(END.format(table=table), body_start)


def _with_table(text: str, layout: TableLayout, facts: Sequence[StreamFacts]) -> str:
    body_start, body_end = _body(text, layout.table)
    kept = table_rows(text, layout.table)
    rows = [_row(layout.header), _row(("---",) * len(layout.header))]
    for stream in facts:
        cells = dict(enumerate(kept.get(stream.name, [])))
        defaults = layout.defaults(stream)
        if cells:
            defaults = {i: cells.get(i, cell) for i, cell in defaults.items()}
            if 1 in defaults and not _names_every_key(defaults[1], stream):
                defaults[1] = _keys(stream)
        merged = {**defaults, **layout.generated(stream)}
        rows.append(_row(tuple(merged[i] for i in range(len(layout.header)))))
    return text[:body_start] + "".join(row + "\n" for row in rows) + text[body_end:]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _row(cells: Sequence[str]) -> str:
    line = "| " + " | ".join(cells) + " |"
    while "|  |" in line:  # an empty cell is written `| |`
        line = line.replace("|  |", "| |")
    return line


def _keys(facts: StreamFacts) -> str:
    return ", ".join(f"`{key}`" for key in facts.primary_key)


def _names_every_key(cell: str, facts: StreamFacts) -> bool:
    named = set(re.findall(r"`([^`]+)`", cell))
    return all(key in named for key in facts.primary_key)
