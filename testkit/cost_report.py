"""A pytest plugin that measures what each test costs: wall time against CPU time, per phase (setup, call,
teardown), so a slow test shows whether it computes or waits (sleeps, backoff, timeouts, server start-ups).

    .venv/bin/python -m pytest -p testkit.cost_report --cost-report=costs.tsv -n 2 -m "not slow"

CPU is the worker process's own (every thread: the fake API serves from threads of the same process) plus the CPU
of the child processes it waited for in that phase. Under xdist each worker measures its tests and the numbers travel
to the controller in the reports, which writes one row per test phase and prints the largest items: by CPU, by
waiting (wall minus CPU), by module, and when each worker finished (the xdist tail).
"""

from __future__ import annotations

import resource
import time
from collections import defaultdict
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

import pytest

_CPU_KEY = "cost_report_cpu_s"
_PHASE_CPU = pytest.StashKey[dict[str, float]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--cost-report", metavar="FILE", help="write each test phase's wall and CPU seconds to FILE")


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _measured(item: pytest.Item, phase: str) -> Generator[None, None, None]:
    started = _cpu_seconds()
    yield
    item.stash.setdefault(_PHASE_CPU, {})[phase] = _cpu_seconds() - started


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    yield from _measured(item, "setup")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    yield from _measured(item, "call")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    yield from _measured(item, "teardown")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, object, object]:
    report = yield
    cpu = item.stash.get(_PHASE_CPU, {}).get(call.when)
    if cpu is not None and isinstance(report, pytest.TestReport):
        report.user_properties = [*report.user_properties, (_CPU_KEY, cpu)]
    return report


@dataclass(frozen=True)
class PhaseCost:
    nodeid: str
    phase: str
    worker: str
    start: float
    wall: float
    cpu: float

    @property
    def module(self) -> str:
        return self.nodeid.split("::", 1)[0]


class CostCollector:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: list[PhaseCost] = []
        self.session_started = time.time()
        self.collected: dict[str, float] = {}  # worker -> when its collection reached the controller

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        self.collected[str(getattr(getattr(node, "gateway", None), "id", "?"))] = time.time()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        cpu = dict(report.user_properties).get(_CPU_KEY)
        if not isinstance(cpu, float):
            return
        node = getattr(report, "node", None)
        worker = str(getattr(getattr(node, "gateway", None), "id", "main"))
        self.rows.append(PhaseCost(report.nodeid, report.when, worker, report.start, report.duration, cpu))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.rows:
            return
        self.path.write_text(
            "nodeid\tphase\tworker\tstart\twall_s\tcpu_s\n"
            + "".join(
                f"{r.nodeid}\t{r.phase}\t{r.worker}\t{r.start:.3f}\t{r.wall:.4f}\t{r.cpu:.4f}\n" for r in self.rows
            )
        )
        write = terminalreporter.write_line
        terminalreporter.section("test costs (testkit.cost_report)")
        wall, cpu = sum(r.wall for r in self.rows), sum(r.cpu for r in self.rows)
        write(f"{len(self.rows)} phases: {wall:.1f} s wall in tests, {cpu:.1f} s CPU; rows in {self.path}")
        _top(write, "most CPU (test phases)", sorted(self.rows, key=lambda r: -r.cpu))
        _top(write, "most waiting, wall minus CPU (test phases)", sorted(self.rows, key=lambda r: r.cpu - r.wall))
        by_module: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for row in self.rows:
            by_module[row.module][0] += row.wall
            by_module[row.module][1] += row.cpu
        write("-- modules by wall (wall s, CPU s)")
        for module, (module_wall, module_cpu) in sorted(by_module.items(), key=lambda kv: -kv[1][0])[:25]:
            write(f"{module_wall:8.2f} {module_cpu:8.2f}  {module}")
        first, begun = min(r.start for r in self.rows), self.session_started
        write("-- session: s after the plugin was configured")
        for worker, when in sorted(self.collected.items()):
            write(f"{when - begun:8.2f}  {worker} collected")
        write(f"{first - begun:8.2f}  the first test began")
        write(f"{max(r.start + r.wall for r in self.rows) - begun:8.2f}  the last test ended")
        write(f"{time.time() - begun:8.2f}  summary")
        write("-- workers (busy wall s, CPU s, last test ended at s after the first began)")
        for worker in sorted({r.worker for r in self.rows}):
            mine = [r for r in self.rows if r.worker == worker]
            ended = max(r.start + r.wall for r in mine) - first
            write(f"{worker}: {sum(r.wall for r in mine):8.2f} {sum(r.cpu for r in mine):8.2f} {ended:8.2f}")


def _top(write: Callable[[str], None], title: str, rows: list[PhaseCost], count: int = 40) -> None:
    write(f"-- {title}: wall s, CPU s")
    for row in rows[:count]:
        write(f"{row.wall:8.2f} {row.cpu:8.2f}  {row.phase:8} {row.worker:4} {row.nodeid}")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--cost-report")
    if path and not hasattr(config, "workerinput"):  # the controller (or a run without xdist) collects
        config.pluginmanager.register(CostCollector(Path(path)), "cost_report_collector")
