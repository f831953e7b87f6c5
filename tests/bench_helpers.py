"""Run a bench/ script as its users do (a subprocess), for the tests that check what it prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_bench(script: str, *args: str, timeout: float = 120, env: dict[str, str] | None = None) -> str:
    """What ``python bench/<script> ARGS`` prints (CalledProcessError if it fails), in ``env`` if given."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
        env=env,
    )
    return done.stdout
