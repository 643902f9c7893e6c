"""testkit.cost_report tells a test that waits from one that computes, per phase, in its file and its summary."""

import csv

import pytest

pytest_plugins = ["pytester"]

MODULE = """
import time
import pytest

@pytest.fixture
def slow_setup():
    time.sleep(0.2)

def test_waits():
    time.sleep(0.3)

def test_computes(slow_setup):
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
"""


def test_each_phase_has_its_wall_and_cpu_seconds(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_timed=MODULE)
    result = pytester.runpytest("-p", "testkit.cost_report", "--cost-report=costs.tsv", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    rows = {
        (row["nodeid"].split("::")[1], row["phase"]): (float(row["wall_s"]), float(row["cpu_s"]))
        for row in csv.DictReader((pytester.path / "costs.tsv").open(), delimiter="\t")
    }
    assert len(rows) == 6, "setup, call and teardown of each test"
    wall, cpu = rows[("test_waits", "call")]
    assert wall >= 0.3 and cpu < 0.1, "a sleep is wall time, not CPU"
    wall, cpu = rows[("test_computes", "call")]
    assert cpu >= 0.2 and wall >= cpu * 0.9, "a busy loop is CPU"
    wall, cpu = rows[("test_computes", "setup")]
    assert wall >= 0.2 and cpu < 0.1, "a fixture's wait is the setup's"
    result.stdout.fnmatch_lines(["*most waiting, wall minus CPU*", "*test_timed.py::test_waits*"])
