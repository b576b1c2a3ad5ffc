"""The code stays as clean as it is: ruff's lint and format checks and mypy --strict pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
TREES = ["newsformat", "tests", "fuzz", "benchmarks"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_and_format() -> None:
    """ruff (from the test extra, run by this Python: never skipped for want of a PATH entry)."""
    lint = _run(sys.executable, "-m", "ruff", "check", *TREES)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run(sys.executable, "-m", "ruff", "format", "--check", *TREES)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_strict() -> None:
    """mypy --strict over the package, as configured in pyproject.toml."""
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr
