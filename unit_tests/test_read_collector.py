"""The cyclic collector during a read (run.py): start-up's objects frozen, a first-generation threshold sized for
pages of records, both undone afterwards, and a cycle made during the read still collected."""

from __future__ import annotations

import gc
import weakref

from source_jira_octopus.run import READ_COLLECTION_THRESHOLD, collector_sized_for_pages


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_read_runs_with_frozen_start_up_objects_and_a_page_sized_threshold_then_both_are_undone() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with collector_sized_for_pages():
        assert gc.get_threshold() == (READ_COLLECTION_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_cycle_made_during_the_read_is_still_collected() -> None:
    with collector_sized_for_pages():
        cycle = weakref.ref(Node())
        # a page's worth of containers still alive: the first generation's collection runs by itself
        page = [[] for _ in range(READ_COLLECTION_THRESHOLD * 2)]
        assert cycle() is None and len(page) == READ_COLLECTION_THRESHOLD * 2


def test_the_frozen_objects_are_undone_even_when_the_read_fails() -> None:
    before = gc.get_threshold()
    try:
        with collector_sized_for_pages():
            raise SystemExit(1)  # launch's exit after SIGTERM, or any error
    except SystemExit:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
