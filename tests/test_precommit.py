"""newsformat's .pre-commit-hooks.yaml, run through pre-commit on an archive kept in git.

pre-commit installs a hook's repository with pip into an environment of its own: here the
repository is a git copy of this checkout's package, made in a temporary folder, so that
the test runs what is in the working tree, committed or not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, read

ROOT = Path(__file__).parent.parent
LINT = DATA / "lint"
GOOD = "news/2011/11/2/french-author-alexis-jenni-wins-france-s-literary-prix-goncourt-for-his-novel-l-art-francais-de-la-guerre.md"  # noqa: E501  (a real slug)
BAD = "news/2011/11/2/broken.md"


def _git(cwd: Path, *args: str) -> str:
    env = os.environ | {
        "GIT_AUTHOR_NAME": "newsformat tests",
        "GIT_AUTHOR_EMAIL": "tests@example.org",
        "GIT_COMMITTER_NAME": "newsformat tests",
        "GIT_COMMITTER_EMAIL": "tests@example.org",
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """A git repository holding what pip needs to install newsformat, and the hook file."""
    repo = tmp_path / "newsformat"
    shutil.copytree(ROOT / "newsformat", repo / "newsformat", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "newsformat")
    return repo, _git(repo, "rev-parse", "HEAD")


def _archive(tmp_path: Path, repo: Path, rev: str) -> Path:
    """An archive in git with a good page, a broken page and a file of another kind."""
    archive = tmp_path / "archive"
    for name in (GOOD, BAD):
        (archive / name).parent.mkdir(parents=True, exist_ok=True)
        (archive / name).write_text(read(LINT / name), encoding="utf-8")
    (archive / "notes.txt").write_text("Not a page, and not given to the hook.\n", encoding="utf-8")
    (archive / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: newsformat-validate\n",
        encoding="utf-8",
    )
    _git(archive, "init", "-q")
    _git(archive, "add", "-A")
    return archive


def test_hook_runs_through_pre_commit(tmp_path: Path) -> None:
    """pre-commit installs newsformat from its repository and runs `newsformat validate` on the
    archive's pages: a good page passes, a broken one fails the run with its place and code,
    and files of other kinds are not given to it."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    repo, rev = _hook_repository(tmp_path)
    archive = _archive(tmp_path, repo, rev)
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "run", *args]
        return subprocess.run(command, cwd=archive, env=env, capture_output=True, text=True, timeout=600)

    good = run("--files", GOOD)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "newsformat validate" in good.stdout and "Passed" in good.stdout
    everything = run("--all-files")
    assert everything.returncode == 1, everything.stdout + everything.stderr
    assert f"{BAD}:4:6: error NF001: Invalid date '2011-02-30': day is out of range for month [parse-error]" in (
        everything.stdout.splitlines()
    )
    assert "checked 2 files: 1 error" in everything.stdout  # the two pages; notes.txt was not given
    assert "NF004" not in everything.stdout
