"""bench/bench_wacz.py: packaging from the capture's index lines is timed beside py-wacz reading the WARCs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_it_prints_both_ways_after_checking_they_index_the_same_lines() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_wacz.py"), "--every", "4", "--rounds", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    number = r"\s+\d+\.\d{3}"
    assert re.match(r"\d+ exchanges \(\d+ KB mean page\), \d+\.\d MB of WARC", done.stdout)
    assert re.search(r"^index lines, made while writing" + number + r"\s*$", done.stdout, re.M)
    assert re.search(r"^packaging \(1 rounds, alternated\)" + number + number + r"$", done.stdout, re.M)
    assert re.search(r"^total" + number + number + r"$", done.stdout, re.M)
