"""The fast loop skips importing a module only when its top level marks every test slow."""

import pytest

from testkit.slow_modules import declares_every_test_slow, deselects_only_slow_tests


@pytest.mark.parametrize(
    "source, every_test_slow",
    [
        ("import pytest\npytestmark = pytest.mark.slow\n", True),
        ("pytestmark = pytest.mark.slow  # connector processes\n\ndef test_a(): pass\n", True),
        ("pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]\n", True),
        ("pytestmark = (pytest.mark.timeout(900), pytest.mark.slow)\n", True),
        ("pytestmark = [pytest.mark.image_tests, pytest.mark.timeout(1800)]\n", False),
        ("pytestmark = pytest.mark.xdist_group('timing')\n", False),
        ("@pytest.mark.slow\ndef test_a(): pass\n\ndef test_b(): pass\n", False),  # one slow test, not all
        ("def test_a():\n    pytestmark = pytest.mark.slow\n", False),  # not at the top level
        ("# pytestmark = pytest.mark.slow\n", False),
        ("import pytest\n", False),
    ],
)
def test_only_a_top_level_slow_pytestmark_marks_every_test(source, every_test_slow):
    assert declares_every_test_slow(source) is every_test_slow


@pytest.mark.parametrize(
    "markexpr, fast_loop",
    [
        ("not slow", True),
        ("  not   slow ", True),
        ("", False),
        (None, False),
        ("slow", False),
        ("not slow and not image_tests", False),
        ("not slow or image_tests", False),
        ("image_tests", False),
    ],
)
def test_only_the_fast_loops_expression_skips_modules(markexpr, fast_loop):
    assert deselects_only_slow_tests(markexpr) is fast_loop
