"""Shared test settings: the --update-golden switch, the corpus location, the quality gate's log."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected outputs of golden fixtures from the current code (review the diff!)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


#: Lines the quality gate logs; pytest captures test output, so they are printed in the summary.
GATE_REPORT = pytest.StashKey[list[str]]()


@pytest.fixture
def gate_report(request: pytest.FixtureRequest) -> list[str]:
    return request.config.stash.setdefault(GATE_REPORT, [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    lines = config.stash.get(GATE_REPORT, [])
    if lines:
        terminalreporter.write_sep("-", "newsclean quality gate")
        for line in lines:
            terminalreporter.write_line(line)
