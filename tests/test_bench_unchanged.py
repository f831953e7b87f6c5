"""bench/bench_unchanged.py: the CPU of runs that find nothing new, each run and their mean."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_it_times_each_unchanged_run_and_their_mean() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_unchanged.py"),
            "--sites",
            "2",
            "--articles",
            "4",
            "--runs",
            "2",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert re.search(r"^unchanged runs of 2 sites \(2 each\)", done.stdout, re.M)
    assert re.search(r"^now\s+\d+\.\d\d \d+\.\d\d$", done.stdout, re.M)
    assert re.search(r"mean \d+\.\d\d s, median \d+\.\d\d s, peak RSS \d+ MB$", done.stdout, re.M)
