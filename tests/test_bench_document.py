"""bench/bench_document.py: each stage of parsing a response is timed beside its other way."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_it_prints_each_stage_with_both_timings() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_document.py"), "--every", "20", "--rounds", "2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    number = r"\s+\d+\.\d{3}"
    stages = ("NFC, pages with a mark", "mojibake check", "lxml parse", "gzip (level", "breadcrumb search")
    for stage in stages:
        assert re.search(re.escape(stage) + r".*" + number + number + r"$", done.stdout, re.M), stage
    assert re.search(r"Document\.from_bytes, whole" + number + r"$", done.stdout, re.M)
    assert re.match(r"\d+ pages \(\d+ KB mean\), \d+ with a combining mark", done.stdout)
