"""Shared test set-up: Hypothesis profiles and the paths of the fixtures and the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "ci" is the default; NEWSFORMAT_HYPOTHESIS=fast for quick local runs, =long for soak runs.
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fast", max_examples=25, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("NEWSFORMAT_HYPOTHESIS", "ci"))

DATA = Path(__file__).parent / "data"
CORPUS = Path(__file__).parent.parent.parent / "shared" / "corpus"
SEED = Path(__file__).parent.parent.parent / "shared" / "seed"


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture
def seed_text() -> str:
    return read(DATA / "valid" / "en-event-current-seed.md")
