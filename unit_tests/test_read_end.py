"""ReadEnd (jira/issue_fetch.py): a child stream's "the read is over" signal under the concurrent engine, which lists
partitions on one thread and reads them on others, in any interleaving."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from source_jira_octopus.jira.issue_fetch import ReadEnd


def ender() -> tuple[ReadEnd, list[str]]:
    ended: list[str] = []
    return ReadEnd(lambda: ended.append("end")), ended


def test_it_ends_when_the_last_partition_is_read_after_the_listing():
    read_end, ended = ender()
    assert len(list(read_end.listing([{"partition": "a"}, {"partition": "b"}]))) == 2
    list(read_end.reading(iter([1, 2])))
    assert ended == []
    list(read_end.reading(iter([3])))
    assert ended == ["end"]


def test_it_ends_when_the_listing_ends_after_every_partition_was_read():
    read_end, ended = ender()
    listing = read_end.listing([{"partition": "a"}, {"partition": "b"}])
    for _ in listing.__iter__():
        list(read_end.reading(iter([1])))  # each partition read before the next is listed
        assert ended == []
    assert ended == ["end"]


def test_an_empty_read_ends_at_once_and_a_failed_partition_still_counts():
    read_end, ended = ender()
    assert list(read_end.listing([])) == [] and ended == ["end"]

    read_end, ended = ender()
    list(read_end.listing([{"partition": "a"}]))

    def failing():
        yield 1
        raise RuntimeError("the stream fails; the warning about skipped issues is still due")

    with pytest.raises(RuntimeError):
        list(read_end.reading(failing()))
    assert ended == ["end"]


def test_it_ends_once_when_threads_read_partitions_while_more_are_listed():
    for _ in range(20):
        read_end, ended = ender()
        with ThreadPoolExecutor(8) as pool:
            reads = [
                pool.submit(list, read_end.reading(iter([partition])))
                for partition in read_end.listing([{"partition": str(n)} for n in range(50)])
            ]
            assert all(len(read.result()) == 1 for read in reads)
        assert ended == ["end"]
