"""Hypothesis profiles: 'dev' (default, quick, random), 'ci' (more examples, no deadline,
derandomized: the same examples on every run of the same code, so a CI failure reproduces
and a passing change is not failed later by chance; 'dev' runs keep exploring)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=True, print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT.parent / "shared" / "seed"
SCHEMAS_DIR = ROOT.parent / "shared" / "schemas"
SEED_PAGE = SEED_DIR / "page-mali-russie-2023-10-11.txt"


@pytest.fixture
def seed_text() -> str:
    """The sample page of ../shared/seed/; the test is skipped where that folder is absent."""
    if not SEED_PAGE.exists():
        pytest.skip("../shared/seed/ is absent on this machine")
    return SEED_PAGE.read_text(encoding="utf-8")
