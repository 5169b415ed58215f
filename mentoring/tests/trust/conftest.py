"""The fuzz harness's figures (how many inputs it tried) in the summary of every test run,
with or without pytest-xdist: a test records them as a user property of its report."""

import pytest

SUMMARIES: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        SUMMARIES.extend(value for name, value in report.user_properties if name == "fuzz_summary")


def pytest_terminal_summary(terminalreporter) -> None:
    for summary in SUMMARIES:
        terminalreporter.write_line(summary)
