"""bench/bench_unchanged.py: the CPU of runs that find nothing new, each run and their mean."""

from __future__ import annotations

import re

from tests.bench_helpers import run_bench


def test_it_times_each_unchanged_run_and_their_mean() -> None:
    stdout = run_bench("bench_unchanged.py", "--sites", "2", "--articles", "4", "--runs", "2", timeout=300)
    assert re.search(r"^unchanged runs of 2 sites \(2 each\)", stdout, re.M)
    assert re.search(r"^now\s+\d+\.\d\d \d+\.\d\d$", stdout, re.M)
    assert re.search(r"mean \d+\.\d\d s, median \d+\.\d\d s, peak RSS \d+ MB$", stdout, re.M)
