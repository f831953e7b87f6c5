"""bench/bench_wacz.py: packaging from the capture's index lines is timed beside py-wacz reading the WARCs."""

from __future__ import annotations

import re

from tests.bench_helpers import run_bench


def test_it_prints_both_ways_after_checking_they_index_the_same_lines() -> None:
    stdout = run_bench("bench_wacz.py", "--every", "4", "--rounds", "1")
    number = r"\s+\d+\.\d{3}"
    assert re.match(r"\d+ exchanges \(\d+ KB mean page\), \d+\.\d MB of WARC", stdout)
    assert re.search(r"^index lines, made while writing" + number + r"\s*$", stdout, re.M)
    assert re.search(r"^packaging \(1 rounds, alternated\)" + number + number + r"$", stdout, re.M)
    assert re.search(r"^total" + number + number + r"$", stdout, re.M)
