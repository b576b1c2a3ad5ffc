"""The code stays as clean as it is: ruff's lint and format checks and mypy --strict pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TREES = ["newsformat", "tests", "fuzz", "benchmarks"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_lint_and_format() -> None:
    lint = _run("ruff", "check", *TREES)
    assert lint.returncode == 0, lint.stdout
    fmt = _run("ruff", "format", "--check", *TREES)
    assert fmt.returncode == 0, fmt.stdout


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout
