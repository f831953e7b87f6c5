"""bench/bench_document.py: each stage of parsing a response is timed beside its other way."""

from __future__ import annotations

import re

from tests.bench_helpers import run_bench


def test_it_prints_each_stage_with_both_timings() -> None:
    stdout = run_bench("bench_document.py", "--every", "20", "--rounds", "2")
    number = r"\s+\d+\.\d{3}"
    stages = ("NFC, pages with a mark", "mojibake check", "lxml parse", "gzip (level", "breadcrumb search")
    for stage in stages:
        assert re.search(re.escape(stage) + r".*" + number + number + r"$", stdout, re.M), stage
    assert re.search(r"Document\.from_bytes, whole" + number + r"$", stdout, re.M)
    assert re.match(r"\d+ pages \(\d+ KB mean\), \d+ with a combining mark", stdout)
