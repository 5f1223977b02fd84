"""Fixtures shared by every stage's tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from kiemsat.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh data directory, with politeness delays off."""
    return Settings(data_dir=tmp_path / "data", download_delay=0.0, autothrottle=False)


@pytest.fixture
def store(settings: Settings):
    with Store.open(settings) as s:
        yield s


@pytest.fixture
def run_cli(settings: Settings):
    """Run ``python -m kiemsat ARGS`` in a subprocess against the test's data directory."""

    def run(
        *args: str,
        env: dict[str, str] | None = None,
        timeout: float = 300,
        input: str | None = None,
    ):
        full_env = os.environ.copy()
        full_env["KIEMSAT_DATA_DIR"] = str(settings.data_dir)
        full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
        if env:
            full_env.update(env)
        return subprocess.run(
            [sys.executable, "-m", "kiemsat", *args],
            cwd=ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
        )

    return run
